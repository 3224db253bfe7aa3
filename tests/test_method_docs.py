"""docs/method.md states every setting with its default, every signal, dimension and stage."""

from __future__ import annotations

import re

import pytest

from analytics.method.continuum import DIMENSIONS, STAGES
from analytics.method.signals import SIGNALS
from analytics.settings import METHOD_DOC, REGISTRY

DOC = METHOD_DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", REGISTRY, ids=lambda s: s.key)
def test_every_setting_is_documented_with_its_default(setting):
    assert re.search(rf"^\| `{setting.key}` \| {setting.default:g} \|", DOC, re.MULTILINE), setting.key


@pytest.mark.parametrize("setting", REGISTRY, ids=lambda s: s.key)
def test_every_setting_is_used_by_a_formula_in_the_text(setting):
    """Besides its row in a table of defaults, each setting is named in a formula or rule."""
    assert DOC.count(setting.key) >= 2, setting.key


def test_every_signal_dimension_and_stage_is_documented():
    for signal_id, _ in SIGNALS:
        assert f"| `{signal_id}` |" in DOC
    for dimension_id, label in DIMENSIONS:
        assert f"## {label}" in DOC, dimension_id
    for stage_id, label in STAGES:
        assert f"| `{stage_id}` | {label} |" in DOC


def test_the_score_command_is_documented():
    assert "python -m analytics score --db PATH [--quarter 2025Q4] [--client ID] [--format table|csv|json]" in DOC

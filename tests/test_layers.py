"""The layers of the code hold: `lint-imports` checks the contracts in pyproject.toml
([tool.importlinter]) on the real tree, and each contract breaks on an import planted
in a copy of the tree, so none of them is a check that cannot fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = 4


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """lint-imports run in `root`, on the packages found there, with no cache."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; lint_imports_command()",
         "--no-cache", "--no-logo"],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )


def test_every_contract_is_kept_on_the_tree():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("analytics/quarters.py", "import streamlit", "analytics never imports Streamlit"),
        ("analytics/method/value.py", "import ui.theme", "analytics never imports Streamlit"),
        ("ui/theme.py", "import duckdb", "pages and ui never import duckdb"),
        ("pages/method.py", "import duckdb", "pages and ui never import duckdb"),
        ("analytics/method/value.py", "import analytics.review.store", "the parts of analytics are layers"),
        ("analytics/ingest/kinds.py", "import analytics.method.continuum", "the parts of analytics are layers"),
        ("analytics/settings.py", "import analytics.db", "the parts of analytics are layers"),
        ("analytics/ingest/errors.py", "import analytics.ingest.kinds", "no import cycles"),
        ("analytics/cli/common.py", "import analytics.cli.main", "no import cycles"),
    ],
)
def test_a_planted_import_breaks_its_contract(tmp_path, module, planted, contract):
    for part in ("analytics", "ui", "pages"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{planted}  # noqa\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert verdict(result.stdout, contract) == "BROKEN", result.stdout


def verdict(report: str, contract: str) -> str:
    """KEPT or BROKEN: the word after the contract's name in the report's summary."""
    text = " ".join(report.split())
    summary = text[text.index("dependencies."):]
    after = summary[summary.index(contract) + len(contract):]
    return min(("KEPT", "BROKEN"), key=lambda word: after.find(word) if word in after else len(after))


def test_the_readme_layout_names_every_part_of_analytics():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("## Layout"):].split("```")[1]
    listed = {line.split()[0] for line in block.splitlines() if line.startswith("  ") and line[2] != " "}
    parts = {f"{p.name}/" for p in (ROOT / "analytics").iterdir() if (p / "__init__.py").exists()} - {"migrations/"}
    parts |= {p.name for p in (ROOT / "analytics").glob("*.py") if not p.name.startswith("__")}
    assert parts == listed

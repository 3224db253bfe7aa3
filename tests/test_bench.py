"""The benchmark runs at a tiny size and ends with its machine-readable line (never timed);
the activity import and re-tagging parts store what they should."""

from __future__ import annotations

import json
import re
import subprocess
import sys


def test_bench_runs_at_a_tiny_size_and_prints_its_last_line(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "bench", "--clients", "20", "--quarters", "4",
         "--runs", "1", "--import-rows", "500", "--activity-rows", "0", "--retag-rows", "0", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"score_vs_scan=\d+\.\d\d import_vs_read_csv=\d+\.\d\d slowest_page_warm_s=\d+\.\d{3} peak_rss_mb=\d+ "
        r"score_tags_vs_scan=\d+\.\d\d score_tags_vs_no_tags=\d+\.\d\d",
        last,
    ), last
    figures = json.loads(out.read_text())
    assert figures["last_line"] == last
    assert set(figures["timings"]) >= {
        "build portfolio", "scoring", "bare scan", "read_csv", "import",
        "page Portfolio cold", "page Portfolio warm", "page Client warm", "page Signals warm",
        "page Review warm",
    }
    assert figures["rows"]["interactions"] > 0


def test_bench_times_the_activity_import_with_and_without_inference_and_re_tagging(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "bench", "--clients", "15", "--quarters", "4", "--runs", "1",
         "--import-rows", "200", "--activity-rows", "2000", "--retag-rows", "2000", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"score_vs_scan=\d+\.\d\d import_vs_read_csv=\d+\.\d\d slowest_page_warm_s=\d+\.\d{3} peak_rss_mb=\d+ "
        r"score_tags_vs_scan=\d+\.\d\d score_tags_vs_no_tags=\d+\.\d\d activity_import_vs_read_csv=\d+\.\d\d "
        r"activity_plain_vs_read_csv=\d+\.\d\d retag_s=\d+\.\d\d retag_vs_scan=\d+",
        last,
    ), last
    figures = json.loads(out.read_text())
    assert set(figures["timings"]) >= {
        "scoring, inferred tags stored", "bare scan, inferred tags stored", "scoring, no inferred tags",
        "bare scan, no inferred tags", "activity read_csv",
        "activity import", "activity import, no inference", "notes scan", "re-tag", "re-tag, inference only",
    }
    assert all(t["runs"] and t["median"] > 0 for t in figures["timings"].values())
    assert figures["activity_rows"] == 2000 and figures["retag_rows"] == 2000
    inferred, plain = figures["activity"]["inference"], figures["activity"]["no inference"]
    assert inferred["preset"] == "hubspot"
    # the same touches load either way: a few activities without a company are skipped,
    # a few bad dates rejected
    assert inferred["loaded"] == plain["loaded"] == inferred["touches"] == plain["touches"]
    assert inferred["skipped"] > 0 and inferred["rejected"] > 0
    assert inferred["loaded"] + inferred["skipped"] + inferred["rejected"] == 2000
    # a fraction of the notes is tagged, each inferred tag with its provenance row; the
    # import without inference stores none
    assert 0.15 * inferred["touches"] < inferred["tagged_touches"] < 0.6 * inferred["touches"]
    assert inferred["inferred_tag_rows"] >= inferred["tagged_touches"]
    assert plain["tagged_touches"] == 0 and plain["inferred_tag_rows"] == 0
    retag = figures["retag"]
    assert retag["touches"] == 2000 and retag["first_pass_changed"] > 0
    assert 0 < retag["tagged_touches"] <= retag["inferred_tag_rows"] + retag["touches"] // 50
    assert retag["changed_per_run"] and all(n > 0 for n in retag["changed_per_run"])


def test_bench_refuses_a_size_too_small_to_hold_the_stories(capsys):
    from analytics.cli.main import main

    assert main(["bench", "--clients", "3"]) == 1
    assert "bench needs --clients >= 15" in capsys.readouterr().err

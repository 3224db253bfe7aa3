"""The benchmark runs at a tiny size and ends with its machine-readable line (never timed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys


def test_bench_runs_at_a_tiny_size_and_prints_its_last_line(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, "-m", "analytics", "bench", "--clients", "20", "--quarters", "4",
         "--runs", "1", "--import-rows", "500", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    last = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"score_vs_scan=\d+\.\d\d import_vs_read_csv=\d+\.\d\d slowest_page_warm_s=\d+\.\d{3} peak_rss_mb=\d+",
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


def test_bench_refuses_a_size_too_small_to_hold_the_stories(capsys):
    from analytics.cli.main import main

    assert main(["bench", "--clients", "3"]) == 1
    assert "bench needs --clients >= 15" in capsys.readouterr().err

"""The benchmark: how Continuum behaves at portfolio scale, measured, never guessed.

`run_bench` builds a synthetic portfolio with the demo generator in a temporary
database, then times (each the median of several runs after a warm-up):
- the build itself;
- full scoring of every client and quarter, next to a bare DuckDB scan of the same
  tables grouped by client and quarter (the lower bound of any scoring);
- the data behind each page for the latest quarter, cold (the data just changed, so
  the method runs) and warm (the method's results are computed and shared);
- the import of a deals CSV next to DuckDB's own read_csv on the same file;
- scoring and the bare scan again, with the portfolio holding what an import with tag
  inference stores (the notes and an interaction_tags row per tag) and without,
  alternated;
- the import of a HubSpot calls export (activity_speed) with tag inference, without
  it, and DuckDB's read_csv of the same file;
- re-tagging the touches of a database holding `retag_rows` of them, next to a plain
  scan of their notes;
- the process's peak memory.
Its last line is machine-readable: score_vs_scan=… import_vs_read_csv=…
slowest_page_warm_s=… peak_rss_mb=… score_tags_vs_scan=… score_tags_vs_no_tags=…, then,
for the parts run, activity_import_vs_read_csv=… activity_plain_vs_read_csv=… retag_s=… retag_vs_scan=…
"""

from __future__ import annotations

import datetime as dt
import json
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

from analytics.bench.activity_speed import (
    all_notes,
    bench_activity_import,
    bench_retag,
    write_activity_csv,
    write_touches_db,
)
from analytics.bench.import_speed import write_deals_csv
from analytics.db import Database, open_database, open_memory
from analytics.demo import build_demo, planted_stories
from analytics.method import client_profile as cp
from analytics.method.continuum import compute, contributions, score_history, score_quarters
from analytics.method.data_quarters import quarters_with_data
from analytics.method.portfolio import portfolio_view, review_status
from analytics.method.signals import signal_evidence, signal_history, signals_for_quarter
from analytics.method.value import client_value
from analytics.quarters import shift_quarter
from analytics.review.evidence import due_for_review, review_evidence
from analytics.review.store import follow_up_actions, is_quarter_closed
from analytics.review.strategy import contact_plan_check, stakeholder_map
from analytics.settings import load_settings
from analytics.sql_files import sql_reader

sql = sql_reader(__package__)


@dataclass
class Timing:
    name: str
    runs: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")


@dataclass
class BenchReport:
    clients: int
    quarters: int
    rows: dict[str, int]
    timings: dict[str, Timing]
    import_rows: int
    peak_rss_mb: float
    peak_rss_mb_all: float = 0.0  # with the activity import and re-tagging parts
    activity_rows: int = 0
    retag_rows: int = 0
    # what the activity imports stored ("inference", "no inference": touches,
    # tagged_touches, inferred_tag_rows, loaded, skipped, rejected) and what re-tagging did
    activity: dict = field(default_factory=dict)
    retag: dict = field(default_factory=dict)

    def ratio(self, numerator: str, denominator: str) -> float:
        return self.timings[numerator].median / self.timings[denominator].median

    def slowest_page_warm(self) -> float:
        return max(t.median for name, t in self.timings.items() if name.startswith("page ") and "warm" in name)

    def last_line(self) -> str:
        line = (
            f"score_vs_scan={self.ratio('scoring', 'bare scan'):.2f} "
            f"import_vs_read_csv={self.ratio('import', 'read_csv'):.2f} "
            f"slowest_page_warm_s={self.slowest_page_warm():.3f} "
            f"peak_rss_mb={self.peak_rss_mb:.0f}"
        )
        if "scoring, inferred tags stored" in self.timings:
            line += (
                f" score_tags_vs_scan={self.ratio('scoring, inferred tags stored', 'bare scan, inferred tags stored'):.2f}"
                f" score_tags_vs_no_tags={self.ratio('scoring, inferred tags stored', 'scoring, no inferred tags'):.2f}"
            )
        if "activity import" in self.timings:
            line += (f" activity_import_vs_read_csv={self.ratio('activity import', 'activity read_csv'):.2f}"
                     f" activity_plain_vs_read_csv="
                     f"{self.ratio('activity import, no inference', 'activity read_csv'):.2f}")
        if "re-tag" in self.timings:
            line += (f" retag_s={self.timings['re-tag'].median:.2f}"
                     f" retag_vs_scan={self.ratio('re-tag', 'notes scan'):.0f}")
        return line

    def table(self) -> str:
        lines = [
            f"Portfolio: {self.clients:,} clients, {self.quarters} quarters, "
            + ", ".join(f"{v:,} {k}" for k, v in self.rows.items()),
            f"{'measure':<34} {'median s':>9} {'runs':>5}   all runs (s)",
        ]
        for t in self.timings.values():
            runs = " ".join(f"{r:.3f}" for r in t.runs)
            lines.append(f"{t.name:<34} {t.median:>9.3f} {len(t.runs):>5}   {runs}")
        lines.append(f"import file: {self.import_rows:,} deal rows; peak RSS {self.peak_rss_mb:,.0f} MB "
                     f"({self.peak_rss_mb_all:,.0f} MB with the activity parts)")
        if self.activity:
            inferred, plain = self.activity["inference"], self.activity["no inference"]
            lines.append(
                f"activity file: {self.activity_rows:,} HubSpot calls; with inference {inferred['loaded']:,} "
                f"loaded, {inferred['tagged_touches']:,} tagged, {inferred['inferred_tag_rows']:,} inferred tags; "
                f"without {plain['inferred_tag_rows']:,} inferred tags"
            )
        if self.retag:
            lines.append(
                f"re-tagged: {self.retag_rows:,} stored touches, {self.retag['tagged_touches']:,} tagged, "
                f"{self.retag['inferred_tag_rows']:,} inferred tags; touches changed per timed pass "
                + ", ".join(f"{n:,}" for n in self.retag["changed_per_run"])
            )
        return "\n".join(lines)

    def to_json(self) -> str:
        data = asdict(self)
        data["timings"] = {k: {"runs": v.runs, "median": v.median} for k, v in self.timings.items()}
        data["last_line"] = self.last_line()
        return json.dumps(data, indent=2)


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _measure(timing: Timing, fn: Callable[[], object], runs: int, warmup: bool = True) -> Timing:
    if warmup:
        fn()
    timing.runs.extend(_time(fn) for _ in range(runs))
    return timing


def forget_method_results(con: duckdb.DuckDBPyConnection) -> None:
    """Make the next method call compute from scratch, as after an import."""
    con.execute("attach if not exists ':memory:' as method_cache")
    con.execute("drop table if exists method_cache.main.method_stamp")


def scoring(con: duckdb.DuckDBPyConnection) -> None:
    """Full scoring of every client and quarter (the method's every step)."""
    forget_method_results(con)
    compute(con)


def bare_scan(con: duckdb.DuckDBPyConnection) -> None:
    """The same raw tables read once and grouped by client and quarter, no logic."""
    con.execute(f"create or replace temp table bench_bare_scan as {sql('bare_scan')}")  # noqa: S608


# ---------------------------------------------------------------- page data
# Each function asks what its page asks, through the same analytics functions.


def portfolio_page(con: duckdb.DuckDBPyConnection, quarter: str, client_id: str) -> None:
    load_settings(con)
    view = portfolio_view(con, quarter, dt.date.today())
    assert len(view)


def client_page(con: duckdb.DuckDBPyConnection, quarter: str, client_id: str) -> None:
    cp.client_card(con, client_id)
    score_history(con, client_id)
    contributions(con, quarter, client_id)
    fired = signals_for_quarter(con, quarter, client_id)
    for signal_id in fired["signal_id"]:
        signal_evidence(con, signal_id, client_id, quarter)
    cp.client_contacts(con, client_id, quarter)
    cp.touches_by_level(con, client_id, quarter)
    cp.delt_by_quarter(con, client_id, quarter)
    cp.value_by_quarter(con, client_id, quarter)
    cp.cost_by_category(con, client_id, quarter)
    cp.interaction_timeline(con, client_id, quarter, (), ())
    cp.client_reviews(con, client_id, as_of=dt.date.today())
    cp.client_actions(con, client_id, as_of=dt.date.today())


def signals_page(con: duckdb.DuckDBPyConnection, quarter: str, client_id: str) -> None:
    signals_for_quarter(con, quarter)
    signal_history(con)
    quarters_with_data(con)
    client_value(con, quarter)
    review_status(con, dt.date.today())
    score_quarters(con, (shift_quarter(quarter, -1), quarter))


def review_page(con: duckdb.DuckDBPyConnection, quarter: str, client_id: str) -> None:
    due_for_review(con, quarter)
    review_evidence(con, client_id, quarter)
    is_quarter_closed(con, quarter)
    follow_up_actions(con, client_id, quarter)
    contact_plan_check(con, client_id, quarter)
    stakeholder_map(con, client_id, quarter)


PAGES: dict[str, Callable[[duckdb.DuckDBPyConnection, str, str], None]] = {
    "Portfolio": portfolio_page,
    "Client": client_page,
    "Signals": signals_page,
    "Review": review_page,
}


def store_inferred_tags(db: Database, stored: bool = True) -> None:
    """Make the portfolio hold what an import with tag inference stores: a note on two
    touches in three and an interaction_tags row (rule and matched words) for every tag
    of every touch, as if each had been inferred; or, not `stored`, neither (as the demo
    builds it). The tag lists the method reads stay as they are."""
    with db.write() as cur:
        cur.execute("delete from interaction_tags")
        cur.execute("update interactions set notes = null where notes is not null")
        if not stored:
            return
        cur.execute(
            "update interactions set notes = $notes[1 + (hash(interaction_id) % len($notes))::int] "
            "where hash(interaction_id, 4) % 3 <> 0",
            {"notes": all_notes()},
        )
        cur.execute(
            """
            insert into interaction_tags (interaction_id, tag, rule_name, matched, batch_id)
            select interaction_id, unnest(list_distinct(tags)), 'bench rule', 'bench words', batch_id
            from interactions
            where len(tags) > 0
            """
        )


def _scoring_vs_scan(con: duckdb.DuckDBPyConnection, runs: int, suffix: str = "") -> tuple[Timing, Timing]:
    score_t, scan_t = Timing("scoring" + suffix), Timing("bare scan" + suffix)
    scoring(con)
    bare_scan(con)
    for _ in range(runs):  # alternate, so both see the same machine
        scan_t.runs.append(_time(lambda: bare_scan(con)))
        score_t.runs.append(_time(lambda: scoring(con)))
    return score_t, scan_t


def _scoring_with_and_without_tags(db: Database, con: duckdb.DuckDBPyConnection, runs: int,
                                   progress: Callable[[str], None]) -> dict[str, Timing]:
    """Scoring and the bare scan with the inferred tags stored and without, the two
    states alternated run by run (the order swapped every run), so that both see the
    same machine."""
    out: dict[str, Timing] = {}
    for run in range(runs):
        for stored in (True, False) if run % 2 == 0 else (False, True):
            suffix = ", inferred tags stored" if stored else ", no inferred tags"
            progress(f"scoring{suffix} ({run + 1}/{runs})")
            store_inferred_tags(db, stored)
            bare_scan(con)  # the changed columns read once before the timed runs
            scan_t = out.setdefault("bare scan" + suffix, Timing("bare scan" + suffix))
            score_t = out.setdefault("scoring" + suffix, Timing("scoring" + suffix))
            scan_t.runs.append(_time(lambda: bare_scan(con)))
            score_t.runs.append(_time(lambda: scoring(con)))
    return out


def _rows(db: Database) -> dict[str, int]:
    cur = db.cursor()
    tables = ("interactions", "deals", "contacts", "feedback", "service_costs")
    return {t: cur.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}  # noqa: S608


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_bench(
    clients: int = 10_000,
    quarters: int = 12,
    runs: int = 3,
    import_rows: int = 1_000_000,
    activity_rows: int = 1_000_000,
    retag_rows: int = 5_000_000,
    seed: int = 7,
    workdir: str | Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> BenchReport:
    """Build a portfolio of `clients` and time everything the issues name; see the module doc.
    activity_rows or retag_rows 0 leaves that part out."""
    timings: dict[str, Timing] = {}
    with tempfile.TemporaryDirectory(dir=workdir, prefix="continuum-bench-") as tmp:
        build = timings.setdefault("build portfolio", Timing("build portfolio"))
        path = Path(tmp) / "bench.duckdb"
        for run in range(runs):
            progress(f"building {clients:,} clients ({run + 1}/{runs})")
            for stale in Path(tmp).glob("bench.duckdb*"):
                stale.unlink()
            db = open_database(path)
            build.runs.append(_time(lambda db=db: build_demo(db, clients=clients, quarters=quarters, seed=seed)))
            if run < runs - 1:
                db.close()
        rows = _rows(db)
        con = db.cursor()
        quarter = quarters_with_data(con)[-1]
        story = planted_stories(clients)
        client_id = (story.get("access_decline") or story.get("partnership") or ["C00001"])[0]

        progress("scoring vs bare scan")
        timings["scoring"], timings["bare scan"] = _scoring_vs_scan(con, runs)

        for page, fn in PAGES.items():
            progress(f"page data: {page}")
            cold = timings.setdefault(f"page {page} cold", Timing(f"page {page} cold"))
            for _ in range(runs):
                forget_method_results(con)
                cold.runs.append(_time(lambda fn=fn: fn(con, quarter, client_id)))
            warm = Timing(f"page {page} warm")
            timings[warm.name] = _measure(warm, lambda fn=fn: fn(con, quarter, client_id), runs)

        progress("scoring vs bare scan, with and without the inferred tags stored")
        for name, t in _scoring_with_and_without_tags(db, con, runs, progress).items():
            timings[name] = t
        db.close()

        progress(f"import of {import_rows:,} deals vs read_csv")
        csv_path = write_deals_csv(Path(tmp) / "deals.csv", import_rows, clients=clients, seed=seed)
        read_t, import_t = Timing("read_csv"), Timing("import")
        for run in range(runs + 1):
            read_con = duckdb.connect()
            seconds = _time(lambda c=read_con: c.execute(
                "create table t as select * from read_csv($path)", {"path": str(csv_path)}))
            read_con.close()
            target = open_memory()
            target.cursor().execute("insert into fx_rates values ('EUR', 1), ('PLN', 0.232), ('USD', 0.92)")
            from analytics.ingest import import_file

            imported = _time(lambda t=target: import_file(t, "deals", csv_path))
            target.close()
            if run > 0:  # the first pair warms the file cache
                read_t.runs.append(seconds)
                import_t.runs.append(imported)
        timings["read_csv"], timings["import"] = read_t, import_t
        peak_rss_mb = _peak_rss_mb()  # the portfolio's figure, before the activity parts

        activity: dict = {}
        if activity_rows:
            progress(f"import of {activity_rows:,} HubSpot calls, with and without tag inference, vs read_csv")
            calls = write_activity_csv(Path(tmp) / "hubspot_calls.csv", activity_rows, clients=clients)
            measured = bench_activity_import(calls, runs, progress)
            for name, seconds in measured["times"].items():
                timings[name] = Timing(name, seconds)
            activity = measured["stored"]
            calls.unlink()

        retag: dict = {}
        if retag_rows:
            progress(f"storing {retag_rows:,} touches with notes")
            touches = write_touches_db(Path(tmp) / "touches.duckdb", retag_rows, clients=clients)
            measured = bench_retag(touches, runs, progress)
            touches.close()
            for name, seconds in measured.pop("times").items():
                timings[name] = Timing(name, seconds)
            retag = measured

    return BenchReport(
        clients=clients,
        quarters=quarters,
        rows=rows,
        timings=timings,
        import_rows=import_rows,
        peak_rss_mb=peak_rss_mb,
        peak_rss_mb_all=_peak_rss_mb(),
        activity_rows=activity_rows,
        retag_rows=retag_rows,
        activity=activity,
        retag=retag,
    )

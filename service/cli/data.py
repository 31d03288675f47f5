"""The data commands of `recruitflow`: import a sheet, load the demo, load a calendar year."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.spreadsheets import to_csv
from service.app.calendar import store_arrangement
from service.app.errors import ServiceError
from service.app.importing import ImportReport, SheetError, import_file
from service.cli.demo import DemoAlreadyLoaded, load_demo
from service.settings import Settings
from service.workflow import load_arrangements
from service.workflow.words import CANDIDATE_FIELDS, FIELDS, choice_label

Progress = Callable[[int, int], None]


def add_data_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importing = commands.add_parser(
        "import", help="import existing candidates of a branch from an XLSX or CSV sheet"
    )
    importing.add_argument("file", type=Path, help="the sheet (.xlsx or .csv), headers in row 1")
    importing.add_argument("--branch", type=int, required=True, help="the branch's id")
    importing.add_argument(
        "--report", type=Path, default=None, help="write the rejected rows to this CSV file"
    )
    importing.set_defaults(command=_import)

    demo = commands.add_parser("demo", help="load demonstration data (once) and print tokens")
    demo.set_defaults(command=_demo)

    calendar = commands.add_parser("calendar", help="manage the working-day calendar")
    calendar_commands = calendar.add_subparsers(required=True, metavar="ACTION")
    load = calendar_commands.add_parser(
        "load", help='load years from JSON: {"year", "holidays", "workdays"} or {"years": [...]}'
    )
    load.add_argument("file", type=Path)
    load.add_argument("--source", default=None, help="e.g. the State Council notice's title")
    load.set_defaults(command=_load_calendar)


@contextmanager
def _progress(total_label: str) -> Iterator[Progress]:
    """A progress bar on a terminal (rich when installed, else a counter); silent otherwise."""
    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    try:
        from rich.console import Console
        from rich.progress import Progress as RichProgress
    except ImportError:

        def count(done: int, total: int) -> None:
            print(f"\r{total_label} {done}/{total}", end="", file=sys.stderr, flush=True)

        yield count
        print(file=sys.stderr)
        return
    with RichProgress(console=Console(stderr=True)) as bar:
        task = bar.add_task(total_label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance


def _print_report(report: ImportReport) -> None:
    print(
        f"导入 {len(report.imported)} 人，已有 {len(report.skipped)} 人，"
        f"未导入 {len(report.rejected)} 人"
    )
    for row in report.rejected:
        for problem in row.problems:
            print(f"第 {row.number} 行 {row.name or ''}：{problem.message}")


def _write_rejections(path: Path, report: ImportReport) -> None:
    rows = [
        [row.number, row.name, problem.code, problem.message]
        for row in report.rejected
        for problem in row.problems
    ]
    path.write_bytes(
        to_csv(["行号", CANDIDATE_FIELDS["name"].zh, "规则", FIELDS["reason"].zh], rows)
    )


def _import(args: argparse.Namespace) -> int:
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        with _progress("导入") as progress:
            report = import_file(
                engine, SystemClock(), settings, args.file, branch_id=args.branch, progress=progress
            )
    except (SheetError, OSError) as exc:
        print(f"recruitflow: {exc}", file=sys.stderr)
        return 2
    except ServiceError as exc:
        print(f"recruitflow: {exc.detail}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    _print_report(report)
    if args.report is not None:
        _write_rejections(args.report, report)
    return 1 if report.rejected else 0


def _demo(_args: argparse.Namespace) -> int:
    settings = Settings()
    engine = make_engine(settings.database_url)
    try:
        loaded = load_demo(engine, SystemClock(), settings)
    except DemoAlreadyLoaded as exc:
        print(
            f"recruitflow: 演示数据已经载入（{exc}），其访问令牌已在当时打印；"
            "如需新令牌，请用 recruitflow principal create 建立账号。",
            file=sys.stderr,
        )
        return 0
    finally:
        engine.dispose()
    print(
        f"上级党委编号 {loaded.committee_id}，党支部编号 {'、'.join(map(str, loaded.branch_ids))}"
    )
    for principal in loaded.principals:
        print(f"{choice_label(principal.role)}　{principal.name}　{principal.organization or '—'}")
        print(f"           Authorization: Bearer {principal.token}")
    imported = sum(len(report.imported) for report in loaded.reports)
    rejected = [row for report in loaded.reports for row in report.rejected]
    print(f"已载入 {imported} 人的演示档案；make run 之后打开 http://127.0.0.1:8000/console/")
    for row in rejected:
        reasons = "；".join(problem.message for problem in row.problems)
        print(f"演示数据第 {row.number} 行 {row.name}：{reasons}", file=sys.stderr)
    return 1 if rejected else 0


def _load_calendar(args: argparse.Namespace) -> int:
    settings = Settings()
    try:
        arrangements = load_arrangements(args.file)
    except (OSError, ValueError, KeyError) as exc:
        print(f"recruitflow: {args.file}: {exc}", file=sys.stderr)
        return 2
    engine = make_engine(settings.database_url)
    try:
        for arrangement in arrangements:
            store_arrangement(engine, SystemClock(), arrangement, source=args.source)
            print(
                f"loaded {arrangement.year}: {len(arrangement.holidays)} holidays, "
                f"{len(arrangement.workdays)} working weekend days"
            )
    finally:
        engine.dispose()
    return 0

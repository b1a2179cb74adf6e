"""
The ``disputeflow`` command line.

- ``disputeflow demo [--lang zh]``: walk user story 1 through the lifecycle, step by step;
- ``disputeflow lifecycles``: list the shipped lifecycle definitions;
- ``disputeflow diagram --lifecycle ID [--format mermaid|dot] [--kind KIND ...]``: print a diagram;
- ``disputeflow simulate SCENARIO [--replications N] [--seed S] [--out DIR]``: simulate a
  scenario or BENCH-B model (a TOML file, or a shipped name: ``baicheng``, ``bench-b``);
- ``disputeflow indicators LOG --set ID --by court --period month [--out FILE]``: compute and
  score an indicator set over a JSON Lines event log.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from disputeflow.errors import DisputeflowError

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disputeflow", description="The life of a legal dispute as a state machine."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="walk user story 1 through the lifecycle")
    demo.add_argument("--lang", choices=("en", "zh"), default="en")
    demo.add_argument("--no-diagram", action="store_true", help="omit the Mermaid diagram")
    sub.add_parser("lifecycles", help="list the shipped lifecycle definitions")
    diagram = sub.add_parser("diagram", help="print a lifecycle diagram")
    diagram.add_argument("--lifecycle", default="prc-civil-2025")
    diagram.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    diagram.add_argument("--kind", action="append", help="proceeding kind (repeatable)")
    diagram.add_argument("--lang", choices=("en", "zh"), default="en")
    sim = sub.add_parser(
        "simulate",
        help="simulate a scenario or BENCH-B model (a TOML file, or 'baicheng' / 'bench-b')",
    )
    sim.add_argument(
        "scenario",
        help="scenario or BENCH-B model TOML file, or a shipped name (baicheng, bench-b)",
    )
    sim.add_argument("--replications", type=int, default=1)
    sim.add_argument("--seed", type=int, default=0)
    sim.add_argument("--out", help="directory for the tables and report.txt")
    sim.add_argument("--format", dest="fmt", choices=("csv", "parquet"), default="csv")
    sim.add_argument(
        "--scale", type=float, help="override the scale (shipped: baicheng 0.25, bench-b 0.05)"
    )
    sim.add_argument("--no-progress", action="store_true", help="no progress bar")
    ind = sub.add_parser("indicators", help="compute and score an indicator set over a log")
    ind.add_argument("log", help="event log, JSON Lines (disputeflow.io.write_jsonl)")
    ind.add_argument(
        "--set", dest="set_id", default="spc-2024-09", help="set id, id@version, or a .toml file"
    )
    ind.add_argument("--by", default="court", help="group columns, comma-separated")
    ind.add_argument("--period", choices=("month", "quarter", "year"), default="month")
    ind.add_argument("--out", help="also write an HTML report (.html) or the scores (.csv)")
    return parser


def indicators_command(
    log_path: str, set_id: str, by: Sequence[str], period: str, out: str | None
) -> int:
    """
    Read a JSON Lines event log, compute and score the set, print the summary.
    """
    from disputeflow.indicators.report import report_from_events
    from disputeflow.io import read_jsonl

    with open(log_path, encoding="utf-8") as fp:
        events = read_jsonl(fp)
    by_columns = tuple(c.strip() for c in by if c.strip())
    print(report_from_events(events, set_id, by=by_columns, period=period, out=out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """
    Run the command line; returns the exit code.
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from disputeflow.demo import run_demo

            run_demo(lang=args.lang, diagram=not args.no_diagram)
        elif args.command == "lifecycles":
            from disputeflow.lifecycle.prc import LIFECYCLES

            for factory in LIFECYCLES.values():
                lc = factory()
                print(f"{lc.id}\t{lc.label_en}\t{len(lc.states)} states, "
                      f"{len(lc.transitions)} transitions")  # fmt: skip
        elif args.command == "diagram":
            from disputeflow.diagrams import to_dot, to_mermaid
            from disputeflow.lifecycle import lifecycle

            lc = lifecycle(args.lifecycle)
            kinds = tuple(args.kind) if args.kind else None
            render = to_mermaid if args.format == "mermaid" else to_dot
            print(render(lc, kinds=kinds, lang=args.lang))
        elif args.command == "simulate":
            from disputeflow.simulation.command import simulate_command

            print(
                simulate_command(
                    args.scenario,
                    args.replications,
                    args.seed,
                    args.out,
                    args.fmt,
                    not args.no_progress,
                    scale=args.scale,
                )
            )
        elif args.command == "indicators":
            return indicators_command(
                args.log, args.set_id, args.by.split(","), args.period, args.out
            )
    except (DisputeflowError, OSError) as exc:  # OSError: unreadable log, unwritable output
        print(f"disputeflow: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

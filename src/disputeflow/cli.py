"""
The ``disputeflow`` command line.

- ``disputeflow demo [--lang zh]``: walk user story 1 through the lifecycle, step by step;
- ``disputeflow lifecycles``: list the shipped lifecycle definitions;
- ``disputeflow diagram --lifecycle ID [--format mermaid|dot] [--kind KIND ...]``: print a diagram.
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
    return parser


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
    except DisputeflowError as exc:
        print(f"disputeflow: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

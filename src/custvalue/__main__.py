"""Command line: ``python -m custvalue tour`` prints the textbook tour."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _parser() -> argparse.ArgumentParser:
    import custvalue
    from custvalue._tour import SECTIONS

    parser = argparse.ArgumentParser(
        prog="python -m custvalue",
        description=(
            "custvalue: CRM customer-value models. The 'tour' command reproduces the "
            "textbook examples (lifetime value, customer pyramid, satisfaction, "
            "loyalty, AHP scoring) and prints each result next to the call that made it."
        ),
    )
    parser.add_argument("--version", action="version", version=f"custvalue {custvalue.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour = sub.add_parser("tour", help="print the tour of the textbook examples")
    tour.add_argument("--section", choices=SECTIONS, default=None, help="print only this section")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "tour":
        parser.print_help()
        return 0
    from custvalue._tour import render

    sys.stdout.write(render(args.section))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

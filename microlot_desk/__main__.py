"""Entry point: parse the arguments, then hand over to the desktop app or the CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from microlot_desk.cli import build_parser, run

    args = build_parser(argv).parse_args(argv)
    if args.command is None:
        from microlot_desk.app import run_gui

        return run_gui(args.data_dir)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())

"""`forms list|check`: which cupping forms this station has, and why a lab's file is refused.

A lab adds a form by dropping a JSON template into DATA_DIR/forms/. The app skips a malformed
file so the others still load; these commands say which were skipped and why, and check a file
before it is dropped in.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from microlot_desk.cli.common import print_json
from microlot_desk.errors import BadInputFile
from microlot_desk.messages import describe_template_problem
from microlot_desk.paths import AppPaths
from microlot_desk.services.common.form_library import (
    TemplateFileError,
    load_form_library,
    load_template_file,
)


def register(commands: Any) -> None:
    forms = commands.add_parser(
        "forms", help="cupping forms: the built-in ones and a lab's own (DATA_DIR/forms/)"
    ).add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    listing = forms.add_parser("list", help="every form, and any lab file that was refused")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    check = forms.add_parser("check", help="check a template file; exit 1 with the reason")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_check)


def _problem(error: TemplateFileError) -> dict[str, str]:
    return {
        "file": str(error.file),
        "reason": error.reason,
        "where": error.path,
        "detail": error.detail,
    }


def _list(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    folder = paths.forms if paths.forms.is_dir() else None
    library = load_form_library(folder, skip_bad_lab_files=True)
    forms = [
        {
            "id": entry.template.id,
            "version": entry.template.version,
            "name": entry.template.name,
            "builtin": entry.builtin,
            "file": str(entry.file),
        }
        for entry in library.entries
    ]
    refused = [_problem(error) for error in library.rejected]
    if args.json:
        print_json({"forms": forms, "refused": refused}, out)
    else:
        for form in forms:
            origin = "built-in" if form["builtin"] else f"lab: {form['file']}"
            print(f"{form['id']:<20} v{form['version']:<3} {form['name']}  ({origin})", file=out)
        for problem in refused:
            why = describe_template_problem(problem["reason"], problem["where"], problem["detail"])
            print(f"REFUSED {problem['file']}: {why}", file=out)
    return 1 if refused else 0


def _check(args: argparse.Namespace, paths: AppPaths, out: TextIO) -> int:
    try:
        template = load_template_file(args.file)
    except TemplateFileError as error:
        why = describe_template_problem(error.reason, error.path, error.detail)
        raise BadInputFile(source=str(args.file), detail=f"not a usable form: {why}") from None
    print(f"ok: {template.id} v{template.version} — {template.name}", file=out)
    return 0

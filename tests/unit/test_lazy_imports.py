"""Start-up loads only what it uses: the desktop app no printing library and no CLI command,
`lots list` neither Qt nor printing nor any other command. Each case runs in a fresh process,
as the console script does, and reads `sys.modules` at the end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("reportlab", "openpyxl", "PIL", "sqlite_utils", "cryptography")


def loaded_after(script: str, data_dir: Path) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    modules: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return modules


def test_lots_list_loads_its_own_command_only(data_dir: Path) -> None:
    script = (
        "import json, sys\n"
        "from microlot_desk.__main__ import main\n"
        "main(['--data-dir', sys.argv[1], 'lots', 'list', '--limit', '50'])\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded_after(script, data_dir)  # the first run creates the file (migrations use sqlite-utils)
    modules = loaded_after(script, data_dir)
    assert "microlot_desk.cli.lot_commands" in modules  # the probe itself works
    assert not [m for m in modules if m.startswith((*HEAVY, "PySide6"))]
    others = {"cupping_commands", "export_commands", "custody_commands", "form_commands"}
    assert not [m for m in modules if m.rsplit(".", 1)[-1] in others]


def test_the_window_loads_no_printing_and_no_command(data_dir: Path) -> None:
    script = (
        "import json, sys\n"
        "from microlot_desk.cli import build_parser\n"
        "build_parser([])\n"  # what __main__ does before it opens the window
        "from microlot_desk.app import build_main_window, make_application, open_with_dialogs\n"
        "from microlot_desk.paths import app_paths\n"
        "app = make_application()\n"
        "database = open_with_dialogs(app_paths(sys.argv[1]))\n"
        "window = build_main_window(database)\n"
        "window.show()\n"
        "app.processEvents()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
        "window.close()\n"
        "database.close()\n"
    )
    loaded_after(script, data_dir)
    modules = loaded_after(script, data_dir)
    assert "microlot_desk.ui.main_window" in modules
    assert not [m for m in modules if m.startswith(HEAVY)]
    assert not [m for m in modules if m.startswith("microlot_desk.cli.") and "commands" in m]


def test_help_and_a_mistyped_command_still_name_every_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from microlot_desk.cli import COMMAND_MODULES, main

    assert main([]) == 2  # no command: the help
    listed = capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--data-dir", "x", "lotz"])
    refused = capsys.readouterr().err
    for command in COMMAND_MODULES:
        assert command in listed and command in refused


def test_the_command_word_skips_the_global_options() -> None:
    from microlot_desk.cli import command_word

    assert command_word(["--data-dir", "lots", "db", "check"]) == "db"
    assert command_word(["--data", "d", "export", "sheet"]) == "export"
    assert command_word(["--data-dir=d", "lots"]) == "lots"
    assert command_word(["--version"]) is None

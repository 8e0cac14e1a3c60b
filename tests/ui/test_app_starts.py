"""Smoke tests: the real entry point starts the desktop app on the demo data, offscreen and on a
real X server (Xvfb), says nothing on stderr (no Qt warnings), and closes cleanly on SIGTERM
(exit 0, no ".in-use" marker left behind, so the next start needs no integrity check)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from microlot_desk.paths import DATABASE_NAME

START_TIMEOUT_S = 30
SHOWN_FOR_S = 4  # long enough for the window to be built, shown and painted
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def app_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "microlot_desk", "--data-dir", str(data_dir), *args]


def app_environment(**overrides: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("QT_")}
    env.pop("MICROLOT_DESK_DATA_DIR", None)  # --data-dir must be enough
    env.update(overrides)
    return env


@pytest.fixture
def demo_dir(data_dir: Path) -> Path:
    done = subprocess.run(
        app_command(data_dir, "demo"),
        env=app_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=PROJECT_ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert (data_dir / DATABASE_NAME).exists()
    return data_dir


def in_use_marker(data_dir: Path) -> Path:
    return data_dir / f"{DATABASE_NAME}.in-use"


class RunningApp:
    def __init__(self, data_dir: Path, env: dict[str, str]) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            app_command(data_dir),
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )

    def wait_until_open(self) -> None:
        """The database is open (its in-use marker exists) and the process is still running."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while not in_use_marker(self.data_dir).exists():
            self.assert_running()
            assert time.monotonic() < deadline, "the app did not open its database"
            time.sleep(0.05)

    def assert_running(self) -> None:
        if self.process.poll() is not None:
            _out, err = self.process.communicate()
            raise AssertionError(f"the app exited early ({self.process.returncode}):\n{err}")

    def terminate(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def start_show_and_stop(data_dir: Path, env: dict[str, str]) -> RunningApp:
    app = RunningApp(data_dir, env)
    try:
        app.wait_until_open()
        time.sleep(SHOWN_FOR_S)
        app.assert_running()
    except BaseException:
        app.kill()
        raise
    return app


def assert_closed_cleanly(app: RunningApp) -> None:
    code, _out, err = app.terminate()
    assert err == "", f"stderr was not empty:\n{err}"
    assert code == 0
    assert not in_use_marker(app.data_dir).exists(), "closed without closing the database"
    assert not (app.data_dir / f"{DATABASE_NAME}.lock-holder").exists()


def test_the_app_starts_offscreen_and_closes_cleanly_on_sigterm(demo_dir: Path) -> None:
    app = start_show_and_stop(demo_dir, app_environment(QT_QPA_PLATFORM="offscreen"))
    assert_closed_cleanly(app)


# ---- a real X server ----------------------------------------------------------------------------


@pytest.fixture
def xvfb_display(tmp_path: Path) -> Iterator[str]:
    """A private Xvfb screen of laptop size; Xvfb picks a free display number itself."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (Debian/Ubuntu: apt-get install xvfb)")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            number = announced.readline().strip()  # written once the server accepts clients
        if not number:
            _, err = server.communicate(timeout=10)
            pytest.fail(f"Xvfb did not start: {err.decode(errors='replace')}")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


def x_window_titles(display: str) -> list[str]:
    """Titles of the windows on the X server, as a window manager or a task bar reads them."""
    xwininfo = shutil.which("xwininfo")
    if xwininfo is None:
        return []
    listing = subprocess.run(
        [xwininfo, "-root", "-tree"],
        env={**os.environ, "DISPLAY": display},
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    ).stdout
    return [line.split('"')[1] for line in listing.splitlines() if line.count('"') >= 2]


def distinct_colours(display: str, shot: Path) -> int:
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["import", "-window", "root", str(shot)], env=env, check=True, timeout=30)
    counted = subprocess.run(
        ["identify", "-format", "%k", str(shot)],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return int(counted.stdout.strip())


@pytest.mark.xvfb
def test_the_app_starts_on_a_real_x_server_and_closes_cleanly_on_sigterm(
    demo_dir: Path, xvfb_display: str, tmp_path: Path
) -> None:
    env = app_environment(QT_QPA_PLATFORM="xcb", DISPLAY=xvfb_display)
    app = start_show_and_stop(demo_dir, env)
    try:
        titles = x_window_titles(xvfb_display)
        if titles:  # xwininfo is there: the main window is mapped, titled once, not twice
            assert "microlot.sqlite — microlot_desk" in titles, titles
            assert not any(t.count("microlot_desk") > 1 for t in titles), titles
        if shutil.which("import") and shutil.which("identify"):
            # A painted window (text, table, icons) has hundreds of colours; a blank or black
            # screen has one or two.
            colours = distinct_colours(xvfb_display, tmp_path / "screen.png")
            assert colours > 100, f"the screen looks blank ({colours} colours)"
    except BaseException:
        app.kill()
        raise
    assert_closed_cleanly(app)

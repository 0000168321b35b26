"""One app per data folder, with real processes: simultaneous launches leave exactly one running,
and a lock left by a killed process does not keep the next launch out."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_cli import cli_env

ALREADY = "already running; its window was brought to the front."


def launch(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    home = data_dir.parent / "home"  # window settings stay out of the real user's config
    env = cli_env(QT_QPA_PLATFORM="offscreen", DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent",
                  HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"))
    return subprocess.Popen([sys.executable, "-m", "followup_desktop", "--data-dir",
                             str(data_dir), *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_exits(processes: list[subprocess.Popen[str]], count: int,
                   timeout: float = 30) -> list[subprocess.Popen[str]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ended = [p for p in processes if p.poll() is not None]
        if len(ended) >= count:
            return ended
        time.sleep(0.05)
    raise AssertionError(f"only {len([p for p in processes if p.poll() is not None])} of "
                         f"{len(processes)} launches ended within {timeout} s")


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)


def test_three_simultaneous_launches_leave_exactly_one_running(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    launches = [launch(data_dir) for _ in range(3)]
    try:
        ended = wait_for_exits(launches, 2)
        time.sleep(1.0)  # the survivor must keep running, not merely be slower to exit
        running = [p for p in launches if p.poll() is None]
        assert len(running) == 1, [p.returncode for p in launches]
        for process in ended:
            out, err = process.communicate(timeout=10)
            assert process.returncode == 0, err
            assert out.strip() == f"followup-desktop: {ALREADY}"
        # A fourth launch, later, is also turned away by the one that runs.
        fourth = launch(data_dir)
        out, _ = fourth.communicate(timeout=30)
        assert (fourth.returncode, out.strip()) == (0, f"followup-desktop: {ALREADY}")
        assert running[0].poll() is None
    finally:
        for process in launches:
            stop(process)


def test_a_lock_left_by_a_killed_app_is_taken_over(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    first = launch(data_dir)
    try:
        deadline = time.monotonic() + 30
        while not (data_dir / "instance.sock").exists():
            assert first.poll() is None and time.monotonic() < deadline, first.communicate()
            time.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        assert (data_dir / "instance.lock").exists()  # left behind, with a dead PID in it
        second = launch(data_dir, "--quit-when-ready")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already running" not in out
    finally:
        stop(first)

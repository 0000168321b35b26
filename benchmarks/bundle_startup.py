"""Start-to-window time of the bundle against a bare PySide6 window, measured in the same run.

    xvfb-run -a -s "-screen 0 1280x800x24" build/venv/bin/python benchmarks/bundle_startup.py

Needs the bundle from packaging/build.sh and its build venv (for PyInstaller). Three programs
are timed, interleaved so that drift in machine load hits all alike:

- bundle: dist/followup-desktop/followup-desktop --quit-after-shown on a folder of sample data
  (start to window: the window's frame is on screen; the target applies to this one);
- bundle, ready: the same with --quit-when-ready, which quits once the due list is filled from
  the database (start-up to interactive; reported, its own target belongs to the benchmark
  suite);
- bare, frozen: a QMainWindow with a status-bar text (so fonts load, as in any real window),
  shown and quit the same way, frozen with the same spec rules (bundle_rules.py) -- the target
  ratio compares against this one, so both pay the same PyInstaller and library costs;
- bare, venv: the same script run by the build venv's Python, for reference.

Each time is the wall time of the whole process, from spawn to exit after the window was shown.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 1.3

BARE_WINDOW = '''\
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("Bare window")
window.resize(1000, 560)
window.statusBar().showMessage("Ready")
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
'''

# Frozen like the app: same plugin and library trimming, same hidden imports and stripping.
BARE_SPEC = '''\
import sys
sys.path.insert(0, {packaging!r})
import bundle_rules as rules

a = Analysis([{script!r}], hiddenimports=list(rules.HIDDEN_IMPORTS),
             excludes=list(rules.EXCLUDED_MODULES))
a.binaries, a.datas = rules.slim(a.binaries, a.datas, sys.platform)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="bare-window", strip=True,
          upx=False, console=True)
coll = COLLECT(exe, a.binaries, a.datas, strip=True, upx=False, name="bare-window")
'''


def freeze_bare_window(work: Path, python: Path) -> Path:
    script = work / "bare_window.py"
    script.write_text(BARE_WINDOW, encoding="utf-8")
    spec = work / "bare-window.spec"
    spec.write_text(BARE_SPEC.format(packaging=str(ROOT / "packaging"), script=str(script)),
                    encoding="utf-8")
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(spec)], check=True, cwd=work)
    return work / "dist" / "bare-window" / "bare-window"


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} exited with {result.returncode}:\n{result.stderr}")
    return elapsed


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median seconds per command, after one unmeasured warm-up run of each (disk cache)."""
    for command in commands.values():
        wall_time(command, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(wall_time(command, env))
    return {name: statistics.median(times) for name, times in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "followup-desktop")
    parser.add_argument("--python", type=Path, default=ROOT / "build" / "venv" / "bin" / "python",
                        help="a Python with PySide6 and PyInstaller (default: the build venv)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: run under xvfb-run (see the docstring).")
    executable = args.bundle / args.bundle.name
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env["HOME"] = str(work / "home")  # no settings or window geometry from earlier runs
        data = work / "data"
        subprocess.run([str(executable), "--data-dir", str(data), "demo"], check=True, env=env,
                       capture_output=True)
        bare_frozen = freeze_bare_window(work, args.python)
        medians = measure({
            "bundle": [str(executable), "--data-dir", str(data), "--quit-after-shown"],
            "bundle_ready": [str(executable), "--data-dir", str(data), "--quit-when-ready"],
            "bare_frozen": [str(bare_frozen)],
            "bare_venv": [str(args.python), str(work / "bare_window.py")],
        }, args.runs, env)
    result = {**{f"{name}_s": round(value, 3) for name, value in medians.items()},
              "ratio": round(medians["bundle"] / medians["bare_frozen"], 2),
              "ratio_ready": round(medians["bundle_ready"] / medians["bare_frozen"], 2),
              "ratio_vs_venv": round(medians["bundle"] / medians["bare_venv"], 2),
              "runs": args.runs}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"median of {args.runs} runs each (seconds, spawn to exit after the window shows)")
        print(f"  bundle, to window   {result['bundle_s']:.3f}")
        print(f"  bundle, to due list {result['bundle_ready_s']:.3f}")
        print(f"  bare window, frozen {result['bare_frozen_s']:.3f}")
        print(f"  bare window, venv   {result['bare_venv_s']:.3f}")
        print(f"ratio bundle / bare frozen: {result['ratio']:.2f} (target <= {TARGET_RATIO})")
        print(f"ratio bundle / bare venv:   {result['ratio_vs_venv']:.2f}")
        print(f"ratio to due list / bare frozen: {result['ratio_ready']:.2f} (reported)")
    return 0 if result["ratio"] <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())

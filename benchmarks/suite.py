"""The performance suite: start-up, memory, idle CPU, page switches, queries, import and export,
at several data sizes, against baselines measured in the same run.

    .venv/bin/python benchmarks/suite.py [--sizes 100,2000,20000] [--quick]

Everything happens in one temporary folder: the generated databases (benchmarks/generate.py,
cached per size for the run), a fresh copy of one for every process started, and a HOME of its
own for each, so nothing reads or writes the user's data folder or settings. Start-up runs are
interleaved (bare window, then the app at each size, then again) so that drift in machine load
hits all alike; each time is the wall time of the whole process, spawn to exit. GUI timings run
in a child process of this script (`suite.py gui ...`), on the offscreen platform.

Prints a Markdown table and writes the results as JSON to benchmarks/results-<date>.json
(ignored by git: numbers belong to a machine; docs/performance.md keeps the curated table).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))  # this tree's app, whatever the venv's install points at

from bundle_startup import BARE_WINDOW  # noqa: E402 - one bare window for both benchmarks
from generate import generate, write_ics  # noqa: E402

PYTHON = sys.executable
TARGETS = {"startup_ratio": 1.25, "listed_ratio": 1.6, "memory_ratio": 1.5,
           "interaction_p95_ms": 16.0, "idle_cpu_percent": 0.5}


# Runs a program (a script, or -m module) and, at exit, writes the process's VmHWM: the peak
# resident set since exec, of exactly this process. (wait4's ru_maxrss would include the pages
# of this suite's process at fork time: Linux carries the parent's high-water mark over exec.)
PEAK_RSS = '''\
import atexit
import os
import runpy
import sys


def _write_peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            with open(os.environ["BENCH_PEAK_FILE"], "w") as out:
                out.write(line.split()[1])


atexit.register(_write_peak)
if sys.argv[1] == "-m":
    sys.argv = [sys.argv[2], *sys.argv[3:]]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
'''


# ------------------------------------------------------------------ helpers

def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation: with 40 samples p95 is the 38th)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [value * 1000 for value in seconds]
    return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 0.95), 2),
            "max_ms": round(max(ms), 2), "n": len(ms)}


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


class Workspace:
    """The run's temporary folder: generated data per size, and fresh copies of it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.datasets: dict[int, Path] = {}
        self.generation_s: dict[int, float] = {}
        self.counts: dict[int, dict[str, int]] = {}
        self._serial = 0
        (root / "bare_window.py").write_text(BARE_WINDOW, encoding="utf-8")
        (root / "peak_rss.py").write_text(PEAK_RSS, encoding="utf-8")

    def dataset(self, size: int) -> Path:
        if size not in self.datasets:
            folder = self.root / f"generated-{size}"
            start = time.perf_counter()
            self.counts[size] = generate(folder, size)
            self.generation_s[size] = round(time.perf_counter() - start, 2)
            self.datasets[size] = folder
        return self.datasets[size]

    def fresh(self, size: int | None) -> tuple[Path, Path]:
        """A new (home, data folder) pair; the data a copy of the generated set, or empty."""
        self._serial += 1
        run = self.root / "runs" / str(self._serial)
        home, data = run / "home", run / "data"
        home.mkdir(parents=True)
        if size is None:
            data.mkdir(mode=0o700)
        else:
            shutil.copytree(self.dataset(size), data)
        return home, data

    def cleanup_runs(self) -> None:
        shutil.rmtree(self.root / "runs", ignore_errors=True)


def child_env(home: Path, display: str | None = None) -> dict[str, str]:
    """A clean environment: own HOME and XDG folders, no D-Bus session, one Qt platform, and
    this tree's src/ on the path."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "QT_", "FOLLOWUP_")) and key != "DISPLAY"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_STATE_HOME=str(home / ".local/state"), XDG_RUNTIME_DIR=str(home / "run"),
               DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent", PYTHONDONTWRITEBYTECODE="1",
               PYTHONPATH=str(ROOT / "src"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    if display is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
    else:
        env["DISPLAY"], env["QT_QPA_PLATFORM"] = display, "xcb"
    return env


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds from spawn to exit, and the peak resident set (KiB) the child wrote."""
    peak = Path(env["HOME"]) / "peak-rss"
    env = {**env, "BENCH_PEAK_FILE": str(peak)}
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=err,
                                 check=False)
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{command} exited with {process.returncode}:\n"
                               f"{err.read().decode(errors='replace')[-2000:]}")
    return elapsed, int(peak.read_text())


# ------------------------------------------------------------------ start-up and memory

def app_command(work: Workspace, data: Path, flag: str) -> list[str]:
    return [PYTHON, str(work.root / "peak_rss.py"), "-m", "followup_desktop", "--data-dir",
            str(data), flag]


def measure_startup(work: Workspace, sizes: list[int], runs: int, display: str | None = None,
                    baseline: Path | None = None) -> dict[str, Any]:
    """Median wall time and peak RSS of the bare window and the app (to window, to due list)
    at each size, interleaved, one warm-up round first; a fresh HOME and data copy per run.
    With `baseline` (another tree's src/ folder, e.g. main's), that tree's app is started in
    the same rounds too, as the `base-…` programs: a before/after of two trees in one run.

    Each app child gets PYTHONPATH set to its tree, so the tree measured is this one (or the
    baseline) whatever the venv's editable install points at. The children never write
    bytecode, so each tree's is compiled first, as pip and PyInstaller do for an installed
    app; otherwise every start would compile its modules from source."""
    trees = {"": ROOT / "src"}
    if baseline is not None:
        trees["base-"] = baseline
    for src in trees.values():
        compileall.compile_dir(str(src / "followup_desktop"), quiet=1)
    programs: dict[str, tuple[int | None, str | None, Path | None]] = {
        "bare": (None, None, None)}
    for size in sizes:
        for prefix, src in trees.items():
            programs[f"{prefix}window-{size}"] = (size, "--quit-after-shown", src)
            programs[f"{prefix}listed-{size}"] = (size, "--quit-when-listed", src)
            programs[f"{prefix}ready-{size}"] = (size, "--quit-when-ready", src)
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in programs}
    for round_ in range(runs + 1):
        for name, (size, flag, src) in programs.items():
            home, data = work.fresh(size)
            env = child_env(home, display)
            if flag is None or src is None:
                command = [PYTHON, str(work.root / "peak_rss.py"),
                           str(work.root / "bare_window.py")]
            else:
                command = app_command(work, data, flag)
                env["PYTHONPATH"] = str(src)
            result = run_child(command, env)
            if round_:  # round 0 warms the disk cache
                samples[name].append(result)
        work.cleanup_runs()
    out: dict[str, Any] = {}
    for name, values in samples.items():
        seconds = [s for s, _ in values]
        rss = [kib / 1024 for _, kib in values]
        out[name] = {"median_s": round(statistics.median(seconds), 3),
                     "min_s": round(min(seconds), 3), "max_s": round(max(seconds), 3),
                     "peak_rss_mib": round(statistics.median(rss), 1),
                     "min_rss_mib": round(min(rss), 1), "max_rss_mib": round(max(rss), 1),
                     "seconds": [round(value, 4) for value in seconds], "runs": runs}
    bare = out["bare"]
    for entry in out.values():
        entry["ratio"] = round(entry["median_s"] / bare["median_s"], 2)
        entry["rss_ratio"] = round(entry["peak_rss_mib"] / bare["peak_rss_mib"], 2)
    return out


def start_xvfb() -> tuple[subprocess.Popen[bytes], str] | None:
    if not shutil.which("Xvfb"):
        return None
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as source:
        number = source.readline().strip()
    if not number:
        server.terminate()
        return None
    return server, f":{number}"


# ------------------------------------------------------------------ idle CPU

def proc_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_memory_kib(pid: int) -> dict[str, int]:
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0])
    return found


def sample_cpu(pid: int, seconds: float) -> tuple[float, float, list[float]]:
    """CPU seconds used over `seconds` of wall time, the wall time, and the % of one core in
    each sixth (six slices show a one-off, such as a backup or a mail check, apart)."""
    start_cpu, start = proc_cpu_seconds(pid), time.perf_counter()
    slices, last_cpu = [], start_cpu
    for index in range(1, 7):
        time.sleep(max(0.0, start + seconds * index / 6 - time.perf_counter()))
        now_cpu = proc_cpu_seconds(pid)
        slices.append(round(100 * (now_cpu - last_cpu) / (seconds / 6), 2))
        last_cpu = now_cpu
    return last_cpu - start_cpu, time.perf_counter() - start, slices


def measure_idle(work: Workspace, size: int, settle_s: float, seconds: float) -> dict[str, Any]:
    """Start the app normally (no quit flag) on a copy of the data, let it settle, then read
    its CPU time from /proc over `seconds`: % of one core. Also its RSS once settled."""
    home, data = work.fresh(size)
    process = subprocess.Popen([PYTHON, "-m", "followup_desktop", "--data-dir", str(data)],
                               env=child_env(home), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        time.sleep(settle_s)
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early with {process.returncode}")
        settled_cpu = proc_cpu_seconds(process.pid)
        memory = proc_memory_kib(process.pid)
        used, elapsed, slices = sample_cpu(process.pid, seconds)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        work.cleanup_runs()
    return {"size": size, "settle_s": settle_s, "window_s": round(elapsed, 1),
            "cpu_s": round(used, 3), "cpu_percent": round(100 * used / elapsed, 3),
            "cpu_percent_by_sixth": slices,
            "cpu_during_startup_s": round(settled_cpu, 2),
            "rss_settled_mib": round(memory.get("VmRSS", 0) / 1024, 1),
            "hwm_settled_mib": round(memory.get("VmHWM", 0) / 1024, 1)}


# ------------------------------------------------------------------ services (this process)

def measure_queries(work: Workspace, size: int, repeats: int) -> dict[str, Any]:
    """The due list's query, the scheduler's look-ups, one scheduler check and a search, on a
    copy of the data (the check records reminders)."""
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.reminders import Scheduler, next_due_after, unannounced
    from followup_desktop.services.views import people
    from followup_desktop.services.views.due import due_overview, due_page

    _, data = work.fresh(size)
    out: dict[str, Any] = {}
    with Backend(data) as backend:
        now = backend.clock.now()
        overview = due_overview(backend)
        out["due_items"] = overview.count
        out["unannounced_items"] = len(unannounced(backend, now))
        for name, fn in (("due_overview", lambda: due_overview(backend)),
                         ("due_first_page", lambda: due_page(backend, overview.buckets[0], now)),
                         ("next_due_after", lambda: next_due_after(backend, now)),
                         ("unannounced", lambda: unannounced(backend, now)),
                         ("search_empty", lambda: people.search(backend, "")),
                         ("search_ma", lambda: people.search(backend, "ma")),
                         ("search_martinez", lambda: people.search(backend, "martinez"))):
            out[name] = summary_ms([timed(fn) for _ in range(repeats)])
        scheduler = Scheduler(backend)
        out["scheduler_first_check"] = summary_ms([timed(scheduler.check)])
        out["scheduler_next_check"] = summary_ms([timed(scheduler.check) for _ in range(3)])
    work.cleanup_runs()
    return out


def measure_ics_import(work: Workspace, events: int, into: int | None) -> dict[str, Any]:
    """Import an .ics file of `events` invitations from ~200 companies into a fresh data
    folder (`into` None), or into a copy of a generated set."""
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.exchange.invitations.applying import import_ics

    path = work.root / f"invitations-{events}.ics"
    if not path.exists():
        write_ics(path, events)
    _, data = work.fresh(into)
    with Backend(data) as backend:
        start = time.perf_counter()
        result = import_ics(backend, path, own_addresses=["me@example.org"])
        elapsed = time.perf_counter() - start
    work.cleanup_runs()
    return {"events": events, "into": into or 0, "seconds": round(elapsed, 2),
            "ms_per_event": round(1000 * elapsed / events, 2), "created": result.created,
            "companies_created": result.companies_created}


def measure_transfer(work: Workspace, size: int) -> dict[str, Any]:
    """JSON export of a generated set, then its import into an empty folder."""
    from followup_desktop.services.backend import Backend
    from followup_desktop.services.exchange.transfer.exporting import export_file
    from followup_desktop.services.exchange.transfer.importing import import_file

    _, data = work.fresh(size)
    path = work.root / f"export-{size}.json"
    with Backend(data) as backend:
        start = time.perf_counter()
        records = export_file(backend, path)
        exported = time.perf_counter() - start
    _, empty = work.fresh(None)
    with Backend(empty) as backend:
        start = time.perf_counter()
        counts = import_file(backend, path)
        imported = time.perf_counter() - start
    megabytes = path.stat().st_size / 2**20
    path.unlink()
    work.cleanup_runs()
    return {"size": size, "records": records, "file_mib": round(megabytes, 1),
            "export_s": round(exported, 2), "import_s": round(imported, 2),
            "imported_records": sum(counts.values())}


# ------------------------------------------------------------------ GUI (child process)

def measure_gui(work: Workspace, size: int, repeats: int) -> dict[str, Any]:
    home, data = work.fresh(size)
    result = subprocess.run([PYTHON, __file__, "gui", str(data), str(home), str(repeats)],
                            env=child_env(home), capture_output=True, text=True, check=False)
    work.cleanup_runs()
    if result.returncode != 0:
        raise RuntimeError(f"GUI measurement failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def gui_main(data: Path, home: Path, repeats: int) -> int:
    """In a child with its own HOME: the window on the data, then month switches and search."""
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from followup_desktop.services.backend import Backend
    from followup_desktop.ui.background.worker import wait_for_background_work
    from followup_desktop.ui.contacts import page as contacts_page
    from followup_desktop.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    settings = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    backend = Backend(data)
    window = MainWindow(backend, settings)
    window.show()

    def until(flag: list[bool], timeout_s: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout_s
        while not flag:
            wait_for_background_work()
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            if time.perf_counter() > deadline:
                raise TimeoutError("the page did not load")
        flag.clear()

    out: dict[str, Any] = {}
    # Calendar: the month-forward button, back and forth within the data (+-2 months of now).
    loaded: list[bool] = []
    start = time.perf_counter()
    calendar = window.go_to("Calendar")
    calendar.loaded.connect(lambda: loaded.append(True))  # type: ignore[attr-defined]
    until(loaded)
    out["calendar_first_open"] = summary_ms([time.perf_counter() - start])
    steps = [1, 1, -1, -1, -1, -1, 1, 1] * max(1, repeats // 8)
    click_s, loaded_s, painted_s = [], [], []
    for step in steps:
        button = calendar.next_button if step > 0 else calendar.previous_button  # type: ignore
        start = time.perf_counter()
        button.click()
        click_s.append(time.perf_counter() - start)
        until(loaded)
        loaded_s.append(time.perf_counter() - start)
        calendar.grid.viewport().repaint()  # type: ignore[attr-defined]
        painted_s.append(time.perf_counter() - start)
    out["month_switch_click"] = summary_ms(click_s)
    out["month_switch_loaded"] = summary_ms(loaded_s)
    out["month_switch_painted"] = summary_ms(painted_s)
    # The same switches right after a change to the data, so nothing read ahead can be used.
    from followup_desktop.services import settings as stored

    changed_s = []
    for number, step in enumerate(steps):
        with backend.write():
            stored.save("sender_name", f"Benchmark {number}")
        wait_for_background_work()
        app.processEvents()
        button = calendar.next_button if step > 0 else calendar.previous_button  # type: ignore
        start = time.perf_counter()
        button.click()
        until(loaded)
        changed_s.append(time.perf_counter() - start)
    out["month_switch_after_change"] = summary_ms(changed_s)
    # Contacts: search as you type, one keystroke at a time, each waiting for its results.
    filled: list[bool] = []
    start = time.perf_counter()
    contacts = window.go_to("Contacts")
    contacts.results.cards.modelReset.connect(lambda: filled.append(True))  # type: ignore
    until(filled)
    out["contacts_first_open"] = summary_ms([time.perf_counter() - start])
    words = ["martinez", "sofia", "northwind", "engineer", "zoe", "okafor"]
    with_debounce, without = [], []
    for index in range(max(1, repeats // 8)):
        word = words[index % len(words)]
        for end in range(1, len(word) + 1):
            edit = contacts.search_edit  # type: ignore[attr-defined]
            start = time.perf_counter()
            edit.setText(word[:end])
            until(filled)
            with_debounce.append(time.perf_counter() - start)
            start = time.perf_counter()
            contacts._run_search()  # type: ignore[attr-defined]  # the same, minus the timer
            until(filled)
            without.append(time.perf_counter() - start)
        contacts.search_edit.clear()  # type: ignore[attr-defined]
        until(filled)
    out["search_with_debounce"] = summary_ms(with_debounce)
    out["search_without_debounce"] = summary_ms(without)
    out["search_debounce_ms"] = contacts_page.SEARCH_DELAY_MS
    wait_for_background_work()
    window.close_data()
    print(json.dumps(out))
    return 0


# ------------------------------------------------------------------ report

def machine() -> dict[str, Any]:
    import PySide6

    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "pyside6": PySide6.__version__, "platform": platform.platform(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def spread(entry: dict[str, Any]) -> str:
    """A start-up median with the range of its runs."""
    return f"{entry['median_s']:.3f} s ({entry['min_s']:.3f}-{entry['max_s']:.3f})"


def mark(met: bool) -> str:
    return "met" if met else "**not met**"


def table(results: dict[str, Any]) -> str:
    lines = ["| measurement | size | result | baseline / ratio | target |",
             "| --- | ---: | --- | --- | --- |"]

    def row(what: str, size: object, result: str, ratio: str = "", target: str = "") -> None:
        lines.append(f"| {what} | {size} | {result} | {ratio} | {target} |")

    for platform_name, startup in results.get("startup", {}).items():
        bare = startup["bare"]
        row(f"bare QMainWindow, start to exit ({platform_name})", "-",
            f"{spread(bare)}, peak RSS {bare['peak_rss_mib']} MiB", "1.00")
        for size in results["sizes"]:
            window, ready = startup.get(f"window-{size}"), startup.get(f"ready-{size}")
            if not window:
                continue
            row(f"start to window ({platform_name})", f"{size:,}", spread(window),
                f"{window['ratio']:.2f}x bare")
            limit = TARGETS["startup_ratio"]
            target = f"<= {limit}x: {mark(ready['ratio'] <= limit)}" \
                if size == max(results["sizes"]) else "(the target is for the largest size)"
            listed = startup.get(f"listed-{size}")
            if listed:
                limit = TARGETS["listed_ratio"]
                shown = f"<= {limit}x: {mark(listed['ratio'] <= limit)}" \
                    if size == max(results["sizes"]) else "(the target is for the largest size)"
                row(f"start-up to the due list shown, first screen ({platform_name})",
                    f"{size:,}", spread(listed), f"{listed['ratio']:.2f}x bare",
                    shown)
            row(f"start-up to interactive, due list filled ({platform_name})", f"{size:,}",
                spread(ready), f"{ready['ratio']:.2f}x bare", target)
            limit = TARGETS["memory_ratio"]
            row(f"peak RSS after start-up ({platform_name})", f"{size:,}",
                f"{ready['peak_rss_mib']} MiB", f"{ready['rss_ratio']:.2f}x bare",
                f"<= {limit}x: {mark(ready['rss_ratio'] <= limit)}")
            for what, key in (("start to window", "window"),
                              ("start-up to the due list shown", "listed"),
                              ("start-up to interactive", "ready")):
                base = startup.get(f"base-{key}-{size}")
                if base:
                    row(f"baseline tree: {what} ({platform_name})", f"{size:,}",
                        spread(base),
                        f"{base['ratio']:.2f}x bare")
            base = startup.get(f"base-ready-{size}")
            if base:
                row(f"baseline tree: peak RSS after start-up ({platform_name})", f"{size:,}",
                    f"{base['peak_rss_mib']} MiB", f"{base['rss_ratio']:.2f}x bare")
    p95 = TARGETS["interaction_p95_ms"]
    for size, gui in results.get("gui", {}).items():
        for key, label in (("month_switch_click", "month switch, GUI thread busy in the click"),
                           ("month_switch_loaded", "month switch, until the month's data is in"),
                           ("month_switch_painted", "month switch, data in and grid painted"),
                           ("month_switch_after_change", "month switch right after a change to "
                                                         "the data (nothing read ahead)"),
                           ("search_without_debounce", "search keystroke, query + list filled"),
                           ("search_with_debounce", "search keystroke incl. "
                                                    f"{gui['search_debounce_ms']} ms debounce")):
            stat = gui.get(key)
            if stat is None:
                continue
            target = "" if key in ("month_switch_click", "search_with_debounce") \
                else f"p95 <= {p95:g} ms: {mark(stat['p95_ms'] <= p95)}"
            row(label, f"{int(size):,}", f"median {stat['median_ms']:.1f} ms, "
                f"p95 {stat['p95_ms']:.1f} ms (n={stat['n']})", "", target)
        row("calendar page, first open", f"{int(size):,}",
            f"{gui['calendar_first_open']['median_ms']:.0f} ms")
        row("contacts page, first open", f"{int(size):,}",
            f"{gui['contacts_first_open']['median_ms']:.0f} ms")
    for size, query in results.get("queries", {}).items():
        for key in ("due_overview", "due_first_page", "next_due_after", "unannounced", "search_ma",
                    "scheduler_first_check", "scheduler_next_check"):
            stat = query[key]
            extra = {"due_overview": f" ({query['due_items']} items)",
                     "unannounced": f" ({query['unannounced_items']} items)"}.get(key, "")
            row(f"`{key}`{extra}", f"{int(size):,}",
                f"median {stat['median_ms']:.1f} ms, p95 {stat['p95_ms']:.1f} ms")
    for entry in results.get("ics_import", []):
        into = f"into a copy of {entry['into']:,}" if entry["into"] else "into an empty folder"
        row(f"import .ics, {entry['events']:,} events, {into}", "-",
            f"{entry['seconds']:.2f} s ({entry['ms_per_event']:.1f} ms/event)")
    transfer = results.get("transfer")
    if transfer:
        row(f"JSON export ({transfer['records']:,} records, {transfer['file_mib']} MiB)",
            f"{transfer['size']:,}", f"{transfer['export_s']:.2f} s")
        row("JSON import into an empty folder", f"{transfer['size']:,}",
            f"{transfer['import_s']:.2f} s")
    idle = results.get("idle")
    if idle:
        limit = TARGETS["idle_cpu_percent"]
        row(f"CPU while idle, {idle['window_s']:.0f} s after {idle['settle_s']:.0f} s settling",
            f"{idle['size']:,}", f"{idle['cpu_percent']:.3f} % of one core "
            f"({idle['cpu_s']} s); by sixths: {idle['cpu_percent_by_sixth']}", "",
            f"< {limit} %: {mark(idle['cpu_percent'] < limit)}")
        row("RSS once settled (VmRSS / VmHWM)", f"{idle['size']:,}",
            f"{idle['rss_settled_mib']} / {idle['hwm_settled_mib']} MiB")
    return "\n".join(lines)


PARTS = ("startup", "gui", "queries", "ics", "json", "idle")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,2000,20000",
                        help="applications per data set, comma-separated")
    parser.add_argument("--quick", action="store_true",
                        help="5 start-up runs instead of 10, 10 s idle instead of 60 s")
    parser.add_argument("--runs", type=int, help="start-up runs per program (overrides)")
    parser.add_argument("--no-xvfb", action="store_true", help="skip the Xvfb start-up series")
    parser.add_argument("--ics-events", type=int, default=1000)
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"comma-separated parts to run (default all: {','.join(PARTS)})")
    parser.add_argument("--baseline-src", type=Path, metavar="SRC",
                        help="also time the app from another tree's src/ folder in the same "
                             "start-up rounds (e.g. main's: git archive main src | tar -x -C DIR)")
    parser.add_argument("--output", type=Path,
                        help="JSON file (default benchmarks/results-<date>.json)")
    args = parser.parse_args()
    sizes = [int(text) for text in args.sizes.split(",") if text.strip()]
    only = {text.strip() for text in args.only.split(",") if text.strip()}
    if only - set(PARTS):
        parser.error(f"--only: unknown parts {sorted(only - set(PARTS))}; choose from {PARTS}")
    runs = args.runs or (5 if args.quick else 10)
    repeats = 16 if args.quick else 40
    idle_s = 10.0 if args.quick else 60.0
    results: dict[str, Any] = {"machine": machine(), "sizes": sizes, "runs": runs,
                               "quick": args.quick, "targets": TARGETS, "startup": {},
                               "gui": {}, "queries": {}, "ics_import": []}

    def step(text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        work = Workspace(Path(folder))
        for size in sizes:
            step(f"generating {size:,} applications")
            work.dataset(size)
        results["generation_s"] = work.generation_s
        results["counts"] = work.counts
        if "startup" in only:
            step(f"start-up, offscreen, {runs} runs")
            results["startup"]["offscreen"] = measure_startup(work, sizes, runs,
                                                              baseline=args.baseline_src)
            xvfb = None if args.no_xvfb else start_xvfb()
            if xvfb:
                server, display = xvfb
                try:
                    step(f"start-up, Xvfb {display}, {runs} runs")
                    results["startup"]["Xvfb"] = measure_startup(work, sizes, runs, display,
                                                                 args.baseline_src)
                finally:
                    server.terminate()
                    server.wait()
        for size in sizes:
            if "gui" in only:
                step(f"GUI timings, {size:,}")
                results["gui"][str(size)] = measure_gui(work, size, repeats)
            if "queries" in only:
                step(f"queries, {size:,}")
                results["queries"][str(size)] = measure_queries(work, size, repeats // 4)
        if "ics" in only:
            step(f"import of {args.ics_events} invitations")
            results["ics_import"].append(measure_ics_import(work, args.ics_events, None))
        if "json" in only:
            step(f"JSON export and import, {max(sizes):,}")
            results["transfer"] = measure_transfer(work, max(sizes))
        if "idle" in only:
            ready = results["startup"].get("offscreen", {}).get(f"ready-{max(sizes)}", {})
            settle = max(5.0, 3 * ready.get("median_s", 0.0))
            step(f"idle CPU, {idle_s:.0f} s after {settle:.0f} s")
            results["idle"] = measure_idle(work, max(sizes), settle, idle_s)
    text = table(results)
    print(f"\n{results['machine']['cpus']} x {results['machine']['cpu_model']}, Python "
          f"{results['machine']['python']}, PySide6 {results['machine']['pyside6']}, "
          f"{results['machine']['date']}; start-up: median of {runs} interleaved runs\n")
    print(text)
    output = args.output or ROOT / "benchmarks" / \
        f"results-{datetime.now().strftime('%Y-%m-%d-%H%M')}.json"
    output.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nResults: {output}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "gui":
        sys.exit(gui_main(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])))
    sys.exit(main())

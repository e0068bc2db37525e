"""`make load`: the month-end rush against a local gunicorn + PostgreSQL, with the production settings.

    make load                                   # 300 reporters, 30 a second, at most 5 minutes
    LOAD_USERS=30 LOAD_SPAWN_RATE=10 make load  # a smoke run

1. The data (tools.load.data): the city of `make bench` and LOAD_USERS reporters in their own database
   (LOAD_DATABASE_URL, default luoshi_load), built once and reused.
2. gunicorn as `make serve` starts it: deploy/gunicorn.conf.py (its workers, GUNICORN_WORKERS overrides),
   DEBUG off, LUOSHI_DEMO off, a fresh SECRET_KEY, HTTPS off on loopback, static files collected for
   whitenoise, media files in a temporary folder; on 127.0.0.1:LOAD_PORT (default 8077).
3. locust headless (tools/load/locustfile.py): --users LOAD_USERS --spawn-rate LOAD_SPAWN_RATE --run-time
   LOAD_RUN_TIME (default 5m), each user once; its CSV files in LOAD_OUT (default .bench/load/).
4. gunicorn stopped; printed: requests/s, p50/p95/p99 per request type as locust saw them (queueing
   included), the same steps' time inside gunicorn (its access log), errors, the CPU each side used and the
   machine. Exit status 1 when any request failed or a reporter did not get through.
"""

import csv
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

from django.db import connections

from tools.load import data

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GOAL_P95_MS = 1000


def log(msg=""):
    print(msg, flush=True)


def env_int(name, default):
    return int(os.environ.get(name) or default)


def server_env(url: str, port: int, media: str) -> dict:
    """The production configuration `make serve` uses, on loopback."""
    env = {k: v for k, v in os.environ.items() if k not in ("LUOSHI_DEMO", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(
        LUOSHI_DEMO="0",
        DEBUG="False",
        HTTPS="False",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL=url,
        MEDIA_ROOT=media,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return env


def wait_until_up(base: str, proc, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("gunicorn exited before it answered; see its log above")
        try:
            with urllib.request.urlopen(f"{base}/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {base}/login/ within {seconds} s")


def cpu_seconds_of(proc) -> float:
    """User + system CPU of a finished child and the children it waited for (gunicorn: its workers)."""
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_utime + usage.ru_stime


class BackendCpu(threading.Thread):
    """The CPU seconds of the PostgreSQL backends serving database `name`, sampled from /proc every half
    second (a backend's process title names its database; one that ends between samples loses at most its
    last half second)."""

    def __init__(self, name: str):
        super().__init__(daemon=True)
        self.title, self.seen, self.running = f": postgres {name} ".encode(), {}, True
        self.tick = os.sysconf("SC_CLK_TCK")

    def run(self):
        while self.running:
            for proc in Path("/proc").iterdir():
                try:
                    if proc.name.isdigit() and self.title in (proc / "cmdline").read_bytes():
                        fields = (proc / "stat").read_text().rpartition(")")[2].split()
                        self.seen[proc.name] = (int(fields[11]) + int(fields[12])) / self.tick
                except OSError:
                    continue
            time.sleep(0.5)

    def stop(self) -> float:
        self.running = False
        self.join()
        return sum(self.seen.values())


def process_cpu(pid: int) -> float:
    """CPU seconds so far of a live process and its live children (gunicorn's master and workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return (int(fields[11]) + int(fields[12])) / tick + sum(process_cpu(int(c)) for c in children)


def machine_busy():
    """(busy, total) jiffies of every core since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({model.group(1) if model else 'unknown CPU'}), "
        f"{int(mem.group(1)) / 1024 / 1024:.0f} GB, load average {os.getloadavg()[0]:.1f} before the run; "
        f"{pg}; generator and server on the same cores"
    )


ID = re.compile(r"/\d+/")
ACCESS = re.compile(r'"(GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+)ms')


def route(method: str, path: str) -> str:
    return f"{method} {ID.sub('/<id>/', path.split('?')[0])}"


def server_times(access_log: Path) -> tuple[dict, int]:
    """Per route: the times gunicorn's workers spent (ms, from the access log); and the 5xx answers."""
    times, errors = defaultdict(list), 0
    for line in access_log.read_text(errors="replace").splitlines():
        match = ACCESS.search(line)
        if match:
            method, path, status, ms = match.groups()
            times[route(method, path)].append(int(ms))
            errors += status.startswith("5")
    return times, errors


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def print_stats(out: Path) -> dict:
    rows = list(csv.DictReader((out / "final_stats.csv").open()))
    log(
        f"\n{'request':52} {'count':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}  (ms)"
    )
    total = {}
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        log(
            f"{name:52} {row['Request Count']:>6} {row['Failure Count']:>5} {float(row['Requests/s']):6.1f} "
            f"{row['50%']:>6} {row['95%']:>6} {row['99%']:>6} {float(row['Max']):6.0f}"
        )
        if row["Name"] == "Aggregated":
            total = row
    return total


def print_failures(out: Path):
    path = out / "final_failures.csv"
    rows = list(csv.DictReader(path.open())) if path.exists() else []
    for row in rows[:10]:
        log(f"  failed: {row['Name']} ×{row['Occurrences']}: {row['Error'][:200]}")


def print_server(times: dict):
    log(f"\n{'inside gunicorn (access log)':52} {'count':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for name, values in sorted(times.items(), key=lambda kv: -len(kv[1])):
        log(
            f"{name:52} {len(values):>6} {statistics.median(values):6.0f} {pct(values, 95):6.0f} "
            f"{pct(values, 99):6.0f}"
        )


def start_server(url: str, port: int, out: Path, media: str):
    env = server_env(url, port, media)
    env["GUNICORN_ACCESS_LOG"] = str(out / "access.log")
    env["GUNICORN_ERROR_LOG"] = str(out / "gunicorn.log")
    subprocess.run(
        [BIN / "python", "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    return subprocess.Popen(
        [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "luoshi.wsgi"], cwd=ROOT, env=env
    )


def run_locust(base: str, out: Path, users: int, spawn_rate: str, run_time: str) -> float:
    """Run the rush; returns locust's CPU seconds."""
    command = [BIN / "locust", "-f", str(ROOT / "tools" / "load" / "locustfile.py"), "--headless"]
    command += ["--users", str(users), "--spawn-rate", spawn_rate, "--run-time", run_time, "--host", base]
    command += ["--csv", str(out / "rush"), "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    with (out / "locust.log").open("w") as output:
        locust = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "LOAD_OUT": str(out), "PYTHONPATH": str(ROOT)},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        return cpu_seconds_of(locust)


def summary(out: Path, users: int, elapsed: float, cpu: dict, busy: float) -> bool:
    """Print the figures; True when every reporter got through without an error."""
    server_log = (out / "gunicorn.log").read_text()
    log(
        f"gunicorn: {len(re.findall('Booting worker', server_log))} sync workers started, "
        f"{server_log.count('WORKER TIMEOUT')} timed out"
    )
    if not (out / "final_stats.csv").exists():
        log("locust left no figures; its output:\n" + (out / "locust.log").read_text()[-3000:])
        return False
    total = print_stats(out)
    print_failures(out)
    times, server_errors = server_times(out / "access.log")
    print_server(times)
    done, failed = (int(v) for v in (out / "users.txt").read_text().split())
    log(
        f"\nrush: {elapsed:.0f} s; {done} of {users} reporters got through ({failed} stopped by a failure); "
        f"{int(total['Request Count']):,} requests, {float(total['Requests/s']):.1f} requests/s"
    )
    cores = os.cpu_count()
    others = busy * cores * elapsed - sum(cpu.values())

    def share(seconds):
        return f"{seconds:.0f} s ({seconds / elapsed / cores:.0%})"

    log(
        f"CPU over the rush ({cores} cores × {elapsed:.0f} s): machine {busy:.0%} busy; "
        + ", ".join(f"{name} {share(seconds)}" for name, seconds in cpu.items())
        + f", other processes {share(max(0, others))}"
    )
    errors, p95 = int(total["Failure Count"]), float(total["95%"] or 0)
    log(
        f"errors: {errors} failed requests, {server_errors} server errors (5xx); "
        f"p95 {p95:.0f} ms (goal ≤ {GOAL_P95_MS} ms: {'met' if p95 <= GOAL_P95_MS else 'missed'})"
    )
    log(f"files: {out}")
    return not errors and done == users


def main():
    users = env_int("LOAD_USERS", 300)
    spawn_rate = os.environ.get("LOAD_SPAWN_RATE") or "30"
    run_time = os.environ.get("LOAD_RUN_TIME") or "5m"
    port = env_int("LOAD_PORT", 8077)
    url = data.database_url()
    out = Path(os.environ.get("LOAD_OUT") or ROOT / ".bench" / "load")
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()

    data.ensure_database(url)
    data.setup_django(url)
    data.setup(users, fresh=bool(os.environ.get("LOAD_FRESH")))
    connections.close_all()

    base = f"http://127.0.0.1:{port}"
    log(f"\nmachine: {machine()}")
    media = tempfile.mkdtemp(prefix="luoshi-load-media-")
    gunicorn, server_start = start_server(url, port, out, media), 0.0
    try:
        wait_until_up(base, gunicorn)
        (out / "access.log").write_text("")  # the readiness probe is not part of the rush
        log(f"gunicorn on {base}; locust: {users} users at {spawn_rate}/s, at most {run_time}")
        backends = BackendCpu(url.rpartition("/")[2])
        backends.start()
        server_start = process_cpu(gunicorn.pid)  # starting up is not part of the rush
        busy0, total0, started = *machine_busy(), time.monotonic()
        locust_cpu = run_locust(base, out, users, spawn_rate, run_time)
        elapsed = time.monotonic() - started
        busy1, total1 = machine_busy()
        database_cpu = backends.stop()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        server_cpu = cpu_seconds_of(gunicorn) - server_start
        shutil.rmtree(media, ignore_errors=True)
    cpu = {"gunicorn": server_cpu, "PostgreSQL backends": database_cpu, "locust": locust_cpu}
    ok = summary(out, users, elapsed, cpu, (busy1 - busy0) / max(1, total1 - total0))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""A bounded load test: the UI served by ``kg ui`` in its own process, and 20 concurrent users
(gradio_client threads over loopback) asking its endpoints at once; every answer must be correct.
The p95 latency is printed (the speed target, p95 under 1 s on the bundled graph, belongs to
benchmarks, not to a timed unit test)."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from test_mission import expected_from_golden
from conftest import ROOT
from test_ui import COUNT_TASKS, MISSION_EN, MISSION_ZH, free_port, table

pytestmark = pytest.mark.slow

USERS = 20
ROUNDS = 3  # each user sends every request kind this many times
THINK = (0.5, 1.5)  # seconds a user waits between requests (reading the answer), drawn at random


def serve(graph_dir, port: int) -> subprocess.Popen:
    """``kg ui`` in a child process; returns once the page answers."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "ui", "--graph", str(graph_dir), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"kg ui exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise AssertionError("kg ui did not answer within 120 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), or NaN elsewhere."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def ui(built_graph):
    port = free_port()
    proc = serve(built_graph, port)
    yield f"http://127.0.0.1:{port}/", proc.pid
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_twenty_concurrent_users_get_correct_answers(ui, task_rows):
    from gradio_client import Client

    ui, pid = ui
    want_mission = {w[:3] for w in expected_from_golden()}
    unit = "南阳市生态环境局"
    want_dept = {t["iri"] for t in task_rows for r in ("lead", "support", "implement")
                 if any(u["canonical"] == unit for u in t[r])}
    some_task = next(t for t in task_rows if t["deadlines"])

    def mission(rows):
        return {(r["jurisdiction"], r["title"], r["date"]) for r in rows} == want_mission

    requests = [
        ("run_query", ("tasks_by_department", "市生态环境局", "lead", "2024-12-31", None, None, None, None, None, "zh"),
         lambda out: mission(table(out[1]))),
        ("ask", (MISSION_ZH, "zh"), lambda out: mission(table(out[1]))),
        ("ask", (MISSION_EN, "en"), lambda out: mission(table(out[1]))),
        ("department", (unit, "zh"), lambda out: {r["task"] for r in table(out[1])} == want_dept),
        ("sparql", (COUNT_TASKS, "en"), lambda out: table(out[1]) == [{"n": str(len(task_rows))}]),
        ("task_source", (some_task["iri"], "zh"), lambda out: some_task["document"] in out and "<mark" in out),
    ]
    warm = Client(ui, verbose=False, download_files=False, ssl_verify=False)
    for name, args, check in requests:  # one warm-up round (first question builds the word lists)
        assert check(warm.predict(*args, api_name="/" + name))

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(USERS)

    def user(i: int) -> None:
        try:
            client = Client(ui, verbose=False, download_files=False, ssl_verify=False)
            think = random.Random(i)
            start.wait(timeout=120)
            time.sleep(think.uniform(0, THINK[1]))  # users do not all click in the same millisecond
            for k in range(ROUNDS * len(requests)):
                name, args, check = requests[(i + k) % len(requests)]
                t0 = time.perf_counter()
                out = client.predict(*args, api_name="/" + name)
                dt = time.perf_counter() - t0
                ok = check(out)
                with lock:
                    latencies.append(dt)
                    if not ok:
                        failures.append(f"user {i}: wrong answer from /{name}")
                time.sleep(think.uniform(*THINK))
        except Exception as e:  # noqa: BLE001 - collected and reported below
            with lock:
                failures.append(f"user {i}: {type(e).__name__}: {e}")

    threads = [threading.Thread(target=user, args=(i,)) for i in range(USERS)]
    cpu0 = cpu_seconds(pid)
    t0 = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=600)
    wall = time.perf_counter() - t0
    server_cpu = cpu_seconds(pid) - cpu0
    assert not failures, failures[:5]
    assert len(latencies) == USERS * ROUNDS * len(requests)
    lat = sorted(latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    print(f"\nUI load: {USERS} users × {ROUNDS * len(requests)} requests (think {THINK[0]}–{THINK[1]} s) = "
          f"{len(lat)} in {wall:.1f} s; "
          f"median {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms; "
          f"server CPU {server_cpu / len(lat) * 1000:.0f} ms per request (the clients run in this process)")


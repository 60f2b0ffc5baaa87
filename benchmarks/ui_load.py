#!/usr/bin/env python3
"""UI load benchmark (``make bench-ui``): 20 concurrent users against ``kg ui`` over loopback.

The UI runs in its own process (``kg ui``); the users are gradio_client threads spread over
several client processes if wanted (``--procs``). gradio_client runs with ``ssl_verify=False``
(plain HTTP on loopback): with verification on it loads the CA bundle on every call, ~100 ms of
client CPU that competes with the server for the same cores. Each user sends the canned and free
questions of the UI in turn, with a think time between requests; every answer is compared with the
one the warm-up got (all must be equal).

Prints, and appends to benchmarks/results.md with --write: requests, median, p95, max latency and
the UI server's CPU per request. Target (issue "Gradio UI"): p95 under 1 s on the bundled graph.

Usage: python benchmarks/ui_load.py [--graph build/graph] [--users 20] [--procs 1] [--rounds 3] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MISSION_ZH = "市生态环境局牵头、2024年底前完成的任务有哪些"
MISSION_EN = "Which tasks does the city ecology bureau lead that are due by the end of 2024?"
COUNT_TASKS = "PREFIX pol: <https://w3id.org/policykg/ontology#> SELECT (COUNT(?t) AS ?n) WHERE { ?t a pol:Task }"
REQUESTS = [
    ("run_query", ["tasks_by_department", "市生态环境局", "lead", "2024-12-31", None, None, None, None, None, "zh"]),
    ("ask", [MISSION_ZH, "zh"]),
    ("ask", [MISSION_EN, "en"]),
    ("department", ["南阳市生态环境局", "zh"]),
    ("sparql", [COUNT_TASKS, "en"]),
]
THINK = (0.5, 1.5)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answer_key(out) -> str:
    """The answer table of an output tuple, as canonical JSON (rows sorted)."""
    table = out[1] if isinstance(out, (list, tuple)) else out
    rows = sorted(json.dumps(r, ensure_ascii=False) for r in table["data"])
    return json.dumps([table["headers"], rows], ensure_ascii=False)


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class HttpClient:
    """Gradio's documented HTTP API (POST /gradio_api/call/NAME, then read the event stream), with
    the standard library: what `curl` or any non-Python client does, at a fraction of
    gradio_client's own CPU per call."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")

    def predict(self, *args, api_name: str):
        body = json.dumps({"data": list(args)}).encode()
        req = urllib.request.Request(f"{self.url}/gradio_api/call{api_name}", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=120) as r:
            event_id = json.load(r)["event_id"]
        with urllib.request.urlopen(f"{self.url}/gradio_api/call{api_name}/{event_id}", timeout=120) as r:
            event = None
            for raw in r:
                line = raw.decode("utf-8").rstrip("\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    if event == "error":
                        raise RuntimeError(f"{api_name}: {line[5:].strip()}")
                    return json.loads(line[5:])


def make_client(kind: str, url: str):
    if kind == "http":
        return HttpClient(url)
    from gradio_client import Client

    # ssl_verify=False: the app is plain HTTP on loopback, so there is nothing to verify, and with
    # verification on gradio_client builds an SSL context from the CA bundle for every call
    # (~100 ms of client CPU per call, measured — the load generator then competes with the
    # server for the two cores; with it off, ~10 ms)
    return Client(url, verbose=False, download_files=False, ssl_verify=False)


def client_process(url: str, users: list[int], rounds: int, expected: dict[int, str], out: mp.Queue,
                   kind: str = "gradio_client") -> None:

    barrier = threading.Barrier(len(users))
    results: list[tuple[float, bool]] = []
    lock = threading.Lock()

    def user(i: int) -> None:
        client = make_client(kind, url)
        rnd = random.Random(i)
        barrier.wait(timeout=120)
        time.sleep(rnd.uniform(0, THINK[1]))
        for k in range(rounds * len(REQUESTS)):
            j = (i + k) % len(REQUESTS)
            name, args = REQUESTS[j]
            t0 = time.perf_counter()
            got = client.predict(*args, api_name="/" + name)
            elapsed = time.perf_counter() - t0
            with lock:
                results.append((elapsed, answer_key(got) == expected[j]))
            time.sleep(rnd.uniform(*THINK))

    threads = [threading.Thread(target=user, args=(i,)) for i in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", type=Path, default=ROOT / "build" / "graph")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--procs", type=int, default=1, help="client processes the users are spread over")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--client", choices=["gradio_client", "http"], default="gradio_client",
                    help="load generator: gradio_client threads, or plain HTTP calls of Gradio's API")
    ap.add_argument("--write", action="store_true", help="append the result to benchmarks/results.md")
    a = ap.parse_args()
    if not (a.graph / "manifest.json").is_file():
        sys.exit(f"{a.graph}: no built graph; run `python build_graph.py --out {a.graph}` first")

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    ui = subprocess.Popen([sys.executable, "-m", "kg.cli", "ui", "--graph", str(a.graph), "--port", str(port)],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        warm = make_client(a.client, url)
        expected = {j: answer_key(warm.predict(*args, api_name="/" + name)) for j, (name, args) in enumerate(REQUESTS)}
        queue: mp.Queue = mp.Queue()
        groups = [list(range(p, a.users, a.procs)) for p in range(a.procs)]
        cpu0, t0 = cpu_seconds(ui.pid), time.perf_counter()
        procs = [mp.Process(target=client_process, args=(url, g, a.rounds, expected, queue, a.client)) for g in groups if g]
        for p in procs:
            p.start()
        results = [r for _ in procs for r in queue.get(timeout=900)]
        for p in procs:
            p.join()
        wall, server_cpu = time.perf_counter() - t0, cpu_seconds(ui.pid) - cpu0
    finally:
        ui.terminate()
        ui.wait(timeout=30)

    lat = sorted(r[0] for r in results)
    wrong = sum(1 for r in results if not r[1])
    p95 = lat[int(0.95 * (len(lat) - 1))]
    load = os.getloadavg()
    line = (f"{a.client}: {a.users} users in {a.procs} client processes × {a.rounds * len(REQUESTS)} requests "
            f"(think {THINK[0]}–{THINK[1]} s): {len(lat)} requests in {wall:.1f} s, {wrong} wrong answers; "
            f"median {statistics.median(lat) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms; "
            f"UI server CPU {server_cpu / len(lat) * 1000:.0f} ms per request")
    print(line)
    if a.write:
        when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with open(ROOT / "benchmarks" / "results.md", "a", encoding="utf-8") as f:
            f.write(f"\n## UI under load ({when}, `make bench-ui`)\n\n"
                    f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores; load average before the "
                    f"run {load[0]:.1f}. Bundled graph. {line}. Target p95 under 1 s: "
                    f"{'✅' if p95 < 1 and not wrong else '❌'}.\n")
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Load generator for dom0tuned's control socket (protocol v1).

Measures, against a running daemon: sequential `status` requests over one raw
connection (req/s, p50, p99), the same with a new connection per request, 64
concurrent clients, the daemon's RSS before and after 100k requests, and
`dom0ctl status` wall time. Bounded in count and time; talks only to a Unix socket.

Placement: the daemon, this load generator and dom0ctl run on one CPU (--cpu, default
0), so the figures measure the daemon and not the cost of waking a thread on another
vCPU, which on a VM is an inter-processor interrupt through the hypervisor and, on the
2-vCPU Firecracker guest where this was written, costs more than the daemon's whole
answer. A baseline, a trivial echo server in Python answering a line of the same size,
runs the same sequential loop in the same placement, and both are measured once more
spread over all CPUs, so that cost is visible too.
"""
import argparse
import json
import os
import selectors
import socket
import statistics
import subprocess
import sys
import time

REQUEST = b'{"v":1,"cmd":"status"}\n'


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def set_affinity(pid, cpus):
    """Pins every thread of `pid` (threads made later inherit it from their creator)."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            os.sched_setaffinity(int(tid), cpus)
        except (ProcessLookupError, PermissionError):
            pass


def echo_baseline(count, size):
    """A single-threaded Python server answering each line with `size` bytes: the same
    sequential loop against it gives the machine's floor for one request's round trip."""
    path = f"/tmp/dom0tuned-bench-echo-{os.getpid()}.sock"
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    child = os.fork()
    if child == 0:
        answer = b"x" * (size - 1) + b"\n"
        conn, _ = server.accept()
        buf = b""
        while True:
            data = conn.recv(65536)
            if not data:
                os._exit(0)
            buf += data
            while b"\n" in buf:
                _, _, buf = buf.partition(b"\n")
                conn.sendall(answer)
    server.close()
    try:
        rate, lat = sequential(path, count, expect=b"x")
    finally:
        os.waitpid(child, 0)
        os.unlink(path)
    return rate, lat


def cpu_seconds(pid):
    """utime + stime of the daemon, in seconds (clock ticks from /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * (len(sorted_values) - 1)))))
    return sorted_values[k]


def read_line(sock, buf):
    while b"\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise RuntimeError("daemon closed the connection")
        buf += chunk
    line, _, rest = buf.partition(b"\n")
    return line, rest


def sequential(path, count, expect=b'{"v":1,"ok":true'):
    """One connection, one request at a time."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    buf = b""
    latencies = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter_ns()
        s.sendall(REQUEST)
        line, buf = read_line(s, buf)
        latencies.append(time.perf_counter_ns() - t0)
        if not line.startswith(expect):
            raise RuntimeError(f"unexpected answer: {line[:200]!r}")
    total = time.perf_counter() - start
    s.close()
    latencies.sort()
    return count / total, latencies


def connection_per_request(path, count):
    latencies = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter_ns()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.sendall(REQUEST)
        line, _ = read_line(s, b"")
        s.close()
        latencies.append(time.perf_counter_ns() - t0)
    total = time.perf_counter() - start
    latencies.sort()
    return count / total, latencies


def concurrent(path, clients, count):
    """`clients` connections kept busy from one selector loop until `count` answers."""
    sel = selectors.DefaultSelector()
    state = {}
    for _ in range(clients):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
        s.setblocking(False)
        state[s] = [b"", time.perf_counter_ns()]
        s.send(REQUEST)
        sel.register(s, selectors.EVENT_READ)
    done = 0
    sent = clients
    latencies = []
    start = time.perf_counter()
    deadline = start + 120
    while done < count and time.perf_counter() < deadline:
        for key, _ in sel.select(timeout=5):
            s = key.fileobj
            data = s.recv(65536)
            if not data:
                raise RuntimeError("daemon closed a busy connection")
            st = state[s]
            st[0] += data
            while b"\n" in st[0]:
                _, _, st[0] = st[0].partition(b"\n")
                done += 1
                now = time.perf_counter_ns()
                latencies.append(now - st[1])
                if sent < count:
                    st[1] = now
                    s.send(REQUEST)
                    sent += 1
    total = time.perf_counter() - start
    for s in state:
        s.close()
    latencies.sort()
    return done / total, latencies


def dom0ctl_wall(dom0ctl, path, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run([dom0ctl, "status", "--socket", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            raise RuntimeError(f"dom0ctl status failed: {r.stderr.decode()}")
    times.sort()
    return times


def ms(ns):
    return ns / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--dom0ctl", required=True)
    ap.add_argument("--requests", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--cpu", type=int, default=0, help="the CPU everything runs on (-1: no pinning)")
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    all_cpus = os.sched_getaffinity(0)
    placement = {args.cpu} if args.cpu >= 0 else all_cpus
    os.sched_setaffinity(0, placement)
    set_affinity(args.pid, placement)

    figures = {}
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.connect(args.socket)
    probe.sendall(REQUEST)
    answer_size = len(read_line(probe, b"")[0]) + 1
    probe.close()
    rss_start = rss_kib(args.pid)
    # Warm-up: first-touch of code pages and allocator arenas is not growth.
    sequential(args.socket, 1000)
    rss_warm = rss_kib(args.pid)
    anon_warm = rss_kib(args.pid, "RssAnon")

    cpu0 = cpu_seconds(args.pid)
    rate, lat = sequential(args.socket, args.requests)
    cpu_us = (cpu_seconds(args.pid) - cpu0) * 1e6 / args.requests
    figures["sequential"] = {"daemon_cpu_us_per_request": cpu_us,"requests": args.requests, "req_per_s": rate, "p50_ms": ms(percentile(lat, 50)),
                             "p99_ms": ms(percentile(lat, 99)), "max_ms": ms(lat[-1])}
    rss_after = rss_kib(args.pid)
    anon_after = rss_kib(args.pid, "RssAnon")
    rate, lat = echo_baseline(args.requests // 5, answer_size)
    figures["baseline_echo"] = {"requests": args.requests // 5, "answer_bytes": answer_size, "req_per_s": rate,
                                "p50_ms": ms(percentile(lat, 50)), "p99_ms": ms(percentile(lat, 99))}

    rate, lat = connection_per_request(args.socket, 10_000)
    figures["connection_per_request"] = {"requests": 10_000, "req_per_s": rate, "p50_ms": ms(percentile(lat, 50)),
                                         "p99_ms": ms(percentile(lat, 99))}

    rate, lat = concurrent(args.socket, args.clients, args.requests)
    figures["concurrent"] = {"clients": args.clients, "requests": args.requests, "req_per_s": rate,
                             "p50_ms": ms(percentile(lat, 50)), "p99_ms": ms(percentile(lat, 99))}
    rss_end = rss_kib(args.pid)

    figures["rss_kib"] = {"at_start": rss_start, "after_warmup": rss_warm, "after_100k_sequential": rss_after,
                          "after_concurrent": rss_end, "growth_over_100k": rss_after - rss_warm,
                          "anon_after_warmup": anon_warm, "anon_growth_over_100k": anon_after - anon_warm}

    walls = dom0ctl_wall(args.dom0ctl, args.socket, 30)
    figures["dom0ctl_status_ms"] = {"median": statistics.median(walls) * 1000, "min": walls[0] * 1000,
                                    "max": walls[-1] * 1000}

    # The same sequential loops again, the threads free to run on any CPU.
    if placement != all_cpus:
        os.sched_setaffinity(0, all_cpus)
        set_affinity(args.pid, all_cpus)
        spread = {}
        rate, lat = sequential(args.socket, args.requests // 5)
        spread["daemon"] = {"req_per_s": rate, "p50_ms": ms(percentile(lat, 50)), "p99_ms": ms(percentile(lat, 99))}
        rate, lat = echo_baseline(args.requests // 5, answer_size)
        spread["baseline_echo"] = {"req_per_s": rate, "p50_ms": ms(percentile(lat, 50)), "p99_ms": ms(percentile(lat, 99))}
        figures["spread_over_cpus"] = spread

    seq, conc, rss, wall = figures["sequential"], figures["concurrent"], figures["rss_kib"], figures["dom0ctl_status_ms"]
    where = f"CPU {args.cpu}" if args.cpu >= 0 else "all CPUs"
    base = figures["baseline_echo"]
    print(f"placement: daemon, load generator and dom0ctl on {where} (of {len(all_cpus)})")
    print(f"sequential status, one connection: {seq['req_per_s']:.0f} req/s, p50 {seq['p50_ms']:.3f} ms, "
          f"p99 {seq['p99_ms']:.3f} ms, max {seq['max_ms']:.2f} ms ({seq['requests']} requests)")
    print(f"  baseline, Python echo server answering {base['answer_bytes']} bytes: {base['req_per_s']:.0f} req/s, "
          f"p50 {base['p50_ms']:.3f} ms, p99 {base['p99_ms']:.3f} ms; daemon/baseline {seq['req_per_s'] / base['req_per_s']:.2f}")
    print(f"  daemon CPU per status request: {seq['daemon_cpu_us_per_request']:.1f} us "
          f"(one core could serve {1e6 / max(seq['daemon_cpu_us_per_request'], 0.001):.0f} req/s)")
    with open("/proc/loadavg") as f:
        print(f"  load average during the run: {f.read().split()[0]} on {os.cpu_count()} CPUs")
    cpr = figures["connection_per_request"]
    print(f"new connection per request:        {cpr['req_per_s']:.0f} req/s, p50 {cpr['p50_ms']:.3f} ms, "
          f"p99 {cpr['p99_ms']:.3f} ms")
    print(f"{conc['clients']} concurrent clients:             {conc['req_per_s']:.0f} req/s, p50 {conc['p50_ms']:.3f} ms, "
          f"p99 {conc['p99_ms']:.3f} ms")
    print(f"daemon RSS: {rss['at_start']} KiB at start, {rss['after_warmup']} after 1k warm-up, "
          f"{rss['after_100k_sequential']} after 100k more (growth {rss['growth_over_100k']} KiB), "
          f"{rss['after_concurrent']} after the concurrent run; anonymous (heap) {rss['anon_after_warmup']} KiB, "
          f"growth {rss['anon_growth_over_100k']} KiB")
    print(f"dom0ctl status wall time: median {wall['median']:.2f} ms, min {wall['min']:.2f} ms, "
          f"max {wall['max']:.2f} ms (30 runs)")
    if "spread_over_cpus" in figures:
        d, b = figures["spread_over_cpus"]["daemon"], figures["spread_over_cpus"]["baseline_echo"]
        print(f"spread over {len(all_cpus)} CPUs (cross-CPU wake-ups, not judged): daemon {d['req_per_s']:.0f} req/s "
              f"p99 {d['p99_ms']:.3f} ms; baseline {b['req_per_s']:.0f} req/s p99 {b['p99_ms']:.3f} ms; "
              f"daemon/baseline {d['req_per_s'] / b['req_per_s']:.2f}")

    checks = [
        ("sequential >= 10000 req/s", seq["req_per_s"] >= 10_000),
        ("sequential p99 <= 1 ms", seq["p99_ms"] <= 1.0),
        ("RSS growth over 100k requests <= 256 KiB", rss["growth_over_100k"] <= 256),
        ("dom0ctl status median <= 10 ms", wall["median"] <= 10.0),
    ]
    failed = 0
    for name, ok in checks:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
        failed += 0 if ok else 1
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

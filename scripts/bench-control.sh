#!/bin/sh
# Benchmarks dom0tuned's control socket against the release daemon, run for real with
# the fake xl 4.17 (Tests/Dom0TuneHostTests/Fixtures/fake-xl) on a temp root and socket.
# Prints requests/s, p50/p99 latency, 64 concurrent clients, RSS before/after 100k
# requests and `dom0ctl status` wall time, each against its target; exits 1 if one is missed.
#
#   scripts/bench-control.sh            build release (static stdlib), then measure
#   BENCH_SKIP_BUILD=1 scripts/bench-control.sh
#   BENCH_CPU=1 scripts/bench-control.sh     run everything on CPU 1 (default 0; -1: unpinned)
#
# Everything runs on one CPU so the figures are the daemon's, not the cost of a wake-up
# on another vCPU (an interrupt through the hypervisor on a VM); the script prints a
# Python echo server's figures in the same placement as the baseline, and both again
# spread over all CPUs.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --static-swift-stdlib --product dom0tuned >/dev/null
    swift build -c release --static-swift-stdlib --product dom0ctl >/dev/null
fi
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)

dir=$(mktemp -d /tmp/dom0tuned-bench-XXXXXX)
daemon_pid=""
cleanup() {
    [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

mkdir -p "$dir/xl" "$dir/root/proc/xen"
echo credit2 > "$dir/xl/scheduler"
echo 256 > "$dir/xl/weight"
echo control_d > "$dir/root/proc/xen/capabilities"
cat > "$dir/dom0tuned.conf" <<CONF
[Toolstack]
Xl=$repo/Tests/Dom0TuneHostTests/Fixtures/fake-xl
[Control]
Socket=$dir/control.sock
Group=root
CONF

env -u NOTIFY_SOCKET -u WATCHDOG_USEC -u JOURNAL_STREAM FAKE_XL_DIR="$dir/xl" \
    "$bin/dom0tuned" --config "$dir/dom0tuned.conf" --root "$dir/root" 2>"$dir/stderr" &
daemon_pid=$!

i=0
until "$bin/dom0ctl" status --socket "$dir/control.sock" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then echo "daemon did not answer; its stderr:" >&2; cat "$dir/stderr" >&2; exit 2; fi
    sleep 0.1
done

# The daemon gives back its start-up pages 2 s after READY, and its periodic check (10 s)
# and memory sample (10 s) fault their code back in: measure after one round of each.
sleep "${BENCH_SETTLE:-12}"
echo "release daemon $(du -k "$bin/dom0tuned" | cut -f1) KiB on disk, dom0ctl $(du -k "$bin/dom0ctl" | cut -f1) KiB"
python3 "$repo/scripts/bench-control.py" --socket "$dir/control.sock" --pid "$daemon_pid" \
    --dom0ctl "$bin/dom0ctl" --cpu "${BENCH_CPU:-0}" ${BENCH_JSON:+--json "$BENCH_JSON"}

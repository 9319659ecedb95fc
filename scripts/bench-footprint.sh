#!/bin/bash
# Footprint benchmark: runs the release daemon with the default config (only Xl=
# pointed at the test fake of xl 4.17 and XenstoreWatch= at an idle fake) idle for DURATION seconds and prints its
# RSS, wakeups per second (context switches of all its threads), its own CPU %
# and, apart, the CPU % of the xl processes it ran. earlyoom is measured beside it
# over the same window when it is installed, as a baseline.
#
# Usage: scripts/bench-footprint.sh [DURATION]   (default 60)
# Targets (issue 2): <= 8 MiB RSS, <= 0.5 wakeups/s, <= 0.05 % of a core.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-60}
export PATH="/opt/swift/usr/bin:$PATH"

swift build -c release --static-swift-stdlib --product dom0tuned >/dev/null
bin=$(swift build -c release --static-swift-stdlib --show-bin-path)/dom0tuned

work=$(mktemp -d)
trap 'kill $daemon_pid ${baseline_pid:-} 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/root/proc/xen" "$work/root/proc/pressure" "$work/xl"
echo control_d > "$work/root/proc/xen/capabilities"
# The memory watch reads below the root too: a snapshot of this machine's files (no
# swap traffic, as on an idle dom0; a regular file arms no PSI trigger, so the watch
# samples). Without them it would retry a failing read every interval.
for f in vmstat meminfo swaps pressure/memory; do cat "/proc/$f" > "$work/root/proc/$f" 2>/dev/null || true; done
# An idle xenstore-watch (a missing one is restarted with backoff, which would be counted).
printf '#!/bin/sh\nfor p in "$@"; do echo "$p"; done\nexec sleep infinity\n' > "$work/xenstore-watch"
chmod +x "$work/xenstore-watch"
printf '[Toolstack]\nXl=%s\nXenstoreWatch=%s\n' "$PWD/Tests/Dom0TuneHostTests/Fixtures/fake-xl" "$work/xenstore-watch" \
    > "$work/dom0tuned.conf"

hz=$(getconf CLK_TCK)

# Context switches (voluntary + involuntary) per thread of PID, as "TID COUNT" lines.
thread_switches() {
    for status in /proc/"$1"/task/*/status; do
        awk -v tid="$(basename "$(dirname "$status")")" \
            '/^(voluntary|nonvoluntary)_ctxt_switches/ { s += $2 } END { print tid, s + 0 }' "$status" 2>/dev/null
    done
}
# Samples every second for the whole window, so worker threads that come and go are
# counted too; prints the switches over the window summed over every thread seen.
count_switches() { # pid seconds
    local pid=$1 seconds=$2 file
    file=$(mktemp)
    thread_switches "$pid" | sed 's/^/start /' > "$file"
    for _ in $(seq "$seconds"); do sleep 1; thread_switches "$pid" | sed 's/^/seen /' >> "$file"; done
    awk '$1 == "start" { start[$2] = $3 } $1 == "seen" { if ($3 > last[$2]) last[$2] = $3 }
         END { for (t in last) s += last[t] - (t in start ? start[t] : 0); print s + 0 }' "$file"
    rm -f "$file"
}
# utime+stime and cutime+cstime (reaped children: the xl calls), in ticks.
cpu_ticks() { awk '{ print $14 + $15, $16 + $17 }' /proc/"$1"/stat; }
rss_kib() { awk '/^VmRSS/ { print $2 }' /proc/"$1"/status; }
threads() { ls /proc/"$1"/task | wc -l; }

FAKE_XL_DIR="$work/xl" "$bin" --config "$work/dom0tuned.conf" --root "$work/root" 2>"$work/daemon.log" &
daemon_pid=$!
if command -v earlyoom >/dev/null; then
    earlyoom -r 0 >/dev/null 2>&1 &
    baseline_pid=$!
fi
sleep 5 # let start-up finish; measure the idle state only
# Clear the accessed bits once the first periodic rounds (10 s) have faulted their code
# back in after the start-up trim: smaps' Referenced: at the end is what the rest of the
# window touched (pages the kernel mapped around a fault count as touched).
ref_after=$(( duration > 30 ? 15 : duration / 2 ))
(sleep "$ref_after"; echo 1 > /proc/$daemon_pid/clear_refs 2>/dev/null || true) &

read -r d_cpu0 d_child0 < <(cpu_ticks $daemon_pid)
if [ -n "${baseline_pid:-}" ]; then
    read -r b_cpu0 _ < <(cpu_ticks $baseline_pid)
    count_switches "$baseline_pid" "$duration" > "$work/baseline.switches" &
    counter_pid=$!
fi
d_switches=$(count_switches "$daemon_pid" "$duration")
if [ -n "${counter_pid:-}" ]; then wait "$counter_pid"; fi
read -r d_cpu1 d_child1 < <(cpu_ticks $daemon_pid)
calls=$(grep -c . "$work/xl/calls")

report() { # name pid cpu0 cpu1 switches
    awk -v name="$1" -v rss="$(rss_kib "$2")" -v thr="$(threads "$2")" -v c0="$3" -v c1="$4" \
        -v sw="$5" -v d="$duration" -v hz="$hz" 'BEGIN {
        printf "%-10s RSS %6.2f MiB  threads %d  wakeups %5.2f/s  CPU %6.3f %% of a core\n",
            name, rss / 1024, thr, sw / d, (c1 - c0) / hz / d * 100 }'
}
echo "idle ${duration}s on $(nproc) cores, $(uname -r); binary $(du -h "$bin" | cut -f1)"
report dom0tuned $daemon_pid "$d_cpu0" "$d_cpu1" "$d_switches"
# Where the RSS is: anonymous memory, the executable's own pages (its text resident and
# the part of it touched during the window), shared libraries. A kernel that maps a
# file's large folios whole on one fault (ext4 from Linux 6.16) leaves far more of the
# text resident than the daemon touches.
awk -v exe="$(readlink -f "$bin")" -v window=$(( duration - ref_after )) '
    /^[0-9a-f]+-[0-9a-f]+ / { path = $6; perms = $2; next }
    /^Rss:/ { if (path == exe) { exe_rss += $2; if (perms ~ /x/) text += $2 } else if (path ~ /\.so/) libs += $2 }
    /^Referenced:/ { if (path == exe && perms ~ /x/) text_ref += $2 }
    /^Anonymous:/ { anon += $2 }
    END { printf "  RSS by kind: anonymous %.2f MiB, executable %.2f MiB (text %.2f MiB, of it touched in the last %d s %.2f MiB), shared libraries %.2f MiB\n",
          anon / 1024, exe_rss / 1024, text / 1024, window, text_ref / 1024, libs / 1024 }' /proc/$daemon_pid/smaps
awk -v c0="$d_child0" -v c1="$d_child1" -v d="$duration" -v hz="$hz" -v n="$calls" 'BEGIN {
    printf "xl (fake)  CPU %6.3f %% of a core over %d calls in all (incl. start-up)\n", (c1 - c0) / hz / d * 100, n }'
if [ -n "${baseline_pid:-}" ]; then
    read -r b_cpu1 _ < <(cpu_ticks $baseline_pid)
    report earlyoom $baseline_pid "$b_cpu0" "$b_cpu1" "$(cat "$work/baseline.switches")"
else
    echo "earlyoom   not installed (apt-get install earlyoom for a baseline)"
fi
awk -v rss="$(rss_kib $daemon_pid)" -v sw="$d_switches" -v c0="$d_cpu0" -v c1="$d_cpu1" -v d="$duration" -v hz="$hz" 'BEGIN {
    printf "  %s  RSS <= 8 MiB\n", rss <= 8192 ? "PASS" : "FAIL"
    printf "  %s  wakeups <= 0.5/s\n", sw / d <= 0.5 ? "PASS" : "FAIL"
    printf "  %s  CPU <= 0.05 %% of a core\n", (c1 - c0) / hz / d * 100 <= 0.05 ? "PASS" : "FAIL" }'

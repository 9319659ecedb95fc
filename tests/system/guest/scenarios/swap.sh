#!/bin/bash
# mem.swap-warning: dom0 made to swap (1 GiB swap file, a process touching ~700 MiB of a
# 512 MiB dom0); dom0tuned's warning reaches the journal within 2 s of the first pswpout
# increase. mem.swap-episode-end: once the process is gone and swap is quiet for QuietSec
# (5 s here, through a drop-in), the episode's end entry follows, with its account.
# Figures: both latencies.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
# The target is 2 s (issue 4) and is reported as a figure; the assertion bound is
# generous because times inside a TCG guest stretch with host load (seen: 0.08-3.4 s).
limit=${SYSTEST_SWAP_LIMIT:-10}
hog_mib=${SYSTEST_HOG_MIB:-700}
quiet=5
end_limit=${SYSTEST_SWAP_END_LIMIT:-120}
swap=/systest.swap
dropin=/etc/dom0tuned.conf.d/70-systest-swap.conf
cleanup() { rm -f $dropin; timeout 60 systemctl reload dom0tuned; swapoff $swap 2>/dev/null; rm -f $swap; }
trap cleanup EXIT
mkdir -p /etc/dom0tuned.conf.d
printf '[Memory]\nQuietSec=%s\n' $quiet >$dropin
timeout 60 systemctl reload dom0tuned || echo "reload with QuietSec=$quiet failed"
if ! { fallocate -l 1G $swap && chmod 600 $swap && mkswap $swap >/dev/null && swapon $swap; }; then
    rm -f $swap
    dd if=/dev/zero of=$swap bs=1M count=1024 status=none && chmod 600 $swap && mkswap $swap >/dev/null && swapon $swap \
        || { fail mem.swap-warning "could not enable a 1 GiB swap file"; exit 0; }
fi
swapon --show
free -m
t_start=$(now)
python3 - "$hog_mib" >"$SYSTEST_OUT/swap-sampler.txt" 2>&1 <<'PY'
import subprocess, sys, time
mib = int(sys.argv[1])
def pswpout():
    with open("/proc/vmstat") as f:
        for line in f:
            if line.startswith("pswpout "):
                return int(line.split()[1])
hog = ("import time\nb = bytearray(%d << 20)\nend = time.time() + 90\n"
       "while time.time() < end:\n    for i in range(0, len(b), 4096): b[i] = (b[i] + 1) & 255\n" % mib)
base = pswpout()
start = time.time()
p = subprocess.Popen([sys.executable, "-c", hog])
first = None
while time.time() - start < 150:
    v = pswpout()
    if first is None and v > base:
        first = time.time()
        print("first_pswpout %.6f %d" % (first, v - base), flush=True)
    if first is not None and time.time() - first > 15:
        break
    if p.poll() is not None:
        break
    time.sleep(0.05)
print("pages_out %d" % (pswpout() - base))
print("hog_rc %s" % p.poll())
p.kill(); p.wait()
print("hog_gone %.6f" % time.time(), flush=True)
PY
cat "$SYSTEST_OUT/swap-sampler.txt"
first=$(awk '/^first_pswpout/ { print $2 }' "$SYSTEST_OUT/swap-sampler.txt")
grep -E 'pswp' /proc/vmstat
if [ -z "$first" ]; then
    fail mem.swap-warning "dom0 did not swap: no pswpout increase in 150 s with a $hog_mib MiB process"
    exit 0
fi
sleep 2
journalctl -b -u dom0tuned -o json --no-pager --since "@$(( ${t_start%.*} - 1 ))" >"$SYSTEST_OUT/swap-journal.json"
entry=$(jq -r 'select(._TRANSPORT == "journal" and ((.PRIORITY // "6") | tonumber) <= 4)
               | select(((.MESSAGE // "") | test("swap|memory"; "i")) or (keys | map(select(test("^DOM0TUNED_.*(SWAP|MEM|PSWP)"))) | length > 0))
               | "\(.__REALTIME_TIMESTAMP) \(.MESSAGE)"' "$SYSTEST_OUT/swap-journal.json" | head -1)
ctl_memory=$(timeout 20 dom0ctl memory 2>&1); ctl_rc=$?
echo "dom0ctl memory (exit $ctl_rc): $ctl_memory"
if [ -z "$entry" ]; then
    if ! command -v dom0ctl >/dev/null || unsupported_output $ctl_rc "$ctl_memory"; then
        pending mem.swap-warning "dom0 swapped (first pswpout at +$(elapsed "$t_start" "$first") s) but no warning; the memory watch has not landed (dom0ctl memory missing)"
    else
        fail mem.swap-warning "expected a warning (priority <= 4, about swap/memory) in dom0tuned's journal after the first pswpout increase, saw none"
    fi
    exit 0
fi
te=$(awk -v t="${entry%% *}" 'BEGIN { printf "%.6f", t / 1e6 }')
lat=$(elapsed "$first" "$te")
figure swap.warning_latency "$lat" s "first pswpout increase -> warning in the journal (TCG)"
if le "$lat" "$limit"; then
    pass mem.swap-warning "warning $lat s after the first pswpout increase: ${entry#* }"
else
    fail mem.swap-warning "expected the warning within $limit s of the first pswpout increase, saw $lat s: ${entry#* }"
fi

# The end: MESSAGE_ID swapEpisodeEnded (docs/journal: 42816826b6484d13a2d7e1da374b98e5).
gone=$(awk '/^hog_gone/ { print $2 }' "$SYSTEST_OUT/swap-sampler.txt")
end_entry() {
    journal_json --since "@$(( ${t_start%.*} - 1 ))" \
        | jq -r 'select(.MESSAGE_ID == "42816826b6484d13a2d7e1da374b98e5") | "\(.__REALTIME_TIMESTAMP) \(.MESSAGE)"' | head -1
}
has_end() { [ -n "$(end_entry)" ]; }
wait_until "$end_limit" has_end
ended=$(end_entry)
grep -E 'pswp' /proc/vmstat
if [ -z "$ended" ]; then
    fail mem.swap-episode-end "expected the episode's end entry within $end_limit s of the memory hog's exit (QuietSec=$quiet), saw none; dom0ctl memory: $(timeout 20 dom0ctl memory 2>&1 | tr '\n' ' ')"
    exit 0
fi
te=$(awk -v t="${ended%% *}" 'BEGIN { printf "%.6f", t / 1e6 }')
end_lat=$(elapsed "${gone:-$te}" "$te")
figure swap.end_after_hog "$end_lat" s "memory hog gone -> episode end entry (QuietSec=$quiet, TCG)"
pass mem.swap-episode-end "end entry $end_lat s after the hog exited (QuietSec=$quiet): ${ended#* }"

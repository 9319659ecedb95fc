#!/bin/bash
# unit.active, unit.order, unit.ready-weight: dom0tuned started by systemd after xen.service,
# and READY=1 came with dom0's weight already at 512. Figure: xen.service active -> ready.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
U=dom0tuned.service
wait_until 90 sh -c '[ "$(systemctl is-active dom0tuned.service)" != activating ]' || true
state=$(systemctl is-active $U)
systemctl status --no-pager $U | head -20
if [ "$state" = active ]; then
    pass unit.active "active, main PID $(unit_prop $U MainPID), restarts $(unit_prop $U NRestarts), status: $(unit_prop $U StatusText)"
else
    fail unit.active "expected dom0tuned.service active after boot, saw '$state' ($(unit_prop $U Result)); last log: $(journalctl -b -u dom0tuned -n 3 -o cat --no-pager | tr '\n' ' ')"
fi

xen_up=$(unit_prop xen.service ActiveEnterTimestampMonotonic)
d_start=$(unit_prop $U ExecMainStartTimestampMonotonic)
d_ready=$(unit_prop $U ActiveEnterTimestampMonotonic)
echo "xen.service active at $xen_up us; dom0tuned exec at $d_start us, ready at $d_ready us"
if [ "${xen_up:-0}" -gt 0 ] && [ "${d_start:-0}" -gt 0 ] && [ "$d_start" -ge "$xen_up" ]; then
    pass unit.order "dom0tuned started $(awk -v a="$xen_up" -v b="$d_start" 'BEGIN { printf "%.2f", (b - a) / 1e6 }') s after xen.service was active"
else
    fail unit.order "expected dom0tuned's start (${d_start:-?} us) after xen.service active (${xen_up:-?} us)"
fi
if [ "${d_ready:-0}" -gt 0 ] && [ "${xen_up:-0}" -gt 0 ]; then
    figure ready.latency_from_xen "$(awk -v a="$xen_up" -v b="$d_ready" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')" s "xen.service active -> dom0tuned READY=1 (TCG)"
    figure ready.startup "$(awk -v a="$d_start" -v b="$d_ready" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')" s "dom0tuned exec -> READY=1 (TCG)"
    figure ready.at_uptime "$(awk -v b="$d_ready" 'BEGIN { printf "%.1f", b / 1e6 }')" s "dom0 uptime at dom0tuned READY=1"
fi

# The probe unit ordered After=dom0tuned.service read the weight as soon as dom0tuned was
# "started", which for Type=notify means READY=1 had arrived.
probe=$(cat /var/lib/systest/weight-at-ready 2>/dev/null)
w=$(echo "$probe" | awk '{print $2}')
p_start=$(unit_prop systest-after-dom0tuned.service ExecMainStartTimestampMonotonic)
echo "probe: '$probe' (started at $p_start us)"
if [ "$w" = 512 ] && [ "${p_start:-0}" -ge "${d_ready:-1}" ]; then
    pass unit.ready-weight "a unit ordered After=dom0tuned.service saw weight 512 when it started, $(awk -v a="$d_ready" -v b="$p_start" 'BEGIN { printf "%.2f", (b - a) / 1e6 }') s after READY=1"
else
    fail unit.ready-weight "expected weight 512 at READY=1 (read by a unit ordered after dom0tuned), saw '${w:-nothing}' (probe started at ${p_start:-?} us, ready at ${d_ready:-?} us)"
fi

pid=$(unit_prop $U MainPID)
if [ "${pid:-0}" -gt 0 ]; then
    figure daemon.rss "$(awk '/^VmRSS/ {print $2}' /proc/$pid/status)" KiB "dom0tuned resident memory"
    figure daemon.threads "$(awk '/^Threads/ {print $2}' /proc/$pid/status)" "" "dom0tuned threads"
fi

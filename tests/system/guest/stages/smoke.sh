#!/bin/bash
# Infrastructure smoke test: dom0 booted under Xen, xen.service up, xl answers.
. "$SYSTEST_MNT/guest/lib.sh"
cat /proc/xen/capabilities
xlt info | head -30
xlt list
xlt vcpu-list
systemctl is-active xen.service
systemd-analyze
if grep -q control_d /proc/xen/capabilities 2>/dev/null; then
    pass xen.dom0 "dom0 under Xen $(xlt info | awk -F': *' '/^xen_version/ {print $2}'), scheduler $(current_sched), weight $(dom0_weight)"
else
    fail xen.dom0 "expected control_d in /proc/xen/capabilities, saw '$(cat /proc/xen/capabilities 2>&1)'"
fi

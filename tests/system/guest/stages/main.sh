#!/bin/bash
# Boot 2 of the credit2 run: dom0tuned was installed in boot 1 and systemd started it in
# its real order in this boot. Runs the scenarios; the swap scenario last (it fills memory).
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"

check_xen_dom0 credit2 quiet
if ! have_pkg; then
    fail unit.ready "dom0tuned is not installed in boot 2 (did boot 1's dpkg -i fail?)"
    exit 0
fi
figure "boot.userspace_with_dom0tuned" "$(userspace_seconds)" s "kernel start to multi-user (systemd-analyze)"
run_scenario ready 120
run_scenario restore 120
run_scenario journal 60
run_scenario dom0ctl 120
run_scenario reload 150
run_scenario guest 150
run_scenario check 120
run_scenario security 60
run_scenario xl-needs "$([ "${SYSTEST_XL_PROBE:-}" = full ] && echo 900 || echo 300)"
# The daemon's idle footprint in a real dom0 after the scenarios (figures; the target is
# judged by scripts/bench-footprint.sh on the build machine).
pid=$(unit_prop dom0tuned.service MainPID)
if [ "${pid:-0}" -gt 0 ]; then
    sleep 15
    for field in VmRSS RssAnon RssFile; do
        figure "daemon.idle_$(echo $field | tr 'A-Z' 'a-z')" "$(awk -v f="$field:" '$1 == f { print $2 }' /proc/$pid/status)" KiB \
            "$field after the scenarios and 15 s idle, kernel $(uname -r)"
    done
fi
run_scenario swap 420

#!/bin/bash
# make demo, boot 2: dom0tuned started by systemd in its real order; show what it says.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
wait_until 60 sh -c '[ "$(systemctl is-active dom0tuned.service)" != activating ]' || true
{
    echo "### xl info (excerpt)"
    xlt info | grep -E '^(xen_version|xen_scheduler|xen_commandline|nr_cpus|total_memory|free_memory)'
    echo
    echo "### xl sched-$(current_sched) -d Domain-0"
    xlt "sched-$(current_sched)" -d Domain-0
    echo
    echo "### systemctl status dom0tuned"
    SYSTEMD_COLORS=0 systemctl status --no-pager --lines=0 dom0tuned.service
    echo
    if command -v dom0ctl >/dev/null; then
        echo "### dom0ctl status"
        timeout 20 dom0ctl status; echo "(exit $?)"
        echo
        echo "### dom0ctl check"
        timeout 20 dom0ctl check; echo "(exit $?)"
    else
        echo "### dom0ctl: not installed by this package version (pending)"
    fi
    echo
    echo "### journalctl -u dom0tuned -b"
    journalctl -b -u dom0tuned --no-pager -o short-monotonic
} >"$SYSTEST_OUT/demo.txt" 2>&1
cat "$SYSTEST_OUT/demo.txt"

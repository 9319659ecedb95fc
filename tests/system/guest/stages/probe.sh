#!/bin/bash
# One boot for the xl/sandbox investigation only (by hand, not in run.sh): install the
# package, then run the full xl-needs matrix.   plan: probe
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
check_xen_dom0 "$(current_sched)"
install_package "$DEB" install
SYSTEST_XL_PROBE=full run_scenario xl-needs 900
journalctl -b -u dom0tuned --no-pager

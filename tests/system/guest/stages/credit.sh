#!/bin/bash
# The sched=credit run (one boot): install applies the weight through the credit scheduler;
# then the package's upgrade, remove and purge.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"

check_xen_dom0 credit || exit 0
align_grub_with_running
install_package "$DEB" install-credit
have_pkg || exit 0  # installed even if its unit failed: the package scenarios still apply
run_scenario credit 120
run_scenario lifecycle 300

#!/bin/bash
# Infrastructure only (no package to test): dom0 booted under Xen and xl answers.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
check_xen_dom0 "${1:-credit2}"
figure "boot.userspace" "$(userspace_seconds)" s "kernel start to multi-user (systemd-analyze)"

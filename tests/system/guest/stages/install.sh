#!/bin/bash
# Boot 1 of the credit2 run: the fresh dom0 as Debian boots it, then `dpkg -i` of the
# project's package. The next boot (after boot.sh reboots dom0) starts dom0tuned in its
# real order.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"

check_xen_dom0 credit2
figure "boot.userspace_before_install" "$(userspace_seconds)" s "kernel start to multi-user (systemd-analyze), no dom0tuned"
figure "weight.before_install" "$(dom0_weight)" "" "xl sched-$(current_sched) -d 0 on a fresh boot"

# A probe ordered after dom0tuned: it records dom0's weight the moment dom0tuned is
# "started", i.e. when its READY=1 arrived (Type=notify), in the next boot.
mkdir -p /var/lib/systest
cat >/etc/systemd/system/systest-after-dom0tuned.service <<'EOF'
[Unit]
Description=system test probe: dom0's weight when dom0tuned reports ready
After=dom0tuned.service
Wants=dom0tuned.service

[Service]
Type=oneshot
ExecStart=/bin/sh -c 'printf "%%s %%s\\n" "$(cat /proc/uptime | cut -d" " -f1)" "$(timeout 30 xl sched-credit2 -d 0 2>&1 | awk "/^Domain-0/ {print \\$3}")" > /var/lib/systest/weight-at-ready'
RemainAfterExit=yes

[Install]
WantedBy=multi-user.target
EOF
systemctl enable systest-after-dom0tuned.service

align_grub_with_running
install_package "$DEB" install

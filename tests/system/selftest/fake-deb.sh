#!/bin/bash
# Builds a stand-in dom0tuned package (a shell script daemon) to check the harness itself
# before the real package exists or when a scenario's verdict looks suspicious:
#   SYSTEST_DEB=$(tests/system/selftest/fake-deb.sh) tests/system/run.sh
# It applies and re-applies dom0's weight, notifies systemd, logs structured entries with
# `logger --journald` and handles SIGHUP; it has no dom0ctl and no `check` (those scenarios
# must come out PENDING). Prints the .deb's path.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
d=$CACHE_DIR/fake-deb
rm -rf "$d"; mkdir -p "$d/tree/DEBIAN" "$d/tree/usr/sbin" "$d/tree/lib/systemd/system" "$d/tree/etc"
install -m 0755 "$here/fake-dom0tuned" "$d/tree/usr/sbin/dom0tuned"
cat >"$d/tree/lib/systemd/system/dom0tuned.service" <<'UNIT'
[Unit]
Description=dom0tuned stand-in (system-test self-test)
ConditionPathExists=/proc/xen/capabilities
After=xen.service proc-xen.mount
Before=xendomains.service

[Service]
Type=notify
NotifyAccess=all
ExecStart=/usr/sbin/dom0tuned
ExecReload=/bin/kill -HUP $MAINPID
RuntimeDirectory=dom0tuned

[Install]
WantedBy=multi-user.target
UNIT
printf '[Scheduler]\n#Weight=512\n#CheckIntervalSec=10\n' >"$d/tree/etc/dom0tuned.conf"
echo /etc/dom0tuned.conf >"$d/tree/DEBIAN/conffiles"
cat >"$d/tree/DEBIAN/control" <<'CTL'
Package: dom0tuned
Version: 0.0.1~fake
Architecture: amd64
Maintainer: dom0tuned system test <root@localhost>
Depends: bash, util-linux
Description: stand-in dom0tuned for the system test's self-test
CTL
cat >"$d/tree/DEBIAN/postinst" <<'SH'
#!/bin/sh
set -e
if [ "$1" = configure ] || [ "$1" = abort-upgrade ]; then
    deb-systemd-helper unmask dom0tuned.service >/dev/null || true
    if deb-systemd-helper --quiet was-enabled dom0tuned.service; then
        deb-systemd-helper enable dom0tuned.service >/dev/null || true
    else
        deb-systemd-helper update-state dom0tuned.service >/dev/null || true
    fi
    if [ -d /run/systemd/system ]; then
        systemctl --system daemon-reload >/dev/null || true
        if [ -n "$2" ]; then a=restart; else a=start; fi
        deb-systemd-invoke $a dom0tuned.service >/dev/null || true
    fi
fi
SH
cat >"$d/tree/DEBIAN/prerm" <<'SH'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && [ "$1" = remove ]; then
    deb-systemd-invoke stop dom0tuned.service >/dev/null || true
fi
SH
cat >"$d/tree/DEBIAN/postrm" <<'SH'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl --system daemon-reload >/dev/null || true; fi
if [ "$1" = remove ]; then deb-systemd-helper mask dom0tuned.service >/dev/null || true; fi
if [ "$1" = purge ]; then
    deb-systemd-helper purge dom0tuned.service >/dev/null || true
    deb-systemd-helper unmask dom0tuned.service >/dev/null || true
fi
SH
chmod 0755 "$d/tree/DEBIAN/postinst" "$d/tree/DEBIAN/prerm" "$d/tree/DEBIAN/postrm"
dpkg-deb --root-owner-group -b "$d/tree" "$d/dom0tuned_0.0.1~fake_amd64.deb" >/dev/null
echo "$d/dom0tuned_0.0.1~fake_amd64.deb"

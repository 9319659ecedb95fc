#!/bin/bash
# make demo: the main job on a machine without Xen. Boots real Xen 4.17 with a Debian 12 dom0
# under QEMU (TCG), installs dist/dom0tuned_*_amd64.deb, reboots dom0 so systemd starts
# dom0tuned in its real order, then shows `dom0ctl status`, `dom0ctl check` and
# `journalctl -u dom0tuned`, and powers off. A real demo, no simulation. Takes a few minutes.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
require_root
ensure_host_tools
img=$("$SYSTEST_DIR/build-image.sh")
deb=${SYSTEST_DEB:-$(ls -t "$REPO_ROOT"/dist/dom0tuned_*_amd64.deb 2>/dev/null | head -1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || die "no dist/dom0tuned_*_amd64.deb: run make deb first (make demo does)"

out=$OUT_ROOT/demo
rm -rf "$out"; mkdir -p "$out/staging/debs"
cp -r "$SYSTEST_DIR/guest" "$out/staging/guest"
cp "$deb" "$out/staging/debs/"
printf 'install\ndemo\n' >"$out/staging/plan"
{
    echo "DEB=debs/$(basename "$deb")"
    # SYSTEST_UNIT_DROPIN: see run.sh (a unit drop-in installed before the package).
    [ -z "${SYSTEST_UNIT_DROPIN:-}" ] || printf 'SYSTEST_UNIT_DROPIN=%q\n' "$SYSTEST_UNIT_DROPIN"
} >"$out/staging/config"
log "demo: $(basename "$deb") on Xen 4.17 / Debian 12 under QEMU (two dom0 boots, a few minutes)"
rc=0
SYSTEST_TIMEOUT=${SYSTEST_TIMEOUT:-900} "$SYSTEST_DIR/run-vm.sh" "$img" "$out/staging" "$out/vm" || rc=$?
rm -rf "$out/staging"
echo
if [ -f "$out/vm/io/demo.txt" ]; then
    cat "$out/vm/io/demo.txt"
else
    echo "no demo output came back (QEMU status $rc); install log:"
    cat "$out/vm/io/stage-1-install.log" 2>/dev/null || tail -40 "$out/vm/console.log"
    exit 1
fi
echo
echo "(dom0 booted twice under QEMU in $(cat "$out/vm/wall_s") s; serial console: $out/vm/console.log)"

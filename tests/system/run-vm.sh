#!/bin/bash
# Boots Xen 4.17 + the Debian 12 dom0 image under QEMU (TCG) once, with a second disk
# (label SYSTESTIO) carrying the inputs and bringing results back.
#
#   run-vm.sh IMAGE_DIR STAGING_DIR OUT_DIR
#
# STAGING_DIR becomes the I/O disk (mkfs.ext4 -d, no loop mount); it must hold guest/boot.sh
# and a `plan` file (one stage script per dom0 boot; dom0 reboots between stages within the
# same QEMU process, so what a stage installs survives into the next one; the root disk is
# snapshot=on, so the cached image stays pristine). After QEMU exits, the disk's out/ folder
# is copied to OUT_DIR/io/ with debugfs. The serial console (Xen + dom0) is OUT_DIR/console.log.
#
# Environment: SYSTEST_SCHED=credit adds sched=credit to Xen's command line;
# SYSTEST_TIMEOUT (s, default 900) is QEMU's wall-clock limit: QEMU is killed after it.
# Exit status: 0 when QEMU powered off by itself, 124 on timeout, else QEMU's status.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ $# -eq 3 ] || die "usage: run-vm.sh IMAGE_DIR STAGING_DIR OUT_DIR"
img=$1 staging=$2 out=$3
timeout_s=${SYSTEST_TIMEOUT:-900}
[ -f "$img/ready" ] || die "no built image in $img (run build-image.sh)"
[ -f "$staging/plan" ] && [ -f "$staging/guest/boot.sh" ] || die "$staging lacks plan or guest/boot.sh"
mkdir -p "$out"
case "$img$out" in *,*|*' '*) die "paths must not contain commas or spaces (QEMU option syntax)";; esac

xen_cmdline="dom0_mem=512M,max:512M dom0_max_vcpus=1 dom0_vcpus_pin console=com1 com1=115200,8n1 loglvl=all guest_loglvl=all"
[ "${SYSTEST_SCHED:-}" = credit ] && xen_cmdline="$xen_cmdline sched=credit"
# dom0 arguments: no commas allowed (QEMU splits multiboot modules on commas).
dom0_args="root=LABEL=dom0root rw console=hvc0 earlyprintk=xen nosoftlockup systemd.wants=systest.service"

io="$out/io.img"
rm -f "$io"
truncate -s 512M "$io"
mkfs.ext4 -q -F -L SYSTESTIO -d "$staging" "$io" >/dev/null

log "booting Xen under QEMU TCG (${SYSTEST_SCHED:-credit2}), limit ${timeout_s} s; console: $out/console.log"
t0=$(date +%s.%N)
set +e
timeout --kill-after=15 "$timeout_s" qemu-system-x86_64 \
    -accel tcg -cpu qemu64 -m 2048 -smp 2 \
    -nodefaults -nic none -vga none -display none -monitor none -parallel none \
    -serial "file:$out/console.log" \
    -kernel "$img/xen" -append "$xen_cmdline" \
    -initrd "$img/vmlinuz $dom0_args,$img/initrd.img" \
    -drive "file=$img/dom0.img,format=raw,if=virtio,snapshot=on" \
    -drive "file=$io,format=raw,if=virtio" \
    </dev/null >"$out/qemu.log" 2>&1
rc=$?
set -e
t1=$(date +%s.%N)
wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
echo "$wall" >"$out/wall_s"
echo "$rc" >"$out/qemu_rc"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    log "QEMU killed after the ${timeout_s} s limit (wall ${wall} s)"
    rc=124
else
    log "QEMU exited with status $rc after ${wall} s"
fi

rm -rf "$out/io"
mkdir -p "$out/io"
if ! debugfs -R "rdump /out $out/io" "$io" >"$out/debugfs.log" 2>&1; then
    log "could not read results back from $io (see $out/debugfs.log)"
fi
[ -d "$out/io/out" ] && { cp -a "$out/io/out/." "$out/io/"; rm -rf "$out/io/out"; }
exit "$rc"

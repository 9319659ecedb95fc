#!/bin/bash
# Builds the system test's Debian 12 dom0 image with Xen 4.17 (debootstrap, no loop mounts)
# and caches it under .cache/system/image-<hash>/ with the Xen ELF, dom0 kernel and initrd.
# The hash covers this script, image/packages.txt and image/files/*: the image is rebuilt
# only when one of them changes. Prints the image folder on stdout.
#
# The Debian mirror is read at run time from the host's apt configuration; none is written
# into the repository.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

require_root
ensure_host_tools

out=$(image_dir)
if [ -f "$out/ready" ]; then
    log "image up to date: $out"
    echo "$out"
    exit 0
fi

mirror=$(apt_debian_mirror)
[ -n "$mirror" ] || die "no Debian bookworm source found in /etc/apt/sources.list or /etc/apt/sources.list.d/*.list|*.sources; the image needs one"

section() { awk -v s="[$1]" '/^\[/ { on = ($0 == s); next } on && NF && !/^#/ { print $1 }' "$SYSTEST_DIR/image/packages.txt"; }
base_pkgs=$(section debootstrap | paste -sd, -)
apt_pkgs=$(section apt | paste -sd' ' -)

mkdir -p "$CACHE_DIR"
work="$out.tmp"
rootfs="$work/rootfs"
mounted=()
cleanup() {
    local m
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    mounted=()
}
trap cleanup EXIT
rm -rf "$work"
mkdir -p "$rootfs"
t0=$(date +%s)

log "debootstrap bookworm from $mirror (minbase + $base_pkgs)"
debootstrap --variant=minbase --include="$base_pkgs" bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -30 "$work/debootstrap.log" >&2; die "debootstrap failed (log: $work/debootstrap.log)"; }
t1=$(date +%s)

# apt sources inside the image: the host's own Debian bookworm entries.
apt_debian_sources | while read -r uri suite comps; do
    echo "deb $uri $suite ${comps:-main}"
done >"$rootfs/etc/apt/sources.list"

# Nothing starts inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod +x "$rootfs/usr/sbin/policy-rc.d"

# A small initramfs: only what a virtio root disk under Xen needs.
mkdir -p "$rootfs/etc/initramfs-tools/conf.d"
printf 'MODULES=list\nCOMPRESS=zstd\n' >"$rootfs/etc/initramfs-tools/conf.d/systest.conf"
printf 'virtio_pci\nvirtio_blk\next4\nxen-blkfront\n' >>"$rootfs/etc/initramfs-tools/modules"

for m in proc sys dev dev/pts; do
    case $m in
        proc) mount -t proc proc "$rootfs/proc" ;;
        sys) mount -t sysfs sys "$rootfs/sys" ;;
        dev) mount --bind /dev "$rootfs/dev" ;;
        dev/pts) mount -t devpts devpts "$rootfs/dev/pts" ;;
    esac
    mounted+=("$rootfs/$m")
done

log "apt-get install $apt_pkgs"
chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
    sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends $apt_pkgs && apt-get clean" \
    >"$work/apt.log" 2>&1 || { tail -30 "$work/apt.log" >&2; die "package install failed (log: $work/apt.log)"; }
t2=$(date +%s)

# The tiny PV guest's initramfs: static busybox and an /init that sleeps.
chroot "$rootfs" /bin/sh -c '
    set -e
    d=$(mktemp -d)
    mkdir -p "$d/bin" "$d/proc" "$d/dev" /var/lib/systest
    cp /bin/busybox "$d/bin/busybox"
    cat > "$d/init"
    chmod 755 "$d/init"
    cd "$d" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9 > /var/lib/systest/tiny-initrd.gz
    rm -rf "$d"' <"$SYSTEST_DIR/image/files/tiny-init"

cleanup

# Configuration of the booted system.
rm -f "$rootfs/usr/sbin/policy-rc.d"
echo dom0-systest >"$rootfs/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 dom0-systest\n' >"$rootfs/etc/hosts"
printf 'LABEL=dom0root / ext4 defaults,errors=remount-ro 0 1\n' >"$rootfs/etc/fstab"
chroot "$rootfs" systemd-machine-id-setup >/dev/null 2>&1 || true
chroot "$rootfs" passwd -d root >/dev/null
mkdir -p "$rootfs/var/log/journal"  # persistent journal: boot -1 stays readable after a reboot
install -m 0755 "$SYSTEST_DIR/image/files/systest-boot" "$rootfs/usr/local/sbin/systest-boot"
install -m 0644 "$SYSTEST_DIR/image/files/systest.service" "$rootfs/etc/systemd/system/systest.service"
# Timers that would only add noise to a short test boot.
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer \
         man-db.timer logrotate.timer dpkg-db-backup.timer; do
    ln -sf /dev/null "$rootfs/etc/systemd/system/$u"
done

# Boot artefacts for QEMU: Xen as a plain ELF (multiboot), dom0 kernel, initrd.
xen_gz=$(ls "$rootfs"/boot/xen-4.17*-amd64.gz 2>/dev/null | head -1)
[ -n "$xen_gz" ] || die "no /boot/xen-4.17*-amd64.gz in the image"
zcat "$xen_gz" >"$work/xen"
cp "$(ls "$rootfs"/boot/vmlinuz-* | sort -V | tail -1)" "$work/vmlinuz"
cp "$(ls "$rootfs"/boot/initrd.img-* | sort -V | tail -1)" "$work/initrd.img"
{
    echo "xen=$(basename "$xen_gz")"
    echo "kernel=$(basename "$(ls "$rootfs"/boot/vmlinuz-* | sort -V | tail -1)")"
    echo "xen_version=$(chroot "$rootfs" dpkg-query -W -f='${Version}' xen-hypervisor-common 2>/dev/null || true)"
    echo "systemd_version=$(chroot "$rootfs" dpkg-query -W -f='${Version}' systemd)"
    echo "rootfs_mib=$(du -sm "$rootfs" | cut -f1)"
} >"$work/manifest"

log "mkfs.ext4 -d (no loop mount)"
truncate -s 3G "$work/dom0.img"
mkfs.ext4 -q -F -L dom0root -d "$rootfs" "$work/dom0.img" >/dev/null
rm -rf "$rootfs"
t3=$(date +%s)
{
    echo "debootstrap_s=$((t1 - t0))"
    echo "apt_s=$((t2 - t1))"
    echo "build_s=$((t3 - t0))"
} >>"$work/manifest"

# Keep only this image: older ones are dead weight.
find "$CACHE_DIR" -maxdepth 1 -name 'image-*' ! -name "$(basename "$out")*" -exec rm -rf {} + 2>/dev/null || true
rm -rf "$out"
mv "$work" "$out"
touch "$out/ready"
log "image built in $((t3 - t0)) s: $out"
echo "$out"

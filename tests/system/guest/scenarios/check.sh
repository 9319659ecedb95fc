#!/bin/bash
# check.autoballoon, check.cmdline-pending: `dom0tuned check` reports autoballoon="on" in
# /etc/xen/xl.conf (mem.autoballoon) and a GRUB configuration whose Xen command line differs
# from the running one (boot.cmdline-pending). Files are restored afterwards.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
cp -a /etc/xen/xl.conf /tmp/xl.conf.orig
cp -a /etc/default/grub.d/xen.cfg /tmp/xen.cfg.orig 2>/dev/null
had_grub=$([ -e /etc/default/grub ] && echo yes)
restore() {
    cp -a /tmp/xl.conf.orig /etc/xen/xl.conf
    [ -e /tmp/xen.cfg.orig ] && cp -a /tmp/xen.cfg.orig /etc/default/grub.d/xen.cfg
    [ -n "$had_grub" ] || rm -f /etc/default/grub
    rm -rf /boot/grub
}
trap restore EXIT

run_check() { out=$(timeout 60 dom0tuned check "$@" 2>&1); rc=$?; printf '$ dom0tuned check %s (exit %s)\n%s\n\n' "$*" "$rc" "$out" | tee -a "$SYSTEST_OUT/check.txt"; }

# Before: the shipped files.
run_check
if unsupported_output $rc "$out"; then
    pending check.autoballoon "dom0tuned check not implemented: $(echo "$out" | head -1)"
    pending check.cmdline-pending "dom0tuned check not implemented"
    exit 0
fi
before=$out

# autoballoon="on" in xl.conf.
sed -i '/^[#[:space:]]*autoballoon[[:space:]]*=/d' /etc/xen/xl.conf
echo 'autoballoon="on"' >>/etc/xen/xl.conf
# An admin edited GRUB's Xen line (dom0_mem 1024M) and has not rebooted yet; update-grub
# would have written the matching grub.cfg entry.
running=$(xlt info | awk '/^xen_commandline/ { sub(/^[^:]*: */, ""); print }')
pending_line="dom0_mem=1024M,max:1024M dom0_max_vcpus=1 dom0_vcpus_pin"
sed -i '/^GRUB_CMDLINE_XEN_DEFAULT=/d' /etc/default/grub.d/xen.cfg
echo "GRUB_CMDLINE_XEN_DEFAULT=\"$pending_line\"" >>/etc/default/grub.d/xen.cfg
[ -e /etc/default/grub ] || printf 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=Debian\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n' >/etc/default/grub
mkdir -p /boot/grub
kver=$(uname -r)
cat >/boot/grub/grub.cfg <<CFG
set default="Debian GNU/Linux, with Xen hypervisor"
menuentry 'Debian GNU/Linux, with Xen hypervisor' --class debian --class gnu-linux --class gnu --class os --class xen \$menuentry_id_option 'xen-gnulinux-simple-systest' {
	insmod part_msdos
	insmod ext2
	search --no-floppy --label --set=root dom0root
	echo	'Loading Xen 4.17-amd64.gz ...'
	multiboot2	/boot/xen-4.17-amd64.gz placeholder $pending_line \${xen_rm_opts}
	echo	'Loading Linux $kver ...'
	module2	/boot/vmlinuz-$kver placeholder root=LABEL=dom0root ro  quiet
	echo	'Loading initial ramdisk ...'
	module2 --nounzip   /boot/initrd.img-$kver
}
CFG
echo "running Xen command line: $running"
run_check
after=$out
json=""
run_check --json
if [ $rc -le 3 ] && echo "$out" | jq -e . >/dev/null 2>&1; then json=$out; fi

sev() {  # severity of check id $1 in the --json output, else "reported" if the id appears in text
    local s=""
    [ -n "$json" ] && s=$(echo "$json" | jq -r --arg id "$1" '.. | objects | select(.id? == $id) | .severity' 2>/dev/null | head -1)
    if [ -z "$s" ]; then  # text output: the severity word on the id's line
        s=$(echo "$after" | grep -m1 -- "$1" | grep -owiE 'critical|warning|warn|error|unknown|ok' | head -1)
    fi
    echo "$s"
}
for pair in check.autoballoon:mem.autoballoon check.cmdline-pending:boot.cmdline-pending; do
    name=${pair%%:*} id=${pair#*:}
    s=$(sev "$id")
    line=$(echo "$after" | grep -m1 -- "$id")
    case "$s" in
        ""|ok|OK) fail "$name" "expected dom0tuned check to report $id as a problem, saw '${s:-nothing}'${line:+: $line}" ;;
        *) pass "$name" "$id $s: ${line:-see check.txt}" ;;
    esac
done

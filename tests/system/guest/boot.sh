#!/bin/bash
# Runs inside dom0 at every boot (systest.service, after multi-user.target), from the
# SYSTESTIO disk mounted at $1. Boot N runs the N-th stage listed in $1/plan, stores its
# output and exit status under $1/out/, then reboots dom0 if a further stage is planned,
# else powers the machine off. A stage that did not finish (dom0 crashed or rebooted during
# it) is recorded as such and the machine powers off: never a boot loop.
set -u
mnt=$1
out=$mnt/out
mkdir -p "$out"
console() { echo "systest: $*" >/dev/console 2>/dev/null || true; }

boot=$(( $(cat "$out/bootcount" 2>/dev/null || echo 0) + 1 ))
echo "$boot" >"$out/bootcount"
sync

finish() {  # $1 = reboot | poweroff
    journalctl -b --no-pager -o short-monotonic >"$out/journal-boot$boot.txt" 2>&1 || true
    sync
    cd /
    umount "$mnt" 2>/dev/null || { sync; sleep 1; umount -l "$mnt" 2>/dev/null; }
    console "boot $boot done: $1"
    systemctl --no-block "$1"
    exit 0
}

prev=$((boot - 1))
if [ "$prev" -ge 1 ] && [ ! -f "$out/stage-$prev.rc" ]; then
    printf 'boot-%s\tFAIL\tstage %s did not finish: dom0 rebooted or crashed during it (see console.log)\n' \
        "$prev" "$(sed -n "${prev}p" "$mnt/plan")" >>"$out/results.tsv"
    finish poweroff
fi

stage=$(sed -n "${boot}p" "$mnt/plan")
if [ -z "$stage" ]; then
    console "boot $boot: nothing planned"
    finish poweroff
fi

console "boot $boot: stage $stage"
[ -f "$mnt/config" ] && . "$mnt/config" # SYSTEST_STAGE_TIMEOUT
export SYSTEST_MNT=$mnt SYSTEST_OUT=$out SYSTEST_BOOT=$boot SYSTEST_STAGE=$stage
date -u +%s.%N >"$out/stage-$boot.start"
timeout --kill-after=10 "${SYSTEST_STAGE_TIMEOUT:-1500}" \
    bash "$mnt/guest/stages/$stage.sh" >"$out/stage-$boot-$stage.log" 2>&1
rc=$?
echo "$rc" >"$out/stage-$boot.rc"
console "boot $boot: stage $stage exited $rc"

if [ -n "$(sed -n "$((boot + 1))p" "$mnt/plan")" ]; then
    finish reboot
else
    finish poweroff
fi

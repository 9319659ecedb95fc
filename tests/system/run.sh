#!/bin/bash
# make system-test: the dom0tuned package on a real Xen 4.17 hypervisor with a Debian 12 dom0,
# booted under QEMU (TCG). Two QEMU runs, three dom0 boots:
#   run A (credit2): boot 1 installs dist/dom0tuned_*_amd64.deb with dpkg and reboots dom0;
#                    boot 2 (systemd starts dom0tuned in its real order) runs the scenarios.
#   run B (sched=credit): installs the package, checks the credit scheduler, then upgrade,
#                    remove and purge.
# Prints a report (PASS / FAIL with expected vs seen / PENDING for features not landed yet)
# and the figures; exits 1 on any FAIL or missing result, 2 on a harness error.
#
# Environment: SYSTEST_DEB (package to test, default the newest dist/dom0tuned_*_amd64.deb),
# SYSTEST_ONLY=A|B (one run only), SYSTEST_TIMEOUT_A / _B (QEMU wall-clock limits, s),
# SYSTEST_UNIT_DROPIN (text of a dom0tuned.service drop-in installed before the package, to
# try a unit change without rebuilding; "\n" for newlines; reported as a FAIL-free note).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

require_root
t_all=$(date +%s)
ensure_host_tools

t_img=$(date +%s)
img=$("$SYSTEST_DIR/build-image.sh")
t_img=$(( $(date +%s) - t_img ))

deb=${SYSTEST_DEB:-$(ls -t "$REPO_ROOT"/dist/dom0tuned_*_amd64.deb 2>/dev/null | head -1 || true)}
[ -z "$deb" ] || [ -f "$deb" ] || die "SYSTEST_DEB=$deb does not exist"

run_id=$(date -u +%Y%m%dT%H%M%SZ)
out=$OUT_ROOT/$run_id
mkdir -p "$out"
ln -sfn "$run_id" "$OUT_ROOT/latest"
# Keep the last three runs only.
ls -1d "$OUT_ROOT"/2* 2>/dev/null | sort | head -n -3 | xargs -r rm -rf

# stage_dir NAME PLAN...: an I/O disk tree with the guest scripts, the plan and the package(s).
stage_dir() {
    local d=$out/$1.staging; shift
    rm -rf "$d"; mkdir -p "$d/debs"
    cp -r "$SYSTEST_DIR/guest" "$d/guest"
    printf '%s\n' "$@" >"$d/plan"
    {
        echo "SYSTEST_STAGE_TIMEOUT=${SYSTEST_STAGE_TIMEOUT:-1500}"
        for v in SYSTEST_MAX_EXPOSURE SYSTEST_GUEST_LIMIT SYSTEST_SWAP_LIMIT SYSTEST_HOG_MIB SYSTEST_XL_PROBE \
                 SYSTEST_UNIT_DROPIN; do
            [ -n "${!v:-}" ] && printf '%s=%q\n' "$v" "${!v}"
        done
        if [ -n "$deb" ]; then
            cp "$deb" "$d/debs/"
            echo "DEB=debs/$(basename "$deb")"
        fi
        if [ -n "${upgrade_deb:-}" ]; then
            mkdir -p "$d/debs/upgrade"
            cp "$upgrade_deb" "$d/debs/upgrade/"
            echo "DEB_UPGRADE=debs/upgrade/$(basename "$upgrade_deb")"
        fi
    } >"$d/config"
    echo "$d"
}

# The same package with a higher version, for the upgrade scenario.
upgrade_deb=""
if [ -n "$deb" ]; then
    x=$out/upgrade-build
    rm -rf "$x"; mkdir -p "$x"
    dpkg-deb -R "$deb" "$x/tree"
    v=$(awk -F': ' '$1 == "Version" { print $2 }' "$x/tree/DEBIAN/control")
    sed -i "s/^Version: .*/Version: ${v}+systest1/" "$x/tree/DEBIAN/control"
    upgrade_deb=$x/dom0tuned_${v}+systest1_amd64.deb
    dpkg-deb -b -Zgzip "$x/tree" "$upgrade_deb" >/dev/null
    rm -rf "$x/tree"
fi

expected_a="xen.dom0-credit2 pkg.install unit.active unit.order unit.ready-weight weight.restore
    journal.fields journal.catalog ctl.status ctl.check ctl.metrics ctl.reapply-nonroot
    reload.apply reload.broken-keeps-old cpu.guest-overlap check.autoballoon check.cmdline-pending
    unit.security xl.hardened mem.swap-warning mem.swap-episode-end"
expected_b="xen.dom0-credit pkg.install-credit sched.credit weight.restore-credit pkg.upgrade pkg.remove pkg.purge"

results=$out/results.tsv figures=$out/figures.tsv
: >"$results"; : >"$figures"
[ -z "${SYSTEST_UNIT_DROPIN:-}" ] || echo -e "note.unit-dropin\t-\t\tSYSTEST_UNIT_DROPIN applied: $(printf '%b' "$SYSTEST_UNIT_DROPIN" | paste -sd' ' -)" >>"$figures"
echo -e "image.build_or_reuse\t$t_img\ts\t$( [ "$t_img" -gt 20 ] && echo "built: $(grep -E '^(debootstrap_s|apt_s)' "$img/manifest" | tr '\n' ' ')" || echo "cached image reused")" >>"$figures"

# vm_run LABEL SCHED TIMEOUT EXPECTED PLAN...
vm_run() {
    local label=$1 sched=$2 limit=$3 expected=$4; shift 4
    local d rc=0 name
    d=$(stage_dir "$label" "$@")
    SYSTEST_SCHED=$sched SYSTEST_TIMEOUT=$limit "$SYSTEST_DIR/run-vm.sh" "$img" "$d" "$out/$label" || rc=$?
    echo -e "vm.wall_$label\t$(cat "$out/$label/wall_s")\ts\tQEMU wall time, $# dom0 boot(s), ${sched:-credit2}" >>"$figures"
    [ -f "$out/$label/io/results.tsv" ] && cat "$out/$label/io/results.tsv" >>"$results"
    [ -f "$out/$label/io/figures.tsv" ] && cat "$out/$label/io/figures.tsv" >>"$figures"
    if [ "$rc" = 124 ]; then
        echo -e "vm.$label\tFAIL\tQEMU did not power off within $limit s; killed (console: $out/$label/console.log)" >>"$results"
    elif [ "$rc" != 0 ]; then
        echo -e "vm.$label\tFAIL\tQEMU exited with status $rc (see $out/$label/qemu.log)" >>"$results"
    fi
    for name in $expected; do
        grep -q "^$name	" "$results" || echo -e "$name\tFAIL\tno result: the VM or an earlier step stopped before this scenario ran (logs: $out/$label/io/)" >>"$results"
    done
    rm -rf "$d"
}

if [ -z "$deb" ]; then
    log "no dist/dom0tuned_*_amd64.deb: booting once to check the harness; package scenarios are pending"
    vm_run a-smoke "" "${SYSTEST_TIMEOUT_A:-600}" "xen.dom0-credit2" smoke
    for name in $expected_a $expected_b; do
        case $name in xen.dom0-credit2) ;; *) echo -e "$name\tPENDING\tno package: run make deb first (dist/dom0tuned_*_amd64.deb)" >>"$results" ;; esac
    done
else
    log "testing $(basename "$deb") (upgrade to $(basename "$upgrade_deb"))"
    [ "${SYSTEST_ONLY:-A}" = B ] || vm_run a-credit2 "" "${SYSTEST_TIMEOUT_A:-2400}" "$expected_a" install main
    [ "${SYSTEST_ONLY:-B}" = A ] || vm_run b-credit credit "${SYSTEST_TIMEOUT_B:-1200}" "$expected_b" credit
fi
echo -e "systest.total\t$(( $(date +%s) - t_all ))\ts\tmake system-test wall time after make deb (2 cores, TCG)" >>"$figures"

"$SYSTEST_DIR/report.sh" "$out"

# Steps shared by the stages (sourced after lib.sh).
# shellcheck shell=bash

# Settings written by run.sh: DEB, DEB_UPGRADE, limits.
[ -f "$SYSTEST_MNT/config" ] && . "$SYSTEST_MNT/config"
DEB=${DEB:+$SYSTEST_MNT/$DEB}
DEB_UPGRADE=${DEB_UPGRADE:+$SYSTEST_MNT/$DEB_UPGRADE}

# Seconds from kernel start to multi-user.target active (systemd-analyze's "finished" would
# wait for systest.service itself, which the default target pulls in).
userspace_seconds() {
    local t
    t=$(systemctl show -p ActiveEnterTimestampMonotonic --value multi-user.target 2>/dev/null)
    [ -n "$t" ] && [ "$t" != 0 ] && awk -v f="$t" 'BEGIN { printf "%.1f", f / 1e6 }'
}

# xen.dom0: this is a real Xen dom0 with a working toolstack and the expected scheduler.
check_xen_dom0() {
    local want=${1:-credit2} quiet=${2:-} sched
    wait_until 120 sh -c '[ "$(systemctl is-active xen.service)" = active ]' || true
    if ! grep -q control_d /proc/xen/capabilities 2>/dev/null; then
        fail xen.dom0 "expected control_d in /proc/xen/capabilities, saw '$(cat /proc/xen/capabilities 2>&1)'"
        return 1
    fi
    sched=$(current_sched)
    if [ "$sched" != "$want" ]; then
        fail "xen.dom0-$want" "expected xl info xen_scheduler $want, saw '$sched'"
        return 1
    fi
    [ -n "$quiet" ] && return 0
    pass "xen.dom0-$want" "Xen $(xlt info | awk -F': *' '/^xen_version/ {print $2}'), scheduler $sched, dom0 weight $(dom0_weight "$sched") before dom0tuned, xen.service $(systemctl is-active xen.service)"
}

# pkg.install[-SUFFIX]: dpkg -i of the package, as an admin would, and what it must leave.
install_package() {
    local deb=$1 name=pkg.${2:-install} problems=() out rc conf
    if [ -z "$deb" ] || [ ! -f "$deb" ]; then
        pending "$name" "no package to install (dist/dom0tuned_*_amd64.deb not built)"
        return 1
    fi
    if [ -n "${SYSTEST_UNIT_DROPIN:-}" ]; then  # a debugging knob of run.sh, off by default
        mkdir -p /etc/systemd/system/dom0tuned.service.d
        printf '%b\n' "$SYSTEST_UNIT_DROPIN" >/etc/systemd/system/dom0tuned.service.d/50-systest.conf
        echo "unit drop-in: $(cat /etc/systemd/system/dom0tuned.service.d/50-systest.conf)"
    fi
    out=$(dpkg -i "$deb" </dev/null 2>&1); rc=$?
    echo "$out"
    if [ $rc -ne 0 ]; then
        fail "$name" "expected dpkg -i $(basename "$deb") to succeed, exit $rc: $(echo "$out" | grep -iE 'error|depend' | head -3)"
        return 1
    fi
    have_pkg || problems+=("dpkg status '$(dpkg-query -W -f='${db:Status-Abbrev}' dom0tuned 2>&1)' not 'ii'")
    for f in /usr/sbin/dom0tuned /lib/systemd/system/dom0tuned.service /etc/dom0tuned.conf; do
        [ -e "$f" ] || problems+=("$f missing")
    done
    conf=$(dpkg-query -W -f='${Conffiles}' dom0tuned 2>/dev/null)
    echo "$conf" | grep -q ' /etc/dom0tuned.conf ' || problems+=("/etc/dom0tuned.conf not a conffile")
    [ "$(systemctl is-enabled dom0tuned.service 2>&1)" = enabled ] \
        || problems+=("unit not enabled ($(systemctl is-enabled dom0tuned.service 2>&1))")
    wait_until 60 sh -c '[ "$(systemctl is-active dom0tuned.service)" = active ]' \
        || problems+=("unit not started by the postinst (is-active: $(systemctl is-active dom0tuned.service))")
    if [ ${#problems[@]} -eq 0 ]; then
        pass "$name" "$(dpkg-query -W -f='${Package} ${Version}' dom0tuned): installed, conffile /etc/dom0tuned.conf, unit enabled and active"
    else
        fail "$name" "$(IFS=';'; echo "${problems[*]}")"
        return 1
    fi
}

# GRUB's Xen line as an admin would have set it for this boot: the running Xen command line
# (QEMU passes it with -append; nothing in the image set GRUB up). Without this, dom0tuned
# rightly reports boot.cmdline-pending on every boot of the test VM.
align_grub_with_running() {
    local live
    live=$(xlt info | awk '/^xen_commandline/ { sub(/^[^:]*: */, ""); sub(/ +$/, ""); print }')
    [ -n "$live" ] || return 0
    sed -i '/^GRUB_CMDLINE_XEN_DEFAULT=/d' /etc/default/grub.d/xen.cfg
    echo "GRUB_CMDLINE_XEN_DEFAULT=\"$live\"" >>/etc/default/grub.d/xen.cfg
    echo "GRUB_CMDLINE_XEN_DEFAULT=\"$live\" in /etc/default/grub.d/xen.cfg"
}

# Runs guest/scenarios/NAME.sh with a deadline; a scenario that hangs is a FAIL, not a hang.
run_scenario() {
    local name=$1 limit=${2:-180} rc
    echo "=== scenario $name ($(date -u +%T))"
    timeout -k 5 "$limit" bash "$SYSTEST_MNT/guest/scenarios/$name.sh"
    rc=$?
    if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        fail "scenario.$name" "scenario script $name.sh did not finish within $limit s (its remaining results are missing)"
    fi
    echo "=== end $name rc=$rc"
}

# Is a subcommand's answer "not implemented yet"? 0 yes, 1 no. Usage errors (exit 64, or
# "unknown command"/"usage" on an error exit) and placeholders ("placeholder", "not
# available yet", "not implemented") count as not implemented.
unsupported_output() {
    local rc=$1 text=$2
    [ "$rc" = 64 ] && return 0
    echo "$text" | grep -qiE "placeholder|not (yet )?(available|implemented)|is not available yet" && return 0
    [ "$rc" != 0 ] && echo "$text" | grep -qiE "unknown (sub)?command|unexpected argument|unrecognized|usage:" && return 0
    return 1
}

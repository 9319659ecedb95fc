#!/bin/bash
# pkg.upgrade: a newer version installs over the running one, restarts the unit, keeps the
# admin's conffile change. pkg.remove: unit stopped, binaries gone, conffile kept.
# pkg.purge: conffile and enablement gone.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
U=dom0tuned.service
conf=/etc/dom0tuned.conf
mark="# systest: an admin's local change"
echo "$mark" >>$conf

if [ -z "$DEB_UPGRADE" ] || [ ! -f "$DEB_UPGRADE" ]; then
    pending pkg.upgrade "no upgrade package was built"
else
    v0=$(dpkg-query -W -f='${Version}' dom0tuned); pid0=$(unit_prop $U MainPID); t0=$(unit_prop $U ExecMainStartTimestampMonotonic)
    out=$(dpkg -i "$DEB_UPGRADE" </dev/null 2>&1); rc=$?
    echo "$out"
    wait_until 60 sh -c '[ "$(systemctl is-active dom0tuned.service)" = active ]'
    v1=$(dpkg-query -W -f='${Version}' dom0tuned); pid1=$(unit_prop $U MainPID); t1=$(unit_prop $U ExecMainStartTimestampMonotonic)
    problems=()
    [ $rc -eq 0 ] || problems+=("dpkg -i exit $rc: $(echo "$out" | grep -iE 'error|conffile' | head -2)")
    [ "$v1" != "$v0" ] || problems+=("version still $v0")
    [ "$(systemctl is-active $U)" = active ] || problems+=("unit $(systemctl is-active $U) after upgrade")
    [ "$t1" != "$t0" ] || problems+=("unit not restarted (main PID $pid0, same start time)")
    grep -qxF "$mark" $conf || problems+=("local change to $conf lost")
    ls /etc/dom0tuned.conf.dpkg-* 2>/dev/null && problems+=("dpkg left $(ls /etc/dom0tuned.conf.dpkg-*)")
    if [ ${#problems[@]} -eq 0 ]; then
        pass pkg.upgrade "$v0 -> $v1 without a prompt, unit restarted (PID $pid0 -> $pid1), conffile change kept"
    else
        fail pkg.upgrade "$(IFS=';'; echo "${problems[*]}")"
    fi
fi

out=$(dpkg -r dom0tuned </dev/null 2>&1); rc=$?
echo "$out"
problems=()
[ $rc -eq 0 ] || problems+=("dpkg -r exit $rc: $(echo "$out" | tail -2)")
state=$(systemctl is-active $U 2>&1)
[ "$state" != active ] && [ "$state" != activating ] || problems+=("unit still $state")
pgrep -x dom0tuned >/dev/null && problems+=("a dom0tuned process is still running")
[ ! -e /usr/sbin/dom0tuned ] || problems+=("/usr/sbin/dom0tuned still there")
grep -qxF "$mark" $conf 2>/dev/null || problems+=("$conf (with the local change) not kept")
st=$(dpkg-query -W -f='${db:Status-Abbrev}' dom0tuned 2>/dev/null)
[ "$st" = "rc " ] || problems+=("dpkg status '$st', expected 'rc' (config-files)")
if [ ${#problems[@]} -eq 0 ]; then
    pass pkg.remove "unit stopped ($state), binaries gone, $conf kept, status rc"
else
    fail pkg.remove "$(IFS=';'; echo "${problems[*]}")"
fi

out=$(dpkg -P dom0tuned </dev/null 2>&1); rc=$?
echo "$out"
problems=()
[ $rc -eq 0 ] || problems+=("dpkg -P exit $rc: $(echo "$out" | tail -2)")
[ ! -e $conf ] || problems+=("$conf still there")
left=$(ls -d /etc/systemd/system/*.wants/dom0tuned.* /var/lib/systemd/deb-systemd-helper-enabled/dom0tuned.* \
       /var/lib/systemd/deb-systemd-helper-enabled/*.wants/dom0tuned.* 2>/dev/null | paste -sd' ' -)
[ -z "$left" ] || problems+=("enablement left behind: $left")
st=$(dpkg-query -W -f='${db:Status-Abbrev}' dom0tuned 2>/dev/null)
[ -z "$st" ] || [ "$st" = "un " ] || [ "$st" = "pn " ] || problems+=("dpkg status '$st' after purge")
if [ ${#problems[@]} -eq 0 ]; then
    pass pkg.purge "conffile and enablement gone, package unknown to dpkg"
else
    fail pkg.purge "$(IFS=';'; echo "${problems[*]}")"
fi

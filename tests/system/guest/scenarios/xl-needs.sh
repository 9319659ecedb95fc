#!/bin/bash
# xl.hardened: the xl and xenstore calls dom0tuned makes work under the installed unit's own
# sandbox (its [Service] settings, drop-ins included, replayed with `systemd-run`).
# Also records what xl needs: an strace of the calls, and trials with settings removed
# (SYSTEST_XL_PROBE=full: the whole matrix). Findings: out/*/io/xl-needs.txt.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
sched=$(current_sched)
report=$SYSTEST_OUT/xl-needs.txt
cmds="grep -q control_d /proc/xen/capabilities && cat /proc/pressure/memory /proc/vmstat /proc/meminfo >/dev/null && xl info >/dev/null && xl list >/dev/null && xl list -l >/dev/null && xl vcpu-list >/dev/null && xl cpupool-list >/dev/null && xl sched-$sched -d 0 >/dev/null && xl sched-$sched -d 0 -w 512 && xenstore-read /local/domain/0/name >/dev/null && { timeout 2 xenstore-watch @introduceDomain >/dev/null; [ \$? = 124 ]; }"
{
    echo "# What xl needs (Xen $(xlt info | awk -F': *' '/^xen_version/ {print $2}'), $(xl 2>&1 | head -0; dpkg-query -W -f='xen-utils ${Version}' 'xen-utils-4.17' 2>/dev/null))"
    echo
    echo "## Files and devices opened (strace of: $cmds)"
    strace -f -qq -e trace=openat,open,mkdir,mkdirat,unlink,unlinkat,rename,renameat2,connect,bind,flock \
        -o /tmp/xl.strace sh -c "$cmds" >/dev/null 2>&1
    grep -v ENOENT /tmp/xl.strace | grep -oE '(openat\(AT_FDCWD, |open\(|mkdir\(|unlink\(|connect\([0-9]+, \{sa_family=AF_UNIX, sun_path=|bind\([^"]*)"[^"]+"[^)]*' \
        | grep -vE '"/(usr/)?lib|"/etc/ld\.so|"/usr/share/locale|locale-archive|gconv' \
        | sed -E 's/^openat\(AT_FDCWD, /open /; s/^connect\([0-9]+, \{sa_family=AF_UNIX, sun_path=/connect /' \
        | sed -E 's/, 0[0-7]+$//' | sort | uniq -c | sort -rn
    echo
    echo "## ENOENT (looked for, not needed)"
    grep ENOENT /tmp/xl.strace | grep -oE '"[^"]+"' | grep -vE '^"/(usr/)?lib|locale|gconv|ld\.so' | sort -u | head -20
    echo
    echo "## Sandbox trials (systemd-run --wait --pipe, each running all the calls above)"
} >"$report"

base=(-p NoNewPrivileges=yes -p ProtectSystem=strict -p ProtectHome=yes -p PrivateTmp=yes
      -p ProtectKernelModules=yes -p ProtectKernelLogs=yes -p ProtectControlGroups=yes -p ProtectClock=yes
      -p ProtectHostname=yes -p RestrictAddressFamilies=AF_UNIX -p RestrictNamespaces=yes
      -p LockPersonality=yes -p MemoryDenyWriteExecute=yes -p RestrictRealtime=yes -p RestrictSUIDSGID=yes
      -p SystemCallArchitectures=native -p "SystemCallFilter=@system-service" -p PrivateNetwork=yes
      -p PrivateUsers=no -p ProtectProc=invisible -p UMask=0077)
devs=(-p DevicePolicy=closed -p "DeviceAllow=/dev/xen/privcmd rw" -p "DeviceAllow=/dev/xen/xenbus rw"
      -p "DeviceAllow=/dev/xen/hypercall rw" -p "DeviceAllow=/dev/xen/evtchn rw" -p "DeviceAllow=/dev/xen/gntdev rw")
rw=(-p "ReadWritePaths=-/var/lib/xen -/var/log/xen -/run/xen -/run/xenstored")
caps_all="CAP_SYS_ADMIN CAP_IPC_LOCK CAP_DAC_OVERRIDE CAP_SYS_RESOURCE"

trial() {  # trial LABEL PROPS...
    local label=$1; shift
    local out rc
    out=$(timeout 90 systemd-run --quiet --wait --pipe --collect "$@" /bin/sh -c "${trial_cmds:-$cmds}" 2>&1 </dev/null); rc=$?
    printf -- '- %-60s exit %s %s\n' "$label" "$rc" "$(echo "$out" | grep -v '^$' | head -2 | tr '\n' ' ' | cut -c1-200)" >>"$report"
    return $rc
}
# The installed unit's sandbox: every [Service] setting but how the service is run.
unit_props=()
while IFS= read -r line; do unit_props+=(-p "$line"); done < <(systemctl cat dom0tuned.service 2>/dev/null | awk '
    /^\[/ { svc = ($0 == "[Service]"); next }
    svc && /^[A-Za-z]+=/ && !/^(Type|ExecStart|ExecReload|ExecStop|ExecStartPre|ExecStartPost|Restart|RestartSec|RestartPreventExitStatus|WatchdogSec|NotifyAccess|TimeoutStartSec|TimeoutStopSec|RuntimeDirectory|RuntimeDirectoryMode|RuntimeDirectoryPreserve|Environment|EnvironmentFile|KillMode)=/ { print }')
echo "installed unit's sandbox: ${unit_props[*]}" >>"$report"
trial "no sandbox" ; ok_plain=$?
trial "the installed dom0tuned.service sandbox" "${unit_props[@]}"; ok_unit=$?
trial "the installed sandbox + CapabilityBoundingSet= (no capability at all)" "${unit_props[@]}" -p "CapabilityBoundingSet="
[ "${SYSTEST_XL_PROBE:-}" = full ] || echo "(SYSTEST_XL_PROBE=full runs the whole matrix below)" >>"$report"
if [ "${SYSTEST_XL_PROBE:-}" = full ]; then
# Each of the unit's settings alone: which ones break the calls (short list of calls:
# /proc/xen/capabilities, xl info, xl sched-*).
trial_cmds="grep -q control_d /proc/xen/capabilities && xl info >/dev/null && xl sched-$sched -d 0 >/dev/null"
echo "(single-setting trials run: $trial_cmds)" >>"$report"
breaking=()
for key in $(printf '%s\n' "${unit_props[@]}" | grep -v '^-p$' | cut -d= -f1 | sort -u); do
    one=()
    for ((i = 1; i < ${#unit_props[@]}; i += 2)); do
        case ${unit_props[$i]} in "$key="*) one+=(-p "${unit_props[$i]}") ;; esac
    done
    trial "only $key= of the installed unit" "${one[@]}" || breaking+=("$key")
done
trial_cmds=""
echo "settings that break the calls on their own: ${breaking[*]:-none}" >>"$report"
# The installed sandbox without those: does everything else work, with all the calls?
rest=()
for ((i = 1; i < ${#unit_props[@]}; i += 2)); do
    k=${unit_props[$i]%%=*}
    printf '%s\n' "${breaking[@]}" | grep -qx "$k" || rest+=(-p "${unit_props[$i]}")
done
trial "the installed sandbox without ${breaking[*]:-nothing}" "${rest[@]}"
trial "  ... and with CapabilityBoundingSet= (none)" "${rest[@]}" -p "CapabilityBoundingSet="
some=()
for ((i = 1; i < ${#rest[@]}; i += 2)); do
    case ${rest[$i]} in ReadWritePaths=*) ;; *) some+=(-p "${rest[$i]}") ;; esac
done
trial "  ... and without ReadWritePaths=" "${some[@]}"
for d in privcmd hypercall xenbus evtchn; do
    some=()
    for ((i = 1; i < ${#rest[@]}; i += 2)); do
        [ "${rest[$i]}" = "DeviceAllow=/dev/xen/$d rw" ] || some+=(-p "${rest[$i]}")
    done
    trial "  ... and without DeviceAllow=/dev/xen/$d" "${some[@]}"
done
trial_cmds="grep -q control_d /proc/xen/capabilities && xl info >/dev/null && xl sched-$sched -d 0 >/dev/null"
trial "the installed sandbox + BindReadOnlyPaths=/proc/xen" "${unit_props[@]}" -p "BindReadOnlyPaths=/proc/xen"
trial "the installed sandbox + BindPaths=/proc/xen" "${unit_props[@]}" -p "BindPaths=/proc/xen"
trial "the installed sandbox + MountAPIVFS=no" "${unit_props[@]}" -p "MountAPIVFS=no"
trial "the installed sandbox + ProcSubset=all ProtectProc=default" "${unit_props[@]}" -p "ProcSubset=all" -p "ProtectProc=default"
trial_cmds=""
trial "PrivateDevices=yes alone" -p PrivateDevices=yes
trial "ProtectSystem=strict alone (no ReadWritePaths)" -p ProtectSystem=strict
fi
ls -la /dev/xen >>"$report"
cat "$report"
if [ $ok_plain -ne 0 ]; then
    fail xl.hardened "the xl calls fail even without a sandbox (see xl-needs.txt)"
elif [ ${#unit_props[@]} -eq 0 ]; then
    fail xl.hardened "could not read the installed unit's [Service] settings"
elif [ $ok_unit -eq 0 ]; then
    pass xl.hardened "xl info/list/list -l/vcpu-list/cpupool-list/sched-$sched (-w), xenstore-read and xenstore-watch work under the unit's own sandbox ($(( ${#unit_props[@]} / 2 )) settings); findings in xl-needs.txt"
else
    fail xl.hardened "expected the xl calls to work under the unit's own sandbox, they fail: $(grep -m1 'installed dom0tuned.service sandbox' "$report" | cut -c60-300)"
fi

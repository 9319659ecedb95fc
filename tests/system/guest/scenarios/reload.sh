#!/bin/bash
# reload.apply: `systemctl reload dom0tuned` applies a changed config (drop-in Weight=768)
# without a restart. reload.broken-keeps-old: a broken config on reload is rejected, the
# daemon stays active with the old config (weight 768 kept, and still enforced on drift).
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
U=dom0tuned.service
D=/etc/dom0tuned.conf.d
mkdir -p $D
pid0=$(unit_prop $U MainPID)
w_is() { [ "$(dom0_weight credit2)" = "$1" ]; }
cleanup() { rm -f $D/50-systest.conf $D/60-systest-broken.conf; systemctl reload $U; wait_until 30 w_is 512 || xlt sched-credit2 -d 0 -w 512; }

printf '[Scheduler]\nWeight=768\n' >$D/50-systest.conf
t0=$(now)
out=$(timeout 60 systemctl reload $U 2>&1); rc=$?
if [ $rc -ne 0 ]; then
    fail reload.apply "expected systemctl reload to succeed, exit $rc: $out $(journalctl -b -u dom0tuned -n 2 -o cat --no-pager | tr '\n' ' ')"
    cleanup; exit 0
fi
if wait_until 30 w_is 768; then
    lat=$(elapsed "$t0" "$(now)")
    pid1=$(unit_prop $U MainPID)
    if [ "$pid1" = "$pid0" ] && [ "$(systemctl is-active $U)" = active ]; then
        pass reload.apply "drop-in Weight=768 applied $lat s after systemctl reload, same main PID $pid0"
    else
        fail reload.apply "expected a reload in place, saw main PID $pid0 -> $pid1, state $(systemctl is-active $U)"
    fi
else
    fail reload.apply "expected weight 768 within 30 s of reload with drop-in Weight=768, saw '$(dom0_weight credit2)'"
    cleanup; exit 0
fi

printf '[Scheduler]\nWeight=banana\nthis line is not INI\n' >$D/60-systest-broken.conf
t0=$(now)
out=$(timeout 60 systemctl reload $U 2>&1); rc=$?
echo "reload with a broken drop-in: exit $rc $out"
sleep 3
state=$(systemctl is-active $U); pid2=$(unit_prop $U MainPID); w=$(dom0_weight credit2)
rejected=$(journalctl -b -u dom0tuned -o json --no-pager --since "@${t0%.*}" | jq -r 'select(.MESSAGE_ID == "69fb0be964ee4ca28c0d69620a4dc622" or ((.PRIORITY // "6") | tonumber) <= 4) | .MESSAGE' | head -2 | tr '\n' ' ')
# Still enforcing the old config: drift is restored to 768, not 512.
xlt sched-credit2 -d 0 -w 256
wait_until 30 w_is 768; kept=$?
if [ "$state" = active ] && [ "$pid2" = "$pid0" ] && [ "$w" = 768 ] && [ $kept -eq 0 ]; then
    pass reload.broken-keeps-old "still active (PID $pid0), weight 768 kept and re-enforced after drift; reload exit $rc; journal: ${rejected:-no warning logged}"
else
    fail reload.broken-keeps-old "expected active, same PID $pid0, weight 768 kept and enforced; saw $state, PID $pid2, weight $w, drift restored to 768: $([ $kept -eq 0 ] && echo yes || echo "no ($(dom0_weight credit2))")"
fi
cleanup

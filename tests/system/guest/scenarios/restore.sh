#!/bin/bash
# weight.restore: someone sets dom0's weight to 256; dom0tuned restores 512 within its check
# interval ([Scheduler] CheckIntervalSec=, default 10 s) and logs old and new values.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
sched=${1:-credit2}
name=weight.restore${2:-}
interval=$(cat /etc/dom0tuned.conf /etc/dom0tuned.conf.d/*.conf 2>/dev/null | awk -F= '/^[[:space:]]*CheckIntervalSec[[:space:]]*=/ { gsub(/[[:space:]s]/, "", $2); v = $2 } END { print v ? v : 10 }')
limit=$(awk -v i="$interval" 'BEGIN { print i + 5 }')
[ "$(dom0_weight "$sched")" = 512 ] || { fail "$name" "expected weight 512 before the test, saw '$(dom0_weight "$sched")'"; exit 0; }
t0=$(now)
xlt "sched-$sched" -d 0 -w 256
t1=$(now)
echo "set 256 at $t0 (xl took $(elapsed "$t0" "$t1") s); now $(dom0_weight "$sched")"
if wait_until "$limit" sh -c "[ \"\$(timeout 20 xl sched-$sched -d 0 | awk '\$1 == \"Domain-0\" {print \$3}')\" = 512 ]"; then
    t2=$(now)
    lat=$(elapsed "$t1" "$t2")
    figure "restore.latency${2:-}" "$lat" s "xl sched-$sched -w 256 -> 512 again (interval ${interval} s)"
    sleep 1
    logged=$(journalctl -b -u dom0tuned -o json --no-pager --since "@${t0%.*}" 2>/dev/null \
        | jq -r 'select(.MESSAGE_ID == "5e7e88cc0e924b7cab38fcee8b1ca1f9" or ((.MESSAGE // "") | test("256"))) | .MESSAGE' | head -1)
    pass "$name" "restored to 512 in $lat s (check interval ${interval} s); journal: ${logged:-no entry naming the old value 256}"
else
    fail "$name" "expected weight 512 again within $limit s (interval ${interval} s + 5 s), saw '$(dom0_weight "$sched")'"
    xlt "sched-$sched" -d 0 -w 512
fi

#!/bin/bash
# unit.security: `systemd-analyze security dom0tuned.service`, exposure at most 4.5 (issue 6).
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
max=${SYSTEST_MAX_EXPOSURE:-4.5}
systemd-analyze security --no-pager dom0tuned.service >"$SYSTEST_OUT/security.txt" 2>&1
cat "$SYSTEST_OUT/security.txt"
line=$(grep -m1 'Overall exposure level' "$SYSTEST_OUT/security.txt")
level=$(echo "$line" | sed -n 's/.*: *\([0-9.]*\) .*/\1/p')
verdict=$(echo "$line" | awk '{print $NF}' | tr -cd 'A-Za-z')
if [ -z "$level" ]; then
    fail unit.security "no exposure level in systemd-analyze security output: $(head -2 "$SYSTEST_OUT/security.txt")"
    exit 0
fi
figure security.exposure "$level" "" "$verdict (systemd-analyze security dom0tuned.service)"
if le "$level" "$max"; then
    pass unit.security "exposure $level $verdict (target <= $max)"
else
    fail unit.security "expected exposure <= $max, saw $level $verdict (details: out/*/io/security.txt)"
fi

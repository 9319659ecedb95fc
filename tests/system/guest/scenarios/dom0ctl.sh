#!/bin/bash
# ctl.status, ctl.check, ctl.metrics as root; ctl.reapply-nonroot: a non-root reapply is
# refused (while root's works).
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
if ! command -v dom0ctl >/dev/null; then
    for s in ctl.status ctl.check ctl.metrics ctl.reapply-nonroot; do
        pending $s "dom0ctl is not in the package yet (/usr/bin/dom0ctl missing)"
    done
    exit 0
fi

ctl() {  # ctl NAME ARGS... -> sets out, rc
    out=$(timeout 30 "$@" 2>&1); rc=$?
    printf '$ %s  (exit %s)\n%s\n\n' "$*" "$rc" "$out" | tee -a "$SYSTEST_OUT/dom0ctl.txt"
}

ctl dom0ctl status
if unsupported_output $rc "$out"; then pending ctl.status "dom0ctl status not implemented: $(echo "$out" | head -1)"
elif [ $rc -eq 0 ] && echo "$out" | grep -qi weight; then
    ctl dom0ctl status --json
    if [ $rc -eq 0 ] && echo "$out" | jq -e . >/dev/null 2>&1; then js="--json parses"; else js="--json: exit $rc, not JSON"; fi
    pass ctl.status "exit 0, $(echo "$out" | wc -l) lines; $js"
else fail ctl.status "expected exit 0 and a status naming the weight, saw exit $rc: $(echo "$out" | head -2)"; fi

ctl dom0ctl check
if unsupported_output $rc "$out"; then pending ctl.check "dom0ctl check not implemented: $(echo "$out" | head -1)"
elif [ $rc -le 2 ] && echo "$out" | grep -qE '[a-z0-9]+\.[a-z0-9-]+'; then pass ctl.check "exit $rc (0 OK, 1 WARNING, 2 CRITICAL), $(echo "$out" | wc -l) lines"
else fail ctl.check "expected exit 0-2 with the checks listed by id, saw exit $rc: $(echo "$out" | head -2)"; fi

ctl dom0ctl metrics
if unsupported_output $rc "$out"; then pending ctl.metrics "dom0ctl metrics not implemented: $(echo "$out" | head -1)"
elif [ $rc -eq 0 ] && echo "$out" | grep -q '^# TYPE ' && echo "$out" | grep -qE '^dom0tuned_[a-z_]+(\{[^}]*\})? '; then
    pass ctl.metrics "Prometheus text, $(echo "$out" | grep -c '^# TYPE') metric families, e.g. $(echo "$out" | grep -m1 -E '^dom0tuned_.*weight' || echo "$out" | grep -m1 '^dom0tuned_')"
else fail ctl.metrics "expected exit 0 and Prometheus text with dom0tuned_* samples, saw exit $rc: $(echo "$out" | head -2)"; fi

ctl dom0ctl reapply
if unsupported_output $rc "$out"; then pending ctl.reapply-nonroot "dom0ctl reapply not implemented: $(echo "$out" | head -1)"; exit 0; fi
root_rc=$rc
ctl setpriv --reuid=65534 --regid=65534 --clear-groups dom0ctl reapply
if [ $root_rc -eq 0 ] && [ $rc -ne 0 ] && echo "$out" | grep -qiE 'denied|not permitted|refus|root|privilege|permission'; then
    pass ctl.reapply-nonroot "root: exit 0; uid 65534: exit $rc, '$(echo "$out" | head -1)'"
else
    fail ctl.reapply-nonroot "expected root's reapply to succeed and uid 65534's to be refused, saw root exit $root_rc, uid 65534 exit $rc: $(echo "$out" | head -1)"
fi

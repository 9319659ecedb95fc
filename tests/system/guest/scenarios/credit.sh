#!/bin/bash
# sched.credit: with sched=credit on Xen's command line, dom0tuned applies the weight through
# `xl sched-credit`; drift there is restored too.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
w_ok() { [ "$(dom0_weight credit)" = 512 ]; }
if wait_until 30 w_ok; then
    via=$(journal_json | jq -r 'select(.MESSAGE_ID == "486da519d3bb4f00a77ef1f723734c98") | "\(.DOM0TUNED_SCHEDULER // "") \(.MESSAGE)"' | tail -1)
    pass sched.credit "xl sched-credit -d 0 shows weight 512; journal: ${via:-no weight-applied entry}"
    bash "$SYSTEST_MNT/guest/scenarios/restore.sh" credit -credit
else
    fail sched.credit "expected weight 512 from xl sched-credit -d 0 within 30 s of start, saw '$(dom0_weight credit)'; log: $(journalctl -b -u dom0tuned -n 3 -o cat --no-pager | tr '\n' ' ')"
fi

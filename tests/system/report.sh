#!/bin/bash
# Prints the report of a system-test run folder (results.tsv, figures.tsv) and exits 1 if
# any scenario failed.   report.sh OUT_DIR
set -euo pipefail
out=${1:?usage: report.sh OUT_DIR}
results=$out/results.tsv figures=$out/figures.tsv

echo
echo "================ dom0tuned system test: real Xen 4.17 + Debian 12 dom0 (QEMU TCG) ================"
awk -F'\t' '{ printf "%-8s %-24s %s\n", $2, $1, $3 }' "$results"
echo
echo "---------------- figures ----------------"
awk -F'\t' '{ printf "%-32s %10s %-4s %s\n", $1, $2, $3, $4 }' "$figures"
echo
pass=$(awk -F'\t' '$2 == "PASS"' "$results" | wc -l)
failed=$(awk -F'\t' '$2 == "FAIL"' "$results" | wc -l)
pend=$(awk -F'\t' '$2 == "PENDING"' "$results" | wc -l)
echo "logs: $out (console.log, io/stage-*.log, io/journal-boot*.txt)"
[ "$pend" -eq 0 ] || echo "pending (features not landed yet, listed above as PENDING) are counted as skipped:"
echo "systest: $pass passed, $failed failed, $pend skipped"
[ "$failed" -eq 0 ]

# Helpers for the stage scripts that run inside dom0 (sourced).
# shellcheck shell=bash
: "${SYSTEST_OUT:?}" "${SYSTEST_MNT:?}"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RESULTS=$SYSTEST_OUT/results.tsv
FIGURES=$SYSTEST_OUT/figures.tsv

# result NAME PASS|FAIL|PENDING DETAIL...
result() {
    local name=$1 status=$2; shift 2
    local detail
    detail=$(printf '%s' "$*" | tr '\t\n' '  ')
    printf '%s\t%s\t%s\n' "$name" "$status" "$detail" >>"$RESULTS"
    echo "RESULT $name $status $detail"
    echo "systest: RESULT $name $status" >/dev/console 2>/dev/null || true
    sync
}
pass() { result "$1" PASS "${@:2}"; }
fail() { result "$1" FAIL "${@:2}"; }
pending() { result "$1" PENDING "${@:2}"; }

# figure NAME VALUE UNIT [NOTE]
figure() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$FIGURES"
    echo "FIGURE $1 = $2 $3 ${4:-}"
}

now() { date +%s.%N; }
# Seconds between two date +%s.%N stamps, 3 decimals.
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# Runs a command with a deadline (xl can hang): xlt ARGS...
xlt() { timeout -k 5 "${XL_TIMEOUT:-30}" xl "$@"; }

# dom0's weight from `xl sched-credit2|sched-credit -d 0` (empty on failure).
dom0_weight() {
    local sched=${1:-$(current_sched)}
    xlt "sched-$sched" -d 0 2>/dev/null | awk '$1 == "Domain-0" { print $3 }'
}
current_sched() { xlt info 2>/dev/null | awk -F': *' '/^xen_scheduler/ { print $2 }'; }

# Monotonic timestamps (µs) of a unit's properties.
unit_prop() { systemctl show -p "$2" --value "$1" 2>/dev/null; }

# wait_until SECONDS COMMAND...: polls every 0.2 s; 0 if the command succeeded in time.
wait_until() {
    local limit=$1; shift
    local end
    end=$(awk -v t="$(now)" -v l="$limit" 'BEGIN { printf "%.3f", t + l }')
    while :; do
        "$@" && return 0
        le "$end" "$(now)" && return 1
        sleep 0.2
    done
}

have_pkg() { [ "$(dpkg-query -W -f='${db:Status-Abbrev}' dom0tuned 2>/dev/null)" = "ii " ]; }

# Journal of dom0tuned for this boot as JSON lines.
journal_json() { journalctl -b -u dom0tuned -o json --no-pager "$@" 2>/dev/null; }

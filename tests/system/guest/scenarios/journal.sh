#!/bin/bash
# journal.fields: dom0tuned's own journal entries carry PRIORITY, SYSLOG_IDENTIFIER=dom0tuned,
# CODE_FILE, DOM0TUNED_* fields and MESSAGE_IDs (the weight-applied one among them).
# journal.catalog: `journalctl -x` shows the catalog text of those MESSAGE_IDs.
. "$SYSTEST_MNT/guest/lib.sh"
. "$SYSTEST_MNT/guest/common.sh"
pid=$(unit_prop dom0tuned.service MainPID)
j=$SYSTEST_OUT/dom0tuned-journal.json
journal_json >"$j"
# Entries the daemon wrote itself through the native protocol (not systemd's own about the
# unit, not stdout/stderr lines).
native=$(jq -c 'select(._TRANSPORT == "journal" and ._COMM != "systemd")' "$j")
stream=$(jq -c 'select(._TRANSPORT == "stdout")' "$j" | wc -l)
n=$(printf '%s\n' "$native" | grep -c . || true)
echo "native entries: $n, stdout lines: $stream"
if [ "$n" -eq 0 ]; then
    if [ "$stream" -gt 0 ]; then
        pending journal.fields "dom0tuned logs $stream line(s) through stdout and none through sd_journal_sendv yet"
    else
        fail journal.fields "expected dom0tuned's own journal entries, saw none (unit log: $(journalctl -b -u dom0tuned -n 3 -o cat --no-pager | tr '\n' ' '))"
    fi
else
    bad=$(printf '%s\n' "$native" | jq -r 'select((.PRIORITY // "") == "" or .SYSLOG_IDENTIFIER != "dom0tuned" or (.CODE_FILE // "") == "") | .MESSAGE' | head -3)
    fields=$(printf '%s\n' "$native" | jq -r 'keys[] | select(startswith("DOM0TUNED_"))' | sort -u | paste -sd, -)
    ids=$(printf '%s\n' "$native" | jq -r '.MESSAGE_ID // empty' | sort -u | paste -sd, -)
    applied=$(printf '%s\n' "$native" | jq -r 'select(.MESSAGE_ID == "486da519d3bb4f00a77ef1f723734c98") | .DOM0TUNED_WEIGHT // ""' | head -1)
    problems=()
    [ -z "$bad" ] || problems+=("entries without PRIORITY, SYSLOG_IDENTIFIER=dom0tuned or CODE_FILE: $bad")
    [ -n "$fields" ] || problems+=("no DOM0TUNED_* field in any entry")
    [ -n "$ids" ] || problems+=("no MESSAGE_ID in any entry")
    [ "$applied" = 512 ] || problems+=("no weight-applied entry (MESSAGE_ID 486da519...) with DOM0TUNED_WEIGHT=512, saw '${applied}'")
    [ "$stream" -eq 0 ] || echo "note: $stream stdout/stderr line(s) too"
    if [ ${#problems[@]} -eq 0 ]; then
        pass journal.fields "$n entries, all with PRIORITY, SYSLOG_IDENTIFIER=dom0tuned, CODE_FILE; fields $fields; MESSAGE_IDs $ids"
    else
        fail journal.fields "$(IFS=';'; echo "${problems[*]}")"
    fi
fi

if ! ls /usr/lib/systemd/catalog/*dom0tuned* >/dev/null 2>&1 && ! ls /lib/systemd/catalog/*dom0tuned* >/dev/null 2>&1; then
    pending journal.catalog "the package installs no catalog under /usr/lib/systemd/catalog/"
elif journalctl --list-catalog 2>/dev/null | grep -q 486da519d3bb4f00a77ef1f723734c98; then
    x=$(journalctl -b -x -u dom0tuned --no-pager 2>/dev/null)
    echo "$x" | tail -30
    # Catalog blocks are runs of lines starting with "░░"; keep the Subject of dom0tuned's.
    subj=$(echo "$x" | awk '/^░░/ { b = b "\n" $0; next } { if (b ~ /Defined-By: dom0tuned/) { n = split(b, l, "\n"); for (i = 1; i <= n; i++) if (l[i] ~ /Subject:/) print l[i] } b = "" } END { if (b ~ /Defined-By: dom0tuned/) { n = split(b, l, "\n"); for (i = 1; i <= n; i++) if (l[i] ~ /Subject:/) print l[i] } }' | sed 's/^░░ *//' | sort -u | paste -sd';' -)
    if [ -n "$subj" ]; then
        pass journal.catalog "journalctl -x shows dom0tuned's catalog text: $subj"
    else
        fail journal.catalog "catalog installed and in journald's database, but journalctl -x -u dom0tuned shows no 'Defined-By: dom0tuned' text (no entry with a catalogued MESSAGE_ID?)"
    fi
else
    fail journal.catalog "catalog file installed but not in journald's database (journalctl --update-catalog not run on install?)"
fi

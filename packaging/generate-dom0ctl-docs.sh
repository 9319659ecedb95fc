#!/bin/sh
# dom0ctl(1) and dom0ctl's bash completion, generated from its swift-argument-parser
# definition so they cannot drift from --help. Called by debian/rules at package build:
#   generate-dom0ctl-docs.sh DOM0CTL_BINARY OUTPUT_DIR
# writes OUTPUT_DIR/man/dom0ctl.1 and OUTPUT_DIR/completions/dom0ctl.
# Environment: SWIFT (the toolchain's swift), SCRATCH (the package build's scratch path,
# where swift-argument-parser's generate-manual tool is built),
# SOURCE_DATE_EPOCH (the date printed in the page, for reproducible builds).
set -eu
dom0ctl="$1"
out="$2"
: "${SWIFT:=swift}" "${SCRATCH:?SCRATCH must name the package build scratch path}"
mkdir -p "$out/man" "$out/completions"
date="$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%d)"

if "$dom0ctl" --experimental-dump-help 2>/dev/null | head -c 1 | grep -q '{'; then
    # swift-argument-parser's generate-manual tool, as its "swift package
    # generate-manual" plugin runs it, but on the very binary being packaged: the
    # plugin would first rebuild the whole package in release mode without
    # --static-swift-stdlib (minutes, and it relinks the binaries). Works offline.
    "$SWIFT" build --scratch-path "$SCRATCH" --product generate-manual >&2
    "$SCRATCH/debug/generate-manual" "$dom0ctl" --output-directory "$out/man" \
        --section 1 --date "$date" --authors "dom0tuned developers<dom0tuned@dom0tuned.invalid>"
    [ -s "$out/man/dom0ctl.1" ] || { echo "generate-manual wrote no $out/man/dom0ctl.1" >&2; exit 1; }
    # bash-completion sources the file: lintian (bash-completion-with-hashbang) wants no #! line.
    "$dom0ctl" --generate-completion-script bash | sed '1{/^#!/d}' > "$out/completions/dom0ctl"
    grep -q '^complete ' "$out/completions/dom0ctl" || {
        echo "dom0ctl --generate-completion-script bash printed no 'complete' line" >&2; exit 1; }
else
    # Until dom0ctl is a swift-argument-parser command (issue 5), ship a short page
    # and no-op completion rather than fail the build. Loud, so it is not missed.
    echo "WARNING: $dom0ctl is not a swift-argument-parser command yet:" \
        "dom0ctl(1) and its completion are placeholders" >&2
    cat > "$out/man/dom0ctl.1" <<PAGE
.TH DOM0CTL 1 "$date" "dom0tuned" "User Commands"
.SH NAME
dom0ctl \\- ask dom0tuned what it sees and tell it to act
.SH SYNOPSIS
.B dom0ctl
.I command
.SH DESCRIPTION
This build of dom0ctl predates its command-line interface; see
.BR dom0tuned (8).
.SH SEE ALSO
.BR dom0tuned (8),
.BR dom0tuned.conf (5)
PAGE
    printf '# dom0ctl has no completion in this build\n' > "$out/completions/dom0ctl"
fi

# Shared helpers for the system-test scripts (sourced, not run).
# shellcheck shell=bash

SYSTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SYSTEST_DIR/../.." && pwd)
CACHE_DIR=${SYSTEST_CACHE:-$REPO_ROOT/.cache/system}
OUT_ROOT=${SYSTEST_OUT:-$SYSTEST_DIR/out}

log() { printf '[systest %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { printf '[systest] ERROR: %s\n' "$*" >&2; exit 2; }

require_root() {
    [ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
}

# Installs the host tools the harness needs, with apt-get, only when one is missing.
ensure_host_tools() {
    local missing=() pair cmd pkg
    for pair in debootstrap:debootstrap qemu-system-x86_64:qemu-system-x86 \
                mkfs.ext4:e2fsprogs debugfs:e2fsprogs zstd:zstd dpkg-deb:dpkg \
                timeout:coreutils sha256sum:coreutils; do
        cmd=${pair%%:*}; pkg=${pair#*:}
        command -v "$cmd" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || missing+=(debian-archive-keyring)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing host tools: ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
        # shellcheck disable=SC2046
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            $(printf '%s\n' "${missing[@]}" | sort -u) >&2
    fi
    export PATH=$PATH:/usr/sbin:/sbin
}

# Prints "URI SUITE COMPONENTS..." for every Debian source of the host whose suite is
# bookworm, bookworm-updates or bookworm-security, from the host's own apt configuration.
apt_debian_sources() {
    local f
    {
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] || continue
            awk '/^[[:space:]]*deb[[:space:]]/ {
                    i = 2
                    if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    uri = $i; suite = $(i + 1); comps = ""
                    for (j = i + 2; j <= NF; j++) { if ($j ~ /^#/) break; comps = comps " " $j }
                    print uri, suite comps
                 }' "$f"
        done
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] || continue
            awk 'function flush() {
                    if (types ~ /(^| )deb( |$)/ && enabled != "no")
                        for (u in uris) for (s in suites) print uris[u], suites[s], comps
                    types = ""; enabled = ""; comps = ""; delete uris; delete suites
                 }
                 /^[[:space:]]*$/ { flush(); next }
                 /^#/ { next }
                 { key = $1; sub(/:$/, "", key); $1 = ""; sub(/^ +/, ""); val = $0
                   if (key == "Types") types = val
                   else if (key == "URIs") split(val, uris, " ")
                   else if (key == "Suites") split(val, suites, " ")
                   else if (key == "Components") comps = val
                   else if (key == "Enabled") enabled = val }
                 END { flush() }' "$f"
        done
    } | awk '$2 ~ /^bookworm(-updates|-security|\/updates)?$/' | awk '!seen[$0]++'
}

# The main Debian mirror (suite bookworm) from the host's apt configuration.
apt_debian_mirror() {
    apt_debian_sources | awk '$2 == "bookworm" { print $1; exit }'
}

# Newest built image folder for the current inputs (empty if none).
image_inputs_hash() {
    (cd "$SYSTEST_DIR" && cat build-image.sh image/packages.txt $(find image/files -type f | LC_ALL=C sort) \
        && find image/files -type f | LC_ALL=C sort) | sha256sum | cut -c1-16
}

image_dir() { echo "$CACHE_DIR/image-$(image_inputs_hash)"; }

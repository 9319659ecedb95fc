#!/bin/bash
# Builds dist/dom0tuned_<version>_amd64.deb (make deb). Run from anywhere in the repo.
#
# The Debian packaging lives in packaging/debian. dpkg-buildpackage wants debian/ at
# the top of the tree, so this copies the repository (minus build output) into a
# staging directory, puts packaging/debian there as debian/, and builds a binary-only
# package with "dpkg-buildpackage -b -d": -d because the Swift toolchain, which is not
# a Debian package, cannot be a Build-Depends. Then lintian checks the result.
#
# Toolchain: $SWIFT if set, else swift on PATH, else /opt/swift/usr/bin/swift.
# Installs nothing; says what is missing. Safe to run again: the staging copy is
# refreshed and the Swift build is incremental (in .build-deb/, which git ignores).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
die() { echo "build-deb: $*" >&2; exit 1; }

# --- what the build needs -----------------------------------------------------------
missing=()
command -v dpkg-buildpackage >/dev/null || missing+=(dpkg-dev)
command -v dh >/dev/null || missing+=(debhelper)
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists libsystemd 2>/dev/null || missing+=(libsystemd-dev)
command -v lintian >/dev/null || missing+=(lintian)
if ((${#missing[@]})); then
    die "missing Debian packages: ${missing[*]}
  install them with: apt-get install --no-install-recommends ${missing[*]}"
fi

if [[ -z "${SWIFT:-}" ]]; then
    if command -v swift >/dev/null; then
        SWIFT="$(command -v swift)"
    elif [[ -x /opt/swift/usr/bin/swift ]]; then
        SWIFT=/opt/swift/usr/bin/swift
    else
        die "no Swift toolchain: put swift (6.0 or later, from swift.org) on PATH or set SWIFT=/path/to/usr/bin/swift"
    fi
fi
# The toolchain's other tools (swiftc, clang for linking) sit beside swift.
export SWIFT PATH="$(dirname "$SWIFT"):$PATH"

# --- one version ----------------------------------------------------------------------
version="$(dpkg-parsechangelog -l packaging/debian/changelog -S Version)"
code_version="$(sed -n 's/.*version = "\([^"]*\)".*/\1/p' Sources/Dom0TuneCore/Version.swift)"
[[ "$version" == "$code_version" ]] ||
    die "packaging/debian/changelog says $version but Sources/Dom0TuneCore/Version.swift says $code_version: make them agree (dch -v, or edit Version.swift)"
[[ -f README.md ]] || die "README.md is missing (it is installed in /usr/share/doc/dom0tuned)"

# --- staging copy ---------------------------------------------------------------------
work="$repo/.build-deb"
stage="$work/stage/dom0tuned-$version"
rm -rf "$work/stage"
mkdir -p "$stage" "$work/scratch"
# tar keeps modification times, so the Swift build below stays incremental.
tar -C "$repo" -cf - \
    --exclude='./.git' --exclude='./.build*' --exclude='./dist' --exclude='./.swiftpm' \
    --exclude='./.cache' --exclude='./tests/system/out' --exclude='./packaging/debian' . |
    tar -C "$stage" -xf -
cp -a packaging/debian "$stage/debian"

# --- build ----------------------------------------------------------------------------
echo "build-deb: building dom0tuned $version with $SWIFT in $stage" >&2
(cd "$stage" && DOM0TUNED_SCRATCH="$work/scratch" dpkg-buildpackage -us -uc -b -d)

mkdir -p dist
deb="dom0tuned_${version}_amd64.deb"
cp "$work/stage/$deb" "dist/$deb"
cp "$work/stage/"dom0tuned-dbgsym_"${version}"_amd64.*deb dist/ 2>/dev/null || true

# --- lintian --------------------------------------------------------------------------
echo "build-deb: lintian dist/$deb" >&2
lintian --fail-on error,warning "dist/$deb" ||
    die "lintian found errors or warnings in dist/$deb (fix them, or override with a comment why)"
echo "build-deb: built dist/$deb" >&2

#!/bin/sh
# Rewrites the committed copies of the generated documents from their one source
# (Sources/Dom0TuneCore: ConfigSchema, DaemonCommandLine, DaemonExitStatus, rendered by
# DocumentationRenderer). Run it after changing a key or the daemon's command line, then
# commit the result; the test DocumentationRendererTests fails while they differ.
# The man pages are not committed: the package build renders them.
set -eu
cd "$(dirname "$0")/.."
command -v swift >/dev/null 2>&1 || PATH="/opt/swift/usr/bin:$PATH"
swift build --product dom0tuned >&2
bin="$(swift build --show-bin-path)/dom0tuned"
"$bin" --render-doc dom0tuned.conf > packaging/dom0tuned.conf.new
mv packaging/dom0tuned.conf.new packaging/dom0tuned.conf
echo "packaging/dom0tuned.conf regenerated" >&2

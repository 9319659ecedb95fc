# Entry points. Each target delegates to a script so the logic stays readable.
SWIFT ?= swift

.PHONY: all build release test check deb system-test demo bench bench-control clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release --static-swift-stdlib

# Unit and host tests.
test:
	$(SWIFT) test

# Everything CI runs (the README's test command): unit and host tests, then the
# system test on a real Xen 4.17 hypervisor under QEMU.
check: test system-test

# Debian package: dist/dom0tuned_<version>_amd64.deb
deb:
	packaging/build-deb.sh

# Real Xen 4.17 + Debian 12 dom0 under QEMU; installs dist/*.deb and runs the scenarios.
system-test: deb
	tests/system/run.sh

# The main job on a machine without Xen: boot the VM with dom0tuned installed and show it working.
demo: deb
	tests/system/demo.sh

bench: release
	scripts/bench-footprint.sh

# Control socket: req/s, p50/p99, 64 clients, RSS over 100k requests, dom0ctl status time.
bench-control: release
	BENCH_SKIP_BUILD=1 scripts/bench-control.sh

clean:
	rm -rf .build .build-deb dist

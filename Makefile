# SPDX-License-Identifier: GPL-2.0
#
# make                 the module against KDIR (default: the running kernel)
# make KDIR=<dir>      ... against another kernel's headers
# make check           unit tests, VM selftests on both kernels, quality gates
# make demo            boot a VM (6.12) with drives and print their reports
# make help            the other targets
#
# Kbuild reads the Kbuild file; this Makefile is only for people.

KDIR ?= /lib/modules/$(shell uname -r)/build
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
CACHE := $(TOP)/.cache
SELFTESTS := tools/testing/selftests/cdrom_msinfo
VM := tools/testing/vm
# The cached kernels, once tools/testing/vm/setup has run.
KERNELS = $(shell . $(CACHE)/versions.env 2>/dev/null && echo $$KERNELS)
K612 = $(shell . $(CACHE)/versions.env 2>/dev/null && echo $$K612)

all: modules

modules:
	@test -f $(KDIR)/Makefile || { echo "No kernel headers in $(KDIR):"\
		"install linux-headers-$$(uname -r) or pass KDIR=<headers dir>"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) modules

# Not "make -C $(KDIR) M=$(TOP) clean": Kbuild's clean deletes every *.ko*
# below M, the cached guest kernels' modules in .cache/ included.
clean:
	rm -rf $(TOP)/build
	find $(TOP)/drivers $(TOP)/$(SELFTESTS) \
		\( -name '*.[oas]' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name modules.order \
		-o -name Module.symvers \) -type f -delete
	rm -f $(TOP)/Module.symvers $(TOP)/modules.order $(TOP)/.*.cmd

# Packages, guest kernels and kselftest headers (idempotent, seconds when done).
setup:
	$(VM)/setup

$(CACHE)/versions.env:
	$(VM)/setup

# The project module and the test modules for every cached kernel, in
# build/<krel>/.
modules-all: $(CACHE)/versions.env
	@for k in $(KERNELS); do $(VM)/build-modules $$k || exit 1; done

selftests: $(CACHE)/versions.env
	$(MAKE) -C $(SELFTESTS) OUTPUT=$(TOP)/build/selftests

# VM selftests only; KERNEL=6.1 or 6.12 for one, TESTS=a,b for some.
vm-test: modules-all selftests
	@rc=0; for k in $(if $(KERNEL),$(KERNEL),$(KERNELS)); do \
		$(VM)/run --kernel $$k $(if $(TESTS),--tests $(TESTS)) || rc=1; \
	done; exit $$rc

gates: $(CACHE)/versions.env
	scripts/gates

check:
	scripts/check

demo:
	$(VM)/setup
	$(VM)/build-modules $(K612)
	$(MAKE) -C $(SELFTESTS) OUTPUT=$(TOP)/build/selftests
	$(VM)/run --kernel $(K612) --demo

help:
	@sed -n '3,8s/^# //p' $(TOP)/Makefile
	@echo "make setup           install packages, fetch both guest kernels into .cache/"
	@echo "make modules-all     build/<krel>/*.ko for every cached kernel"
	@echo "make selftests       build/selftests/"
	@echo "make vm-test         selftests in VMs [KERNEL=6.1|6.12] [TESTS=a,b]"
	@echo "make gates           checkpatch, uapi headers, W=1 and sparse builds"
	@echo "make clean           remove build products (never touches .cache/)"

.PHONY: all modules clean setup modules-all selftests vm-test gates check demo help

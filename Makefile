# SPDX-License-Identifier: GPL-2.0
#
# make                 the module against KDIR (default: the running kernel)
# make KDIR=<dir>      ... against another kernel's headers
# make check           unit tests, VM selftests on both kernels, quality gates
# make demo            boot a VM (6.12) with drives and print their reports
# make install         the module, msinfo, its man page, header and udev rules
#                      [DESTDIR=<staging dir>] [PREFIX=/usr/local]
#                      [MOK_KEY=<key> MOK_CERT=<cert>] [UNSIGNED=1]
# make dkms-install    the module through DKMS, rebuilt for every new kernel
# make help            the other targets
#
# Kbuild reads the Kbuild file; this Makefile is only for people.

KDIR ?= /lib/modules/$(shell uname -r)/build
TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Where the scripts look too.
CACHE := $(or $(MSINFO_CACHE),$(TOP)/.cache)
SELFTESTS := tools/testing/selftests/cdrom_msinfo
VM := tools/testing/vm
# The cached kernels, once tools/testing/vm/setup has run.
KERNELS = $(shell . $(CACHE)/versions.env 2>/dev/null && echo $$KERNELS)
K612 = $(shell . $(CACHE)/versions.env 2>/dev/null && echo $$K612)
# The debug kernel (KASAN, lockdep, kmemleak, failslab), once built by
# make check, make check-debug or run --kernel debug.
KDEBUG = $(shell . $(CACHE)/versions.env 2>/dev/null && echo $$KDEBUG)

all: modules

modules:
	@test -f $(KDIR)/Makefile || { echo "No kernel headers in $(KDIR):"\
		"install linux-headers-$$(uname -r) or pass KDIR=<headers dir>"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) modules

# Not "make -C $(KDIR) M=$(TOP) clean": Kbuild's clean deletes every *.ko*
# below M, the cached guest kernels' modules in .cache/ included.  (DKMS's
# copy of the sources has no selftests.)
clean:
	rm -rf $(TOP)/build
	find $(wildcard $(TOP)/drivers $(TOP)/$(SELFTESTS)) \
		\( -name '*.[oas]' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '.*.d' -o -name modules.order \
		-o -name Module.symvers \) -type f -delete
	rm -f $(TOP)/Module.symvers $(TOP)/modules.order $(TOP)/.*.cmd

# The module goes to /lib/modules/<release>/updates/, which modprobe prefers
# to the kernel's own tree, whatever PREFIX says.  udev reads rules from
# /etc, /run and /usr/lib only, so unless PREFIX is /usr they go to /etc.
# With DESTDIR (a staging folder for a package) depmod is left to the
# package's installation.  Kbuild's own depmod needs System.map, which
# headers packages lack: depmod runs here instead.
PREFIX ?= /usr/local
DESTDIR ?=
UDEVRULESDIR ?= $(if $(filter /usr,$(PREFIX)),/usr/lib/udev/rules.d,/etc/udev/rules.d)
PKG_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$$/\1/p' $(TOP)/dkms.conf)
# As in vermagic (Debian's include/config/kernel.release says otherwise).
KRELEASE ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' \
	$(KDIR)/include/generated/utsrelease.h 2>/dev/null)
# Distribution headers come without the signing key: Kbuild cannot sign.
# On a kernel that checks signatures scripts/module-signing signs with a
# Machine Owner Key instead (MOK_KEY, MOK_CERT; by default DKMS's
# /var/lib/dkms/mok.key and mok.pub), or says what to do; UNSIGNED=1
# installs unsigned all the same.
MODSIGN = $(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=)
MSINFO_INSTALL = DESTDIR=$(DESTDIR) PREFIX=$(PREFIX) UDEVRULESDIR=$(UDEVRULESDIR)

install: install-module install-tools
uninstall: uninstall-module uninstall-tools

install-module: modules
	DESTDIR=$(DESTDIR) $(TOP)/scripts/module-signing $(KDIR) \
		$(TOP)/drivers/cdrom/msinfo/cdrom_msinfo.ko
	$(MAKE) -C $(KDIR) M=$(TOP) INSTALL_MOD_PATH=$(DESTDIR) INSTALL_MOD_DIR=updates \
		DEPMOD=true $(MODSIGN) modules_install
	$(if $(DESTDIR),,depmod -a $(KRELEASE))

# Everything but the module (which DKMS may install instead).
install-tools:
	$(MAKE) -C $(TOP)/tools/msinfo install $(MSINFO_INSTALL)
	install -m 0644 $(TOP)/tools/udev/60-cdrom-msinfo-load.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-cdrom-msinfo-load.rules

# Needs no kernel headers (they are often gone with the kernel they were
# for): the module goes from every release's updates/ it was installed in.
INSTALLED_MODDIRS = $(patsubst %/drivers/cdrom/msinfo,%,$(wildcard \
	$(DESTDIR)/lib/modules/*/updates/drivers/cdrom/msinfo))

uninstall-module:
	@for d in $(INSTALLED_MODDIRS); do \
		echo "rm -f $$d/drivers/cdrom/msinfo/cdrom_msinfo.ko*"; \
		rm -f $$d/drivers/cdrom/msinfo/cdrom_msinfo.ko* && \
		(cd $$d && rmdir -p --ignore-fail-on-non-empty drivers/cdrom/msinfo) && \
		if [ -z "$(DESTDIR)" ]; then \
			r=$${d#/lib/modules/}; r=$${r%/updates}; \
			echo "depmod -a $$r"; depmod -a $$r; \
		fi || exit 1; \
	done

uninstall-tools:
	$(MAKE) -C $(TOP)/tools/msinfo uninstall $(MSINFO_INSTALL)
	rm -f $(DESTDIR)$(UDEVRULESDIR)/60-cdrom-msinfo-load.rules

# DKMS builds from a copy of the module's sources in
# /usr/src/cdrom-msinfo-<version> (dkms.conf has the version).
DKMS ?= dkms
DKMS_SOURCE_TREE ?= /usr/src
DKMS_SRC = $(DESTDIR)$(DKMS_SOURCE_TREE)/cdrom-msinfo-$(PKG_VERSION)
DKMS_FILES = dkms.conf Makefile Kbuild include/uapi/linux/cdrom_msinfo.h \
	$(patsubst $(TOP)/%,%,$(filter-out %.mod.c,$(wildcard \
		$(addprefix $(TOP)/drivers/cdrom/msinfo/,Kbuild *.c *.h))))

dkms-source:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cd $(TOP) && cp --parents $(DKMS_FILES) $(DKMS_SRC)/

# Replaces an earlier dkms-install of the same version.
dkms-install: dkms-source
	-$(DKMS) remove -m cdrom-msinfo -v $(PKG_VERSION) --all >/dev/null 2>&1
	$(DKMS) add -m cdrom-msinfo -v $(PKG_VERSION)
	$(DKMS) install -m cdrom-msinfo -v $(PKG_VERSION)

dkms-uninstall:
	$(DKMS) remove -m cdrom-msinfo -v $(PKG_VERSION) --all
	rm -rf $(DKMS_SRC)

# make install into a staging folder: exactly the files README.md lists.
install-check: $(CACHE)/versions.env
	scripts/install-check

# DKMS build and install for both cached kernels; each VM loads the result.
dkms-check: $(CACHE)/versions.env
	-$(MAKE) -k -C $(SELFTESTS) OUTPUT=$(TOP)/build/selftests
	$(VM)/dkms-test

# The Debian packages: built, checked by lintian, installed with dpkg in
# the VM of each cached kernel (DKMS builds the module there) and purged.
deb-check: $(CACHE)/versions.env
	-$(MAKE) -k -C $(SELFTESTS) OUTPUT=$(TOP)/build/selftests
	$(MAKE) modules-all
	$(VM)/deb-test

# Packages, guest kernels and kselftest headers (idempotent, seconds when done).
setup:
	$(VM)/setup

$(CACHE)/versions.env:
	$(VM)/setup

# The project module and the test modules for every cached kernel, in
# build/<krel>/.
modules-all: $(CACHE)/versions.env
	@for k in $(KERNELS) $(KDEBUG); do $(VM)/build-modules $$k || exit 1; done

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

# The debug kernel's long runs: failslab, and what make check leaves out
# there (README.md says which).
check-debug:
	scripts/check-debug

# setup as a prerequisite, not the recipe's first line: make expands the
# whole recipe, $(K612) included, before it runs any of it.
# Of the selftests the demo needs msinfo only (and run, tests.list).
demo: setup
	$(VM)/build-modules $(K612)
	$(MAKE) -C $(SELFTESTS) OUTPUT=$(TOP)/build/selftests \
		$(TOP)/build/selftests/msinfo $(TOP)/build/selftests/tests.list
	$(VM)/run --kernel $(K612) --demo

# The benchmark in a 6.12 VM (BENCH_KERNELS="6.12 6.1" for both): a table,
# build/bench/results.{txt,json,rst} and bench.png; a full run also writes
# the document's results (Documentation/admin-guide/cdrom-msinfo-bench-results.*).
bench: modules-all selftests
	tools/testing/bench/bench

help:
	@sed -n '3,11s/^# //p' $(TOP)/Makefile
	@echo "make setup           install packages, fetch both guest kernels into .cache/"
	@echo "make modules-all     build/<krel>/*.ko for every cached kernel"
	@echo "make selftests       build/selftests/"
	@echo "make vm-test         selftests in VMs [KERNEL=6.1|6.12] [TESTS=a,b]"
	@echo "make gates           checkpatch, uapi headers, W=1 and sparse builds"
	@echo "make uninstall       remove what make install installed (same DESTDIR, PREFIX)"
	@echo "make install-tools   make install without the module (with dkms-install)"
	@echo "make dkms-source     the module's sources in [DESTDIR]/usr/src/cdrom-msinfo-<version>"
	@echo "make dkms-uninstall  dkms remove, and the sources in /usr/src"
	@echo "make install-check   make install/uninstall into a staging folder, files checked"
	@echo "make dkms-check      DKMS build/install on both kernels, loaded in each VM"
	@echo "make deb-check       Debian packages built, lintian, dpkg -i/--purge in each VM"
	@echo "make bench           benchmark in a VM: build/bench/results.txt, the document's table"
	@echo "make check-debug     on the debug kernel: failslab and the long selftests"
	@echo "make clean           remove build products (never touches .cache/)"

.PHONY: all modules clean setup modules-all selftests vm-test gates check demo help \
	install uninstall install-module install-tools uninstall-module uninstall-tools \
	dkms-source dkms-install dkms-uninstall install-check dkms-check deb-check
.PHONY: check-debug

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module comes up on a machine with an optical drive without anyone
# typing modprobe: installed where "make install" puts it (updates/ of the
# kernel's module tree, then depmod) and with the project's udev rule in
# place, systemd-udevd loads it on the drive's "add" event, sr_mod first,
# and the module serves the drive.  Also checks the metadata modinfo shows.
#
# The runner loads the module before the tests: this test unloads it and
# leaves it loaded again.  The host's root, shared read-only, has no
# /lib/modules for this kernel, so the module tree is made in a tmpfs
# overlaid on /usr/lib (/lib is a link to it).  Prints TAP.

set -u

top=${MSINFO_TOP:?}
# shellcheck source=test_lib.sh
. "$top/tools/testing/selftests/cdrom_msinfo/test_lib.sh"
krel=${MSINFO_KREL:-$(uname -r)}
ko=${MSINFO_BUILD:?}/cdrom_msinfo.ko
kroot=${MSINFO_KROOT:?}
rule=60-cdrom-msinfo-load.rules
dest=updates/drivers/cdrom/msinfo
version=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$/\1/p' "$top/dkms.conf")

echo "TAP version 13"
need "$ko" "$udevd" "$top/tools/udev/$rule"
# The drives by SCSI address: their srN names may change when sr_mod is
# loaded again.
drives=()
for d in /sys/block/sr*; do
	[ -e "$d/multisession" ] && drives+=("$(basename "$(readlink -f "$d/device")")")
done
[ "${#drives[@]}" = 0 ] && skip_all "no drive served by the module"
echo "1..5"

# 1: what a distribution reads from the module.
bad=()
field() { modinfo -F "$1" "$ko" 2>&1; }
[ "$(field license)" = GPL ] || bad+=("license: $(field license)")
[ -n "$version" ] && [ "$(field version)" = "$version" ] ||
	bad+=("version: '$(field version)', dkms.conf: '$version'")
field author | grep -q 'cdrom-msinfo' || bad+=("author: $(field author)")
[ -n "$(field description)" ] || bad+=("no description")
[ "$(field softdep)" = "pre: sr_mod" ] || bad+=("softdep: $(field softdep)")
# Every parameter the loaded module has is described ("name:text (type)").
for p in /sys/module/cdrom_msinfo/parameters/*; do
	p=${p##*/}
	field parm | grep -Eq "^$p:[^ (].* \\([a-z]+\\)\$" || bad+=("parameter $p: no description")
done
if [ "${#bad[@]}" = 0 ]; then
	pass "modinfo: license, version $version, author, description, softdep, parameters"
else
	fail "modinfo: license, version $version, author, description, softdep, parameters" "${bad[@]}"
fi

t=$(mktemp -d)
mounted=0
cleanup() {
	udevd_stop
	if [ "$mounted" = 1 ]; then
		umount "/usr/lib/modules/$krel/kernel" 2>/dev/null
		umount /usr/lib 2>/dev/null || umount -l /usr/lib
	fi
	rm -rf "$t"
	# Leave the modules loaded, as the runner had them.
	[ -e /sys/module/sr_mod ] || modprobe -d "$kroot" sr_mod
	[ -e /sys/module/cdrom_msinfo ] || insmod "$ko"
}
trap cleanup EXIT

# The module tree as "make install" leaves it.
setup_tree() {
	local m=/lib/modules/$krel f files
	modprobe -d "$kroot" overlay || return 1
	mkdir -p "$t/upper" "$t/work" || return 1
	mount -t overlay overlay \
		-o "lowerdir=/usr/lib,upperdir=$t/upper,workdir=$t/work" /usr/lib || return 1
	mounted=1
	mkdir -p "$m/kernel" "$m/$dest" || return 1
	mount --bind "$kroot/lib/modules/$krel/kernel" "$m/kernel" || return 1
	cp "$kroot/lib/modules/$krel"/modules.{order,builtin,builtin.modinfo} "$m/" || return 1
	install -m 0644 "$ko" "$m/$dest/" || return 1
	# depmod over all of the kernel's modules takes minutes under TCG:
	# index sr_mod, what it needs, and the module.
	files=()
	for f in $(sed -n 's|^\(kernel/.*/sr_mod\.ko[^:]*\):|\1|p' \
		"$kroot/lib/modules/$krel/modules.dep"); do
		files+=("$m/$f")
	done
	[ "${#files[@]}" -gt 1 ] || return 1
	depmod "$krel" "${files[@]}" "$m/$dest/cdrom_msinfo.ko"
}
if ! setup_tree 2>"$t/err"; then
	fail "module tree with $dest/cdrom_msinfo.ko" "$(cat "$t/err")"
	tap_end "${SECONDS}s"
	exit 1
fi
# Unload, or end the test: the next steps need the module gone.
unload() {
	local out
	[ -e /sys/module/cdrom_msinfo ] || return 0
	out=$(rmmod cdrom_msinfo 2>&1) && return 0
	fail "rmmod cdrom_msinfo" "$out"
	tap_end "${SECONDS}s"
	exit 1
}

# served: true once every drive the module served at the start is served
# again (sr probes the drives, then the module attaches), within 10 s.
served_one() {
	local f
	for f in /sys/bus/scsi/devices/"$1"/block/sr*/multisession/media_state; do
		[ -e "$f" ] && return 0
	done
	return 1
}
served() {
	local d all i
	for ((i = 0; i < 100; i++)); do
		all=1
		for d in "${drives[@]}"; do
			served_one "$d" || all=0
		done
		[ "$all" = 1 ] && return 0
		nap 0.1
	done
	return 1
}

# The module loaded is the one installed in updates/.
installed() {
	[ -e /sys/module/cdrom_msinfo ] &&
		[ "$(cat /sys/module/cdrom_msinfo/srcversion)" = "$(field srcversion)" ] &&
		[ "$(cat /sys/module/cdrom_msinfo/version)" = "$version" ]
}

# 2: "modprobe cdrom_msinfo" where sr_mod is not loaded yet: the softdep
# loads sr_mod, sr finds the drives, the module serves them.
name="modprobe cdrom_msinfo: sr_mod first, then $dest/cdrom_msinfo.ko"
unload
if ! out=$(rmmod sr_mod 2>&1); then
	skip "$name" "sr_mod cannot be unloaded: $out"
else
	out=$(modprobe -v cdrom_msinfo 2>&1)
	if [ -e /sys/module/sr_mod ] && installed && served; then
		pass "$name"
	else
		fail "$name" "modprobe: $out" \
			"loaded: $(lsmod | awk 'NR > 1 { printf "%s ", $1 }')"
	fi
fi
[ -e /sys/module/sr_mod ] || modprobe -d "$kroot" sr_mod
unload

# Replay the drives' "add" events, as systemd-udev-trigger does at boot.
coldplug() {
	udevadm trigger --action=add --subsystem-match=block --sysname-match='sr[0-9]*' &&
		udevadm settle --timeout=60
}

# 3: udevd with the system's rules only: nothing else loads the module, so
# the next step shows what the project's rule does.
if ! udevd_start "$t/udevd.err"; then
	fail "systemd-udevd starts" "$(cat "$t/udevd.err")"
	tap_end "${SECONDS}s"
	exit 1
fi
coldplug
if [ ! -e /sys/module/cdrom_msinfo ]; then
	pass "without $rule: not loaded after the drives' add events"
else
	fail "without $rule: not loaded after the drives' add events" \
		"something else loads the module; this test cannot tell what the rule does"
fi

# 4: with the project's rule, the same events load the installed module.
mkdir -p /run/udev/rules.d
install -m 0644 "$top/tools/udev/$rule" /run/udev/rules.d/
udevadm control --reload
coldplug
if installed; then
	pass "with $rule: loaded on the drives' add events"
else
	fail "with $rule: loaded on the drives' add events" \
		"/sys/module/cdrom_msinfo: $(ls /sys/module/cdrom_msinfo 2>&1 | tr '\n' ' ')"
fi

# 5: and it serves every drive it served before.
if served; then
	pass "serves the drives at ${drives[*]} again"
else
	fail "serves the drives at ${drives[*]} again" \
		"$(ls -d /sys/bus/scsi/devices/*/block/sr*/multisession 2>&1)"
fi
rm -f "/run/udev/rules.d/$rule"

tap_end "${SECONDS}s"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages as a user installs them: dpkg -i of
# cdrom-msinfo-dkms and msinfo, whose postinst has DKMS build the module
# for the running kernel, here; the module DKMS installed loads, carries
# DKMS's signature and serves a simulated drive, read by the packaged
# msinfo; dpkg --purge leaves no file behind.
#
# Run by tools/testing/vm/deb-test, which builds the packages and lists
# them in $MSINFO_BUILD/debs (the test skips without that file).  The
# host's root is read-only here: /usr, /var and /etc get a tmpfs overlaid
# (what dpkg and DKMS write lands there, and is checked after the purge),
# and /usr/lib/modules a tmpfs with this kernel's tree: sr_mod and what it
# needs, and the headers as "build", so DKMS's depmod indexes a handful
# of modules, not thousands under emulation.  Prints TAP.

set -u

sel=${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo
# shellcheck source=sim_drive_lib.sh
. "$sel/sim_drive_lib.sh"
krel=${MSINFO_KREL:?}
kroot=${MSINFO_KROOT:?}
build=${MSINFO_BUILD:?}
version=$(sed -n 's/^PACKAGE_VERSION="\([^"]*\)"$/\1/p' "$MSINFO_TOP/dkms.conf")

echo "TAP version 13"
[ -f "$build/debs" ] || skip_all "no $build/debs (tools/testing/vm/deb-test writes it)"
mapfile -t debs <"$build/debs"
need "${debs[@]}" "$build/mmcsim.ko" "$kroot/usr/src/linux-headers-$krel/Makefile"
echo "1..6"

t=$(mktemp -d)
mounts=()
cleanup() {
	local i
	sim_cleanup
	rmmod cdrom_msinfo 2>/dev/null
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		umount "${mounts[$i]}" 2>/dev/null || umount -l "${mounts[$i]}"
	done
	rm -rf "$t"
	# The runner unloads the module it loaded at the end.
	[ -e /sys/module/cdrom_msinfo ] || insmod "$build/cdrom_msinfo.ko"
}
trap cleanup EXIT

bail() {
	fail "$1" "${@:2}"
	tap_end "${SECONDS}s"
	exit 1
}

# / writable where packages write, over a tmpfs per folder.
setup_root() {
	local d m=/usr/lib/modules/$krel f
	modprobe -d "$kroot" overlay || return 1
	for d in usr var etc; do
		mkdir -p "$t/$d/upper" "$t/$d/work" || return 1
		mount -t overlay overlay \
			-o "lowerdir=/$d,upperdir=$t/$d/upper,workdir=$t/$d/work" "/$d" ||
			return 1
		mounts+=("/$d")
	done
	mkdir -p /usr/lib/modules && mount -t tmpfs tmpfs /usr/lib/modules || return 1
	mounts+=(/usr/lib/modules)
	mkdir -p "$m" || return 1
	cp "$kroot/lib/modules/$krel"/modules.{order,builtin,builtin.modinfo} "$m/" || return 1
	for f in $(sed -n 's|^\(kernel/.*/sr_mod\.ko[^:]*\):|\1|p' \
		"$kroot/lib/modules/$krel/modules.dep"); do
		install -D -m 0644 "$kroot/lib/modules/$krel/$f" "$m/$f" || return 1
	done
	ln -s "$kroot/usr/src/linux-headers-$krel" "$m/build" || return 1
	depmod "$krel" || return 1
	# What systemd makes at boot, and bash's <(...) in dkms needs.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd || return 1
	# man-db's own switch: no index rebuild by its trigger (minutes
	# under emulation, and nothing this test looks at).
	rm -f /var/lib/man-db/auto-update
}
setup_root 2>"$t/err" || bail "a writable root for dpkg" "$(cat "$t/err")"

# 1: dpkg -i; DKMS builds and installs the module for this kernel.
s=$SECONDS
name="dpkg -i ${debs[*]##*/}: DKMS builds $version for $krel"
if DEBIAN_FRONTEND=noninteractive dpkg -i "${debs[@]}" >"$t/dpkg.log" 2>&1; then
	status=$(dkms status -m cdrom-msinfo -v "$version" -k "$krel" 2>/dev/null)
	ko=$(find "/usr/lib/modules/$krel/updates/dkms" -name 'cdrom_msinfo.ko*' 2>/dev/null)
	if [[ $status == "cdrom-msinfo/$version, $krel, "*": installed"* ]] && [ -n "$ko" ]; then
		pass "$name ($((SECONDS - s))s)"
	else
		bail "$name" "dkms status: $status" "module: ${ko:-none}" \
			"$(tail -n 20 "$t/dpkg.log")"
	fi
else
	bail "$name" "$(tail -n 30 "$t/dpkg.log")"
fi

# 2: signed by DKMS, with the key it keeps in /var/lib/dkms (the one a
# Secure Boot user enrolls with mokutil --import /var/lib/dkms/mok.pub).
signer=$(modinfo -F signer "$ko" 2>&1)
sig_id=$(modinfo -F sig_id "$ko" 2>&1)
if [ "$sig_id" = "PKCS#7" ] && [ -n "$signer" ] && [ -f /var/lib/dkms/mok.pub ] &&
	openssl x509 -inform DER -in /var/lib/dkms/mok.pub -noout -subject 2>/dev/null |
	grep -qF "$signer"; then
	pass "the module is signed with /var/lib/dkms/mok.pub ($signer)"
else
	fail "the module is signed with /var/lib/dkms/mok.pub" "sig_id: '$sig_id'" \
		"signer: '$signer'" "$(ls -l /var/lib/dkms/mok.* 2>&1)"
fi

# 3: modprobe takes the module DKMS installed.
rmmod cdrom_msinfo 2>/dev/null
out=$(modprobe cdrom_msinfo 2>&1)
if [ "$(cat /sys/module/cdrom_msinfo/srcversion 2>&1)" = "$(modinfo -F srcversion cdrom_msinfo 2>&1)" ] &&
	[ "$(cat /sys/module/cdrom_msinfo/version 2>&1)" = "$version" ] &&
	[ "$(readlink -f "$(modinfo -n cdrom_msinfo)")" = "$(readlink -f "$ko")" ]; then
	pass "modprobe cdrom_msinfo loads ${ko#/usr/lib/modules/}"
else
	bail "modprobe cdrom_msinfo loads ${ko#/usr/lib/modules/}" "modprobe: $out" \
		"modinfo -n: $(modinfo -n cdrom_msinfo 2>&1)"
fi

# 4: it serves a simulated drive; the packaged msinfo reads its state.
name="a simulated CD-R with two sessions: /usr/bin/msinfo -C says 11700,19100"
if sim_load_module && sim_new deb cd-r.appendable-2 && sim_power deb &&
	disk=$(sim_disk deb) && sim_fresh "$disk"; then
	rd state "/sys/block/$disk/multisession/media_state"
	c=$(/usr/bin/msinfo -C "/dev/$disk" 2>&1)
	json=$(/usr/bin/msinfo --json "/dev/$disk" 2>&1)
	if [ "$state" = appendable ] && [ "$c" = 11700,19100 ] &&
		[[ $json =~ \"next_writable\":[[:space:]]*19100[^0-9] ]]; then
		pass "$name"
	else
		fail "$name" "media_state: $state" "msinfo -C: $c" "$json"
	fi
else
	fail "$name" "the simulated drive did not come up"
fi
sim_cleanup
rmmod cdrom_msinfo

# 5: purge: no package, no DKMS tree, no module, no file in /usr or /etc.
bad=()
if ! DEBIAN_FRONTEND=noninteractive dpkg --purge msinfo cdrom-msinfo-dkms >"$t/purge.log" 2>&1; then
	bad+=("$(tail -n 20 "$t/purge.log")")
fi
for p in msinfo cdrom-msinfo-dkms; do
	s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	[ -z "${s// /}" ] || [ "${s:1:1}" = n ] || bad+=("dpkg: $p is '$s'")
done
left=$(cd "$t" && find usr/upper etc/upper ! -type d ! -name ld.so.cache 2>&1)
[ -z "$left" ] || bad+=("left in /usr, /etc: $left")
left=$(cd "$t/var/upper" && find . -path '*msinfo*' ! -path ./log/\* ! -name '*-old' 2>&1)
[ -z "$left" ] || bad+=("left in /var: $left")
left=$(find "/usr/lib/modules/$krel" -name 'cdrom_msinfo*' 2>&1)
[ -z "$left" ] || bad+=("module left: $left")
if [ "${#bad[@]}" = 0 ]; then
	pass "dpkg --purge: nothing left behind"
else
	fail "dpkg --purge: nothing left behind" "${bad[@]}"
fi

# 6: and the module is not found any more.
if ! modprobe -n cdrom_msinfo 2>/dev/null; then
	pass "modprobe finds no cdrom_msinfo after the purge"
else
	fail "modprobe finds no cdrom_msinfo after the purge" "$(modinfo -n cdrom_msinfo 2>&1)"
fi

tap_end "${SECONDS}s"

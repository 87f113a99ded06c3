#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# msinfo and the documentation's ioctl example against the loaded module
# (run it in the VM, with drives attached and a medium loaded).  For every
# drive the module serves:
#  - "msinfo --json" through the ioctl equals "msinfo --sysfs --json";
#  - each ATTRIBUTE=VALUE line the example prints equals that sysfs file,
#    and each sysfs value that applies is printed;
#  - "msinfo -C" prints the msinfo attribute, or exits 3/4/5 for no medium,
#    blank and closed media, and equals "cdrskin -msinfo" where it prints.
# Prints TAP.
#
# Usage: live_test.sh [MSINFO [EXAMPLE]]

set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR/.. source=test_lib.sh
. "$here/../test_lib.sh"
MSINFO=${1:-$here/msinfo}
EXAMPLE=${2:-$here/cdrom-msinfo-example}

echo "TAP version 13"
[ -e /dev/cdrom_msinfo ] || skip_all "the cdrom_msinfo module is not loaded"

gen='' now='' state=''
for ms in /sys/block/sr*/multisession; do
	[ -d "$ms" ] || continue
	name=$(basename "$(dirname "$ms")")
	dev=/dev/$name

	rd gen "$ms/generation"

	ioctl_json=$("$MSINFO" --json "$dev" 2>&1)
	sysfs_json=$("$MSINFO" --sysfs --json "$dev" 2>&1)
	if [ "$ioctl_json" = "$sysfs_json" ]; then
		pass "$name: msinfo --json is the same through ioctl and sysfs"
	else
		fail "$name: msinfo --json is the same through ioctl and sysfs" \
			"$(diff <(echo "$sysfs_json") <(echo "$ioctl_json"))"
	fi

	result "$name: the example prints what sysfs shows" \
		"$(example_vs_sysfs "$EXAMPLE" "$name")"

	out=$("$MSINFO" -C "$dev" 2>/dev/null)
	rc=$?
	rd state "$ms/media_state"
	msinfo_c_want "$state" "$ms"
	if [ "$rc" = "$want_rc" ] && [ "$out" = "$want_out" ]; then
		pass "$name: msinfo -C ($state)"
	else
		fail "$name: msinfo -C ($state)" \
			"exit $rc, want $want_rc; printed '$out', want '$want_out'"
	fi

	if [ "$rc" = 0 ] && command -v cdrskin >/dev/null; then
		cdr=$(cdrskin_msinfo "$dev")
		if [ "$cdr" = "$out" ]; then
			pass "$name: msinfo -C equals cdrskin -msinfo"
		else
			fail "$name: msinfo -C equals cdrskin -msinfo" \
				"msinfo '$out', cdrskin '$cdr'"
		fi
	fi

	rd now "$ms/generation"
	if [ "$now" != "$gen" ]; then
		fail "$name: no refresh during the checks" \
			"generation moved from $gen: run again"
	fi
done

echo "1..$ntest"
[ "$nfail" = 0 ]

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
MSINFO=${1:-$here/msinfo}
EXAMPLE=${2:-$here/cdrom-msinfo-example}
ntest=0
nfail=0

echo "TAP version 13"
pass() { ntest=$((ntest + 1)); echo "ok $ntest $1"; }
fail() {
	ntest=$((ntest + 1)); nfail=$((nfail + 1))
	echo "not ok $ntest $1"
	shift
	printf '#   %s\n' "$@"
}

if [ ! -e /dev/cdrom_msinfo ]; then
	echo "1..0 # SKIP the cdrom_msinfo module is not loaded"
	exit 4
fi

# attr DIR NAME: the attribute's value; status 1 when it does not apply
attr() { cat "$1/$2" 2>/dev/null; }

# The attributes the example prints, in its order.
ATTRS="media_state profile_number sessions tracks last_session msinfo"
for t in sequential random_write pseudo_overwrite; do
	ATTRS="$ATTRS $t/supported $t/in_use"
	for f in first_data_session prev_session_start \
		prev_session_last_written last_written next_writable \
		free_sectors total_sectors write_unit_size; do
		ATTRS="$ATTRS $t/$f"
	done
done
ATTRS="$ATTRS diskseq generation error"

for ms in /sys/block/sr*/multisession; do
	[ -d "$ms" ] || continue
	name=$(basename "$(dirname "$ms")")
	dev=/dev/$name

	gen=$(attr "$ms" generation)

	ioctl_json=$("$MSINFO" --json "$dev" 2>&1)
	sysfs_json=$("$MSINFO" --sysfs --json "$dev" 2>&1)
	if [ "$ioctl_json" = "$sysfs_json" ]; then
		pass "$name: msinfo --json is the same through ioctl and sysfs"
	else
		fail "$name: msinfo --json is the same through ioctl and sysfs" \
			"$(diff <(echo "$sysfs_json") <(echo "$ioctl_json"))"
	fi

	example=$("$EXAMPLE" "$dev" 2>&1)
	bad=""
	for a in $ATTRS; do
		line=$(printf '%s\n' "$example" | grep -m1 "^$a=")
		if val=$(attr "$ms" "$a"); then
			[ "$line" = "$a=$val" ] ||
				bad="$bad [$a: sysfs '$val', example '${line#*=}']"
		elif [ -n "$line" ] && [ "${a##*/}" != supported ] &&
			[ "${a##*/}" != in_use ]; then
			bad="$bad [$a: sysfs does not apply, example '${line#*=}']"
		fi
	done
	if [ -z "$bad" ]; then
		pass "$name: the example prints what sysfs shows"
	else
		fail "$name: the example prints what sysfs shows" "$bad"
	fi

	out=$("$MSINFO" -C "$dev" 2>/dev/null)
	rc=$?
	state=$(attr "$ms" media_state)
	want_rc=0
	case $state in
	none) want_rc=3 ;;
	blank) want_rc=4 ;;
	complete) want_rc=5 ;;
	unknown) want_rc=1 ;;
	esac
	if want=$(attr "$ms" msinfo) && [ "$want_rc" = 0 ]; then
		:
	else
		want=""
		[ "$want_rc" = 0 ] && want_rc=4		# overwritable, no volume
	fi
	if [ "$rc" = "$want_rc" ] && [ "$out" = "$want" ]; then
		pass "$name: msinfo -C ($state)"
	else
		fail "$name: msinfo -C ($state)" \
			"exit $rc, want $want_rc; printed '$out', want '$want'"
	fi

	if [ "$rc" = 0 ] && command -v cdrskin >/dev/null; then
		cdr=$(cdrskin dev="$dev" -msinfo 2>/dev/null | tail -n 1)
		if [ "$cdr" = "$out" ]; then
			pass "$name: msinfo -C equals cdrskin -msinfo"
		else
			fail "$name: msinfo -C equals cdrskin -msinfo" \
				"msinfo '$out', cdrskin '$cdr'"
		fi
	fi

	if [ "$(attr "$ms" generation)" != "$gen" ]; then
		fail "$name: no refresh during the checks" \
			"generation moved from $gen: run again"
	fi
done

echo "1..$ntest"
[ "$nfail" = 0 ]

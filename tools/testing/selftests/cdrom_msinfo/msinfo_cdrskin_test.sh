#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "msinfo -C" is a drop-in for "cdrskin -msinfo": on every simulated
# medium of media/, each in a drive of its own, and on a drive with no
# medium, it exits with the status msinfo.1 gives for the medium's state
# (3 no medium, 4 blank, 5 closed; 0 and START,NEXT where the module has
# them), and on every medium whose description states cdrskin's answer
# ("expect cdrskin") it prints what cdrskin prints, live, or both refuse.
# A "deviation cdrskin" line names a known difference: reported, not
# compared.  One result per medium.  Prints TAP.
#
# Usage: msinfo_cdrskin_test.sh [PATTERN...]   only the media whose names
#        match (and "none" for the empty drive); default: all of them
#
# Every program started costs much under emulation: the checks run
# several at a time and use shell builtins where they can.

set -u

PARALLEL=12
# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin cdrskin

[ "$#" = 0 ] && set -- '*' none
media=()
for p in "$@"; do
	if [ "$p" = none ]; then
		media+=(none)
		continue
	fi
	for f in "$sel"/media/$p.txt; do
		[ -e "$f" ] || continue
		m=${f##*/}
		media+=("${m%.txt}")
	done
done
[ "${#media[@]}" = 0 ] && skip_all "no media match $*"
echo "1..${#media[@]}"
for m in "${media[@]}"; do
	if [ "$m" = none ]; then
		sim_new "c-$m"
	else
		sim_new "c-$m" "$m"
	fi
done
sim_power "${sim_drives[@]}"
echo "# ${#media[@]} drives in ${SECONDS}s"

# check MEDIUM: prints "ok DETAIL" or "bad DETAIL" lines.
check() {
	local m=$1 f=$sel/media/$1.txt disk dev ms state out rc want_rc want_out
	local cdr why expect l
	if ! disk=$(sim_disk "c-$m") || ! sim_fresh "$disk"; then
		echo "bad no drive, or the module did not read its medium"
		return
	fi
	dev=/dev/$disk
	ms=/sys/block/$disk/multisession
	rd state "$ms/media_state"
	out=$("$MSINFO" -C "$dev" 2>/dev/null)
	rc=$?
	# msinfo.1: START,NEXT where the module has them, else why not
	msinfo_c_want "$state" "$ms"
	if [ "$rc" != "$want_rc" ] || [ "$out" != "$want_out" ]; then
		echo "bad $state: msinfo -C exit $rc, '$out'; msinfo.1 wants exit $want_rc, '$want_out'"
		return
	fi

	expect=
	why=
	if [ -f "$f" ]; then
		while IFS= read -r l; do
			case $l in
			"expect cdrskin "*) expect=${l#expect cdrskin } ;;
			"deviation cdrskin "*) why=${l#deviation cdrskin } ;;
			esac
		done <"$f"
	fi
	if [ -z "$expect$why" ]; then
		# ROM and overwritable media: libburn has no multisession
		# answer for them; the description says so by stating none
		echo "ok $state: msinfo -C '$out' exit $rc; the description states no cdrskin answer"
		return
	fi
	if [ -n "$why" ]; then
		echo "ok $state: msinfo -C '$out' exit $rc, cdrskin not compared: $why"
		return
	fi
	cdr=$(cdrskin_msinfo "$dev")
	if [ "$cdr" = refused ] && [ "$rc" != 0 ]; then
		echo "ok $state: msinfo -C exit $rc, cdrskin refuses"
	elif [ "$cdr" = "$out" ]; then
		echo "ok $state: msinfo -C and cdrskin -msinfo: $out"
	else
		echo "bad $state: msinfo -C '$out' exit $rc, cdrskin -msinfo '$cdr'"
	fi
}

check_all "${media[@]}"

for m in "${media[@]}"; do
	lines=()
	bad=0
	while read -r kind line; do
		lines+=("$line")
		[ "$kind" = ok ] || bad=1
	done <"$t/$m"
	if [ "${#lines[@]}" = 0 ]; then
		fail "$m" "no result"
	elif [ "$bad" = 0 ]; then
		pass "$m: ${lines[*]}"
	else
		fail "$m" "${lines[@]}"
	fi
done

tap_end "${SECONDS}s"

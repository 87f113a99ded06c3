#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A burnt medium saved and loaded again.  The medium's description names
# a backing file, where the drive keeps what burners write:
#
#   profile cd-r
#   backing /path/cd-r.img
#
# xorriso burns BURN_SESSIONS (default 2) sessions onto it; then the
# medium is saved (its description, as configfs "medium" shows it, and the
# sparse backing file), swapped for another medium, and loaded again from
# the saved description.  After the load the module's values equal those
# before the swap, the peers (cdrskin, xorriso, dvd+rw-mediainfo) agree,
# the files of every session read back through the drive, and another
# session burns onto the loaded medium.  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# values DISK: the module's values of the medium, but for its sequence
# numbers, one line each
values() {
	local k
	sysfs_values "$1"
	for k in "${!S[@]}"; do
		case $k in
		generation | diskseq) ;;
		*) echo "$k=${S[$k]}" ;;
		esac
	done | sort
}

# swap DRIVE DISK DESCRIPTION: load another medium (a media change) and
# wait for the module's state of it
swap() {
	local seq
	rd seq "/sys/block/$2/diskseq"
	echo "$3" >"$cfs/$1/load" || return 1
	: <"/dev/$2"
	sim_seq_moved "$2" "$seq" && sim_fresh "$2"
}

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
SESSIONS=${BURN_SESSIONS:-2}
burn_files $((SESSIONS + 1))
echo "1..$((SESSIONS + 6))"
img=$t/cd-r.img
printf 'profile cd-r\nbacking %s\n' "$img" >"$t/blank.txt"
disk=''
if ! sim_new save "$t/blank.txt" >/dev/null; then
	fail "a blank CD-R with a backing file loads" \
		"$(cat "$cfs/save/error" 2>&1)"
	tap_end
	exit
fi
sim_power save
if ! disk=$(sim_disk save) || ! sim_fresh "$disk"; then
	fail "no drive, or the module did not read its medium"
	tap_end
	exit
fi

for ((n = 1; n <= SESSIONS; n++)); do
	rd gen "/sys/block/$disk/multisession/generation"
	rd seq "/sys/block/$disk/diskseq"
	bad=$(burn cdr-xorriso "$n" "$disk")
	[ -z "$bad" ] && bad=$(refreshed "$disk" "$gen" "$seq")
	[ -z "$bad" ] && bad=$(peers "$disk" cdr)
	result "session $n burnt, the module agrees with the peers" "$bad"
	[ "$n" = 1 ] || continue
	# sr still has the blank's capacity, the module the session
	bad=
	size=$(blockdev --getsize64 "/dev/$disk")
	rd x "/sys/block/$disk/multisession/media_state"
	rd ms "/sys/block/$disk/multisession/msinfo"
	echo "# after session 1: sr $size bytes, the module $x, msinfo $ms"
	[ "$size" = 2048 ] || bad="sr's capacity $size bytes, not a blank's 2048"
	[ "$x" = appendable ] && [ -n "$ms" ] ||
		bad+="${bad:+$'\n'}the module says $x, msinfo '$ms'"
	result "after the first burn: sr as large as a blank, the module appendable" "$bad"
done
before=$(values "$disk")
echo "# before the swap: $(tr '\n' ' ' <<<"$before")"

# saved: the description the drive shows, and the backing file, sparse
# (the lead-in, lead-out and gaps between sessions are holes)
cat "$cfs/save/medium" >"$t/saved.txt"
bad=
grep -qx "backing $img" "$t/saved.txt" ||
	bad="the saved description names no 'backing $img'"
read -r size blocks < <(stat -c '%s %b' "$img")
echo "# backing file: $size bytes, $((blocks * 512)) allocated"
[ $((blocks * 512)) -lt "$size" ] ||
	bad+="${bad:+$'\n'}the backing file is not sparse: $size bytes, $((blocks * 512)) allocated"
result "saved: the description names the backing file, which is sparse" "$bad"

bad=
swap save "$disk" "$sel/media/dvd+r.blank.txt" || bad="the swap failed"
rd x "/sys/block/$disk/multisession/profile"
[ "$x" = dvd+r ] || bad+="${bad:+$'\n'}profile '$x' after the swap, not dvd+r"
result "swapped away: the module follows the other medium" "$bad"

bad=
swap save "$disk" "$t/saved.txt" ||
	bad="the load of the saved medium failed: $(cat "$cfs/save/error" 2>&1)"
after=$(values "$disk")
[ "$after" = "$before" ] ||
	bad+="${bad:+$'\n'}$(diff <(echo "$before") <(echo "$after") | grep '^[<>]')"
[ -z "$bad" ] && bad=$(peers "$disk" cdr)
# a media change: sr reads the capacity, the readable end of the model
read -r _ _ _ _ _ _ _ _ readable < <(grep '^# sessions' "$t/saved.txt")
size=$(blockdev --getsize64 "/dev/$disk")
[ "$size" = $((readable * 2048)) ] ||
	bad+="${bad:+$'\n'}sr's capacity $size bytes, the medium's readable end $readable blocks"
result "loaded again: the module's values are those before the swap, the peers agree" "$bad"

result "loaded again: the files of all sessions read back" \
	"$(files_back "/dev/$disk" "$SESSIONS" "")"

n=$((SESSIONS + 1))
rd gen "/sys/block/$disk/multisession/generation"
rd seq "/sys/block/$disk/diskseq"
bad=$(burn cdr-xorriso "$n" "$disk")
[ -z "$bad" ] && bad=$(refreshed "$disk" "$gen" "$seq")
[ -z "$bad" ] && bad=$(peers "$disk" cdr)
[ -z "$bad" ] && bad=$(files_back "/dev/$disk" "$n" "")
result "loaded again: session $n burns onto it, all files read back" "$bad"

tap_end "${SECONDS}s"

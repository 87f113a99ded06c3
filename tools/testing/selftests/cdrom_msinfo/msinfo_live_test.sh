#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The msinfo command and the documentation's C example on live drives
# (the checks of cli/live_test.sh, which compares msinfo with cdrskin too,
# as msinfo_cdrskin_test.sh does here with the media's known deviations):
#  - Documentation/cdrom-msinfo-example.c compiles here, in the machine
#    under test, with nothing but the uapi header, as its comment says;
#  - on simulated media of every kind of state, on a drive with no medium
#    and on QEMU's CD-ROM: msinfo's JSON through the ioctl equals the one
#    through sysfs, and every value the example prints equals its sysfs
#    file, and every value sysfs has is printed;
#  - after a media swap the example shows the new medium.
# One result per drive.  Prints TAP.

set -u

here=$(cd "$(dirname "$0")" && pwd)
MSINFO=$here/msinfo
PARALLEL=8
# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

echo "TAP version 13"
if [ ! -e /dev/cdrom_msinfo ] || [ ! -x "$MSINFO" ]; then
	echo "1..0 # SKIP no cdrom_msinfo module or no $MSINFO"
	exit 4
fi
if ! command -v cc >/dev/null; then
	echo "1..0 # SKIP no C compiler"
	exit 4
fi
if ! sim_load_module; then
	echo "1..0 # SKIP cannot load mmcsim"
	exit 4
fi

t=$(mktemp -d)
trap 'sim_cleanup; rm -rf "$t"' EXIT

# A medium of each kind of state and family (msinfo_media_test checks
# the values of every medium); more would not fit the time of one test
# under emulation.
media=(cd-r.appendable-2 cd-r.incomplete cd-r.blank cd-rom.extra
	dvd+rw.formatted dvd+rw.formatted-empty dvd-r.closed dvd-ram.formatted
	bd-r.pow bd-re.unformatted)
for m in "${media[@]}"; do
	sim_new "l-$m" "$m"
done
sim_new l-none
media+=(none)
sim_power "${sim_drives[@]}" &
power_pid=$!

# The sysfs files the example prints, in its order.
ATTRS="media_state profile_number sessions tracks last_session msinfo"
for ty in sequential random_write pseudo_overwrite; do
	for f in supported in_use first_data_session prev_session_start \
		prev_session_last_written last_written next_writable \
		free_sectors total_sectors write_unit_size; do
		ATTRS="$ATTRS $ty/$f"
	done
done
ATTRS="$ATTRS diskseq generation error"

echo "1..$((${#media[@]} + 3))"

# 1: the example builds with nothing but the uapi header.
example=$t/cdrom-msinfo-example
if out=$(cc -Wall -Wextra -Werror -I"$MSINFO_TOP/include/uapi" -o "$example" \
	"$MSINFO_TOP/Documentation/cdrom-msinfo-example.c" 2>&1); then
	pass "Documentation/cdrom-msinfo-example.c compiles"
else
	fail "Documentation/cdrom-msinfo-example.c compiles" "$out"
	exit 1
fi
wait "$power_pid"
echo "# example built, ${#media[@]} drives powered: ${SECONDS}s"

# example_vs_sysfs DISK: the example's ATTRIBUTE=VALUE lines against the
# sysfs files; prints the differences.  Retried when a refresh (the
# generation) moves in between.
example_vs_sysfs() {
	local disk=$1 out a l bad
	local -A E
	for _ in 1 2 3; do
		out=$("$example" "/dev/$disk" 2>&1) || { echo "example: $out"; return; }
		sysfs_values "$disk"
		E=()
		while IFS= read -r l; do
			[[ $l == *=* ]] && E[${l%%=*}]=${l#*=}
		done <<<"$out"
		[ "${E[generation]:-}" = "${S[generation]:-}" ] && break
	done
	bad=()
	for a in $ATTRS; do
		if [ -n "${S[$a]+set}" ]; then
			[ "${E[$a]-(none)}" = "${S[$a]}" ] ||
				bad+=("$a: sysfs '${S[$a]}', example '${E[$a]-(none)}'")
		elif [ -n "${E[$a]:-}" ]; then
			# not applicable or empty in sysfs: printed empty or not at all
			bad+=("$a: sysfs has none, example '${E[$a]}'")
		fi
	done
	[ "${#bad[@]}" = 0 ] || printf '%s\n' "${bad[@]}"
}

# check DISK: the ioctl and sysfs paths of msinfo, and the example.
check() {
	local disk=$1 ij sj
	ij=$("$MSINFO" --json "/dev/$disk" 2>&1)
	sj=$("$MSINFO" --sysfs --json "/dev/$disk" 2>&1)
	if [ "$ij" != "$sj" ]; then
		echo "msinfo --json, ioctl: $ij"
		echo "msinfo --json, sysfs: $sj"
	fi
	example_vs_sysfs "$disk"
}

run_check() {
	local disk
	if ! disk=$(sim_disk "$1") || ! sim_fresh "$disk"; then
		echo "no drive, or the module did not read its medium"
		return
	fi
	check "$disk"
}

running=0
for m in "${media[@]}"; do
	if [ "$running" -ge "$PARALLEL" ]; then
		wait -n
		running=$((running - 1))
	fi
	run_check "l-$m" >"$t/l-$m" 2>&1 &
	running=$((running + 1))
done
wait

for m in "${media[@]}"; do
	if [ -s "$t/l-$m" ]; then
		mapfile -t lines <"$t/l-$m"
		fail "$m: msinfo ioctl = sysfs, example = sysfs" "${lines[@]}"
	else
		pass "$m: msinfo ioctl = sysfs, example = sysfs"
	fi
done

qemu=
for d in /sys/block/sr*; do
	rd v "$d/device/vendor" && [[ $v == QEMU* ]] && qemu=${d##*/}
done
if [ -z "$qemu" ]; then
	ntest=$((ntest + 1))
	echo "ok $ntest QEMU's CD-ROM # SKIP none in this machine"
elif out=$(check "$qemu") && [ -z "$out" ]; then
	pass "QEMU's CD-ROM ($qemu): msinfo ioctl = sysfs, example = sysfs"
else
	mapfile -t lines <<<"$out"
	fail "QEMU's CD-ROM ($qemu): msinfo ioctl = sysfs, example = sysfs" "${lines[@]}"
fi

# A swap, and the example shows the new medium at once.
d="l-cd-r.appendable-2"
new=dvd+rw.formatted
disk=$(sim_disk "$d")
old=
rd old "/sys/block/$disk/diskseq"
echo "$sel/media/$new.txt" >"$cfs/$d/load"
# the block layer reports the change at the next poll, or at an open
for _ in $(seq 100); do
	rd v "/sys/block/$disk/diskseq" && [ "$v" != "$old" ] && break
	nap 0.1
done
sim_fresh "$disk"
out=$(example_vs_sysfs "$disk")
sysfs_values "$disk"
if [ -z "$out" ] && [ "${S[diskseq]}" != "$old" ] && [ "${S[profile]}" = dvd+rw ]; then
	pass "the example after a swap to $new"
else
	mapfile -t lines <<<"$out"
	fail "the example after a swap to $new" "${lines[@]}" \
		"diskseq $old -> ${S[diskseq]}, profile ${S[profile]}"
fi

echo "# $nfail of $ntest failed, ${SECONDS}s"
[ "$nfail" = 0 ]

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

PARALLEL=8
# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin cc

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

# check DISK: the ioctl and sysfs paths of msinfo, and the example.
check() {
	local disk=$1 ij sj
	ij=$("$MSINFO" --json "/dev/$disk" 2>&1)
	sj=$("$MSINFO" --sysfs --json "/dev/$disk" 2>&1)
	if [ "$ij" != "$sj" ]; then
		echo "msinfo --json, ioctl: $ij"
		echo "msinfo --json, sysfs: $sj"
	fi
	example_vs_sysfs "$example" "$disk"
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
	result "$m: msinfo ioctl = sysfs, example = sysfs" "$(<"$t/l-$m")"
done

qemu=
for d in /sys/block/sr*; do
	rd v "$d/device/vendor" && [[ $v == QEMU* ]] && qemu=${d##*/}
done
if [ -z "$qemu" ]; then
	skip "QEMU's CD-ROM" "none in this machine"
else
	result "QEMU's CD-ROM ($qemu): msinfo ioctl = sysfs, example = sysfs" "$(check "$qemu")"
fi

# A swap, and the example shows the new medium at once.
d="l-cd-r.appendable-2"
new=dvd+rw.formatted
disk=$(sim_disk "$d")
old=
rd old "/sys/block/$disk/diskseq"
echo "$sel/media/$new.txt" >"$cfs/$d/load"
sim_seq_moved "$disk" "$old"
sim_fresh "$disk"
out=$(example_vs_sysfs "$example" "$disk")
sysfs_values "$disk"
if [ -z "$out" ] && [ "${S[diskseq]}" != "$old" ] && [ "${S[profile]}" = dvd+rw ]; then
	pass "the example after a swap to $new"
else
	mapfile -t lines <<<"$out"
	fail "the example after a swap to $new" "${lines[@]}" \
		"diskseq $old -> ${S[diskseq]}, profile ${S[profile]}"
fi

tap_end "${SECONDS}s"

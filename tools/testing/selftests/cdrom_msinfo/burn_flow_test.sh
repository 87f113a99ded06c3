#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A multisession burn flow on simulated drives, end to end: a first
# session is made with genisoimage (a.txt, b.txt) and loaded as the only
# session of an appendable CD-R and DVD+R.  Then what msinfo.1 tells a
# user to type,
#
#   genisoimage -C "$(msinfo -C DEV)" -M DEV -o next.iso newfile.txt
#
# reads that session back from the drive and builds the next one: msinfo
# -C must equal "cdrskin -msinfo", and the new session's directory must
# list the files of both sessions, with the new file at NEXT.  Writing the
# session is not simulated.  Prints TAP.

set -u

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin genisoimage isoinfo cdrskin

mkdir -p "$t/s1" "$t/s2"
echo "first session, a" >"$t/s1/a.txt"
echo "first session, b" >"$t/s1/b.txt"
echo "second session" >"$t/s2/newfile.txt"
out=$(genisoimage -quiet -R -J -V FIRST -o "$t/s1.iso" "$t/s1" 2>&1) ||
	skip_all "genisoimage cannot make the first session: $out"
s1_blocks=$(($(stat -c %s "$t/s1.iso") / 2048))

profiles=(cd-r dvd+r)
echo "1..${#profiles[@]}"
for p in "${profiles[@]}"; do
	# The drive reads the image from the file opened when it is loaded.
	cat >"$t/$p.txt" <<-EOF
	profile $p
	session closed
	track mode=data image=$t/s1.iso
	appendable
	EOF
	sim_new "burn-$p" "$t/$p.txt"
done
sim_power "${sim_drives[@]}"

# burn PROFILE: one flow; prints what went wrong, nothing when all is well.
burn() {
	local p=$1 disk dev ms rc cdr sysfs next out f o bad=()
	local img=$t/next-$p.iso all=$t/all-$p.iso
	if ! disk=$(sim_disk "burn-$p") || ! sim_fresh "$disk"; then
		echo "no drive, or the module did not read its medium"
		return
	fi
	dev=/dev/$disk
	rd out "/sys/block/$disk/multisession/media_state"
	[ "$out" = appendable ] || bad+=("state $out, want appendable")
	ms=$("$MSINFO" -C "$dev" 2>&1)
	rc=$?
	[ "$rc" = 0 ] || bad+=("msinfo -C: exit $rc: $ms")
	rd sysfs "/sys/block/$disk/multisession/msinfo"
	[ "$ms" = "$sysfs" ] || bad+=("msinfo -C '$ms', sysfs '$sysfs'")
	cdr=$(cdrskin_msinfo "$dev")
	[ "$ms" = "$cdr" ] || bad+=("msinfo -C '$ms', cdrskin -msinfo '$cdr'")
	next=${ms#*,}
	# the only session starts at 0; the next one after its image
	[ "${ms%,*}" = 0 ] || bad+=("START of '$ms': the only session starts at 0")
	[ "$next" -ge "$s1_blocks" ] 2>/dev/null || bad+=("NEXT '$next' inside the first session")
	if [ "${#bad[@]}" != 0 ]; then
		printf '%s\n' "${bad[@]}"
		return
	fi
	echo "# $p: $dev, msinfo -C $ms" >&2

	# What a user types: the previous session comes from the drive.
	if ! out=$(cd "$t/s2" && genisoimage -quiet -R -J -V SECOND -C "$ms" \
		-M "$dev" -o "$img" newfile.txt 2>&1); then
		echo "genisoimage -C $ms -M $dev failed: $out"
		return
	fi
	# The image is meant to start at NEXT: its addresses are absolute.
	for o in -R -J; do
		out=$(isoinfo $o -l -i "$img" -N "$next" 2>&1)
		for f in a.txt b.txt newfile.txt; do
			grep -Eq " $f( |\$)" <<<"$out" ||
				bad+=("isoinfo $o -l -N $next lacks $f:" "$out")
		done
	done
	# Laid after the first session at NEXT, the last session's tree reads
	# the files of both.
	cp "$t/s1.iso" "$all"
	dd if="$img" of="$all" bs=2048 seek="$next" conv=notrunc status=none
	for f in s1/a.txt s1/b.txt s2/newfile.txt; do
		out=$(isoinfo -R -i "$all" -T "$next" -x "/${f#*/}" 2>&1)
		[ "$out" = "$(cat "$t/$f")" ] ||
			bad+=("/${f#*/} in the last session of both: '$out'")
	done
	# and the drive gives back the first session as it was made
	cmp -s -n "$(stat -c %s "$t/s1.iso")" "$t/s1.iso" "$dev" ||
		bad+=("$dev does not read back the first session's image")
	[ "${#bad[@]}" = 0 ] || printf '%s\n' "${bad[@]}"
}

for p in "${profiles[@]}"; do
	result "$p: genisoimage -C \"\$(msinfo -C)\" -M builds the next session on the first" \
		"$(burn "$p")"
done

tap_end "${SECONDS}s"

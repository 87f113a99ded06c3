#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto simulated drives, session after session, as a user
# types them:
#
#   cdrskin  (CD-R)   genisoimage -C "$(msinfo -C DEV)" -M DEV -o next.iso
#                     cdrskin dev=DEV -multi -tao next.iso
#   xorriso  (CD-R, DVD+R)  xorriso -dev DEV -map DIR / -commit
#   growisofs (DVD+R, DVD+RW)  growisofs -Z DEV DIR, then -M DEV DIR
#
# The drive (mmcsim) writes what the burners send and derives every reply
# from what was written.  After each burn, with no media change, the module
# must have refreshed (generation moved, diskseq not) and its values must
# equal those the peers read from the drive at that moment: msinfo
# (cdrskin -msinfo), next writable address, free blocks and session count
# (xorriso -toc, dvd+rw-mediainfo).  The files of every session must read
# back through the drive (xorriso -osirrox, with READ(10)), and, at the
# end, through sr and isofs (mount -t iso9660).
#
# sr reads a disc's capacity only after a media change: a disc burnt from
# blank keeps the capacity of a blank (one block) for the block device.
# So before genisoimage -M reads the previous session through /dev/srN,
# and before the mount, the tray is reloaded, as growisofs does by itself
# after each burn (so its burns are checked after that reload).  Prints TAP.

set -u

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin genisoimage cdrskin xorriso
# growisofs hands the previous session to genisoimage as /dev/fd/N
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# isofs, from the modules of the kernel under test
if ! grep -qw iso9660 /proc/filesystems; then
	ko=$(find "${MSINFO_CACHE:-$MSINFO_TOP/.cache}/kernels/$(uname -r)/root/lib/modules/$(uname -r)" \
		-name 'isofs.ko*' 2>/dev/null | head -n 1)
	case $ko in
	*.xz) xz -dc "$ko" >"$t/isofs.ko" ;;
	*.zst) zstd -qdc "$ko" >"$t/isofs.ko" ;;
	*) cp "$ko" "$t/isofs.ko" ;;
	esac 2>/dev/null && insmod "$t/isofs.ko" 2>/dev/null
fi

SESSIONS=${BURN_SESSIONS:-2}
flows=(cdr-cdrskin cdr-xorriso dvdr-xorriso)
command -v growisofs >/dev/null && flows+=(dvdr-growisofs dvdrw-growisofs)

declare -A medium=(
	[cdr-cdrskin]=cd-r.blank [cdr-xorriso]=cd-r.blank
	[dvdr-xorriso]=dvd+r.blank [dvdr-growisofs]=dvd+r.blank
	[dvdrw-growisofs]=dvd+rw.formatted-empty
)

# The files of session N: one of its own, and one per session it follows
for ((n = 1; n <= SESSIONS; n++)); do
	mkdir -p "$t/s$n"
	echo "session $n, $RANDOM" >"$t/s$n/file$n.txt"
	head -c $((n * 40000)) /dev/urandom >"$t/s$n/data$n.bin"
done

echo "1..$((${#flows[@]} * (2 * SESSIONS + 1)))"
for f in "${flows[@]}"; do
	sim_new "$f" "${medium[$f]}"
done
sim_power "${sim_drives[@]}"

# reload NAME DISK: the tray out and in (a media change), and the module's
# state of the medium then.
reload() {
	local seq
	rd seq "/sys/block/$2/diskseq"
	echo 0 >"$cfs/$1/loaded" && echo 1 >"$cfs/$1/loaded" || return 1
	# the block layer notices at its next poll, or at this open
	: <"/dev/$2"
	sim_seq_moved "$2" "$seq" && sim_fresh "$2"
}

# refreshed DISK GEN SEQ [WAIT]: wait (WAIT tenths of a second, 100) for
# a refresh after GEN; fails when the disk's diskseq moved (a media
# change).
refreshed() {
	local ms=/sys/block/$1/multisession gen seq i
	for ((i = 0; i < ${4:-100}; i++)); do
		rd gen "$ms/generation" && [ "$gen" -gt "$2" ] &&
			sim_fresh "$1" && break
		nap 0.1
	done
	[ "$i" -lt "${4:-100}" ] ||
		{ echo "no refresh after generation $2"; return; }
	rd seq "/sys/block/$1/diskseq"
	[ "$seq" = "$3" ] ||
		echo "diskseq moved ($3 -> $seq): a media change, not a burn"
}

# peers DISK KIND: the module's values against cdrskin, xorriso and
# dvd+rw-mediainfo; prints the disagreements.
peers() {
	local disk=$1 dev=/dev/$1 ms=/sys/block/$1/multisession ty out
	local mod cdr nwa free sess x
	ty=sequential
	[ "$2" = dvdrw ] && ty=random_write
	rd mod "$ms/msinfo"
	x=$("$MSINFO" -C "$dev" 2>&1)
	[ "$x" = "$mod" ] || echo "msinfo -C '$x', sysfs msinfo '$mod'"
	if [ "$2" = dvdrw ]; then
		cdr=$(cdrskin dev="$dev" --grow_overwriteable_iso -msinfo 2>/dev/null)
	else
		cdr=$(cdrskin dev="$dev" -msinfo 2>/dev/null)
	fi
	[ "$cdr" = "$mod" ] || echo "msinfo '$mod', cdrskin -msinfo '$cdr'"
	rd nwa "$ms/$ty/next_writable"
	rd free "$ms/$ty/free_sectors"
	rd sess "$ms/sessions"
	out=$(xorriso -outdev "$dev" -toc 2>&1)
	if [ "$2" != dvdrw ]; then
		x=$(sed -n 's/^Media nwa *: *\([0-9]*\)s.*/\1/p' <<<"$out" | head -n 1)
		[ "$x" = "$nwa" ] || echo "next_writable $nwa, xorriso nwa '$x'"
		x=$(sed -n 's/^Media blocks.*, *\([0-9]*\) writable.*/\1/p' <<<"$out" | head -n 1)
		[ "$x" = "$free" ] || echo "free_sectors $free, xorriso writable '$x'"
	fi
	x=$(sed -n 's/^Media summary: *\([0-9]*\) session.*/\1/p' <<<"$out" | head -n 1)
	[ "$x" = "$sess" ] || echo "sessions $sess, xorriso '$x'"
	command -v dvd+rw-mediainfo >/dev/null && [ "$2" != dvdrw ] || return 0
	# the last track's, the invisible one where the next session goes
	out=$(dvd+rw-mediainfo "$dev" 2>&1)
	x=$(sed -n 's/^ *Next Writable Address: *\([0-9]*\)\*2KB.*/\1/p' <<<"$out" | tail -n 1)
	[ -z "$x" ] || [ "$x" = "$nwa" ] ||
		echo "next_writable $nwa, dvd+rw-mediainfo '$x'"
	x=$(sed -n 's/^ *Free Blocks: *\([0-9]*\)\*2KB.*/\1/p' <<<"$out" | tail -n 1)
	[ -z "$x" ] || [ "$x" = "$free" ] ||
		echo "free_sectors $free, dvd+rw-mediainfo '$x'"
}

# files_back DEV N WHERE: the files of sessions 1..N, extracted through
# the drive (xorriso) or as mounted at WHERE, equal what was burnt.
files_back() {
	local dir=$3 k f out
	if [ -z "$dir" ]; then
		dir=$t/x$RANDOM
		out=$(xorriso -osirrox on -indev "$1" -extract / "$dir" 2>&1) ||
			{ echo "xorriso -extract: $(tail -n 3 <<<"$out")"; return; }
	fi
	for ((k = 1; k <= $2; k++)); do
		for f in "$t/s$k"/*; do
			cmp -s "$f" "$dir/${f##*/}" ||
				echo "${f##*/} of session $k does not read back from $1"
		done
	done
}

# burn FLOW N DISK: session N with the flow's burner; prints its failure.
burn() {
	local dev=/dev/$3 ms out img=$t/$1-$2.iso rc
	case $1 in
	cdr-cdrskin)
		if [ "$2" = 1 ]; then
			out=$(genisoimage -quiet -R -J -V S1 -o "$img" "$t/s1" 2>&1)
		else
			ms=$("$MSINFO" -C "$dev") || { echo "msinfo -C: $ms"; return; }
			out=$(genisoimage -quiet -R -J -V "S$2" -C "$ms" -M "$dev" \
				-o "$img" "$t/s$2" 2>&1)
		fi || { echo "genisoimage: $out"; return; }
		out=$(cdrskin -v dev="$dev" -multi -tao "$img" 2>&1)
		;;
	*-xorriso)
		out=$(xorriso -dev "$dev" -map "$t/s$2" / -commit 2>&1) ;;
	*-growisofs)
		# notray: no reload at the end, so no media change
		[ "$2" = 1 ] && ms=-Z || ms=-M
		out=$(growisofs -use-the-force-luke=notray "$ms" "$dev" \
			-quiet -R -J "$t/s$2" 2>&1) ;;
	esac
	rc=$?
	[ "$rc" = 0 ] || echo "${1#*-} exit $rc:" "$(tail -n 5 <<<"$out")"
}

for f in "${flows[@]}"; do
	disk=''
	if ! disk=$(sim_disk "$f") || ! sim_fresh "$disk"; then
		for ((n = 1; n <= 2 * SESSIONS + 1; n++)); do
			fail "$f: no drive, or the module did not read its medium"
		done
		continue
	fi
	kind=${f%-*}
	for ((n = 1; n <= SESSIONS; n++)); do
		# genisoimage -M reads the previous session through sr
		if [ "$kind" != dvdrw ] && [ "${f#*-}" != xorriso ] &&
			[ "$n" -gt 1 ] &&
			! reload "$f" "$disk"; then
			fail "$f: session $n" "the reload before it failed"
			fail "$f: session $n burnt" "not burnt"
			continue
		fi
		rd gen "/sys/block/$disk/multisession/generation"
		rd seq "/sys/block/$disk/diskseq"
		echo >"$cfs/$f/counters"
		bad=$(burn "$f" "$n" "$disk")
		name="$f: session $n: the module noticed the burn by itself"
		if [ -n "$bad" ]; then
			fail "$name" "no burn"
		elif ! out=$(refreshed "$disk" "$gen" "$seq") || [ -n "$out" ]; then
			# growisofs holds O_RDONLY|O_EXCL, writes through a
			# second open, O_RDWR without O_EXCL: no write claim
			if [ "${f#*-}" = growisofs ]; then
				skip "$name" "growisofs claims the drive read-only: ask for a refresh"
			else
				fail "$name" "$out"
			fi
			echo 1 >"/sys/block/$disk/multisession/refresh"
			bad=$(refreshed "$disk" "$gen" "$seq")
		else
			pass "$name"
		fi
		[ -z "$bad" ] && bad=$(peers "$disk" "$kind")
		[ -z "$bad" ] && bad=$(files_back "/dev/$disk" "$n" "")
		rd ms "/sys/block/$disk/multisession/msinfo"
		mapfile -t cmds <"$cfs/$f/counters"
		echo "# $f: session $n: msinfo $ms; commands: ${cmds[*]}" >&2
		result "$f: session $n burnt, the module agrees with the peers, files read back" \
			"$bad"
	done
	# through sr and isofs: the last session's tree holds every file
	mkdir -p "$t/mnt"
	bad=$(reload "$f" "$disk" || echo "reload failed")
	if [ -z "$bad" ]; then
		if out=$(mount -t iso9660 -o ro "/dev/$disk" "$t/mnt" 2>&1); then
			bad=$(files_back "/dev/$disk" "$SESSIONS" "$t/mnt")
			umount "$t/mnt"
		else
			bad="mount: $out"
		fi
	fi
	result "$f: after a reload, mount -t iso9660 shows the files of all sessions" \
		"$bad"
done

tap_end "${SECONDS}s"

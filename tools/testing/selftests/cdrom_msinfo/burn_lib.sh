# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers of the burn tests (burn_flow_test.sh, burn_dvd_test.sh): real
# burners burn session after session onto simulated drives, and after each
# burn the module's values are checked against the peers and the files
# read back.  Sourced by the tests (not run).
#
# A test names its flows, FLOW=KIND[.TAG]-BURNER, and the medium each
# starts with, then calls burn_main:
#
#   KIND     cdr, cdrw (blanked first), dvdr (DVD+R, DVD-R, BD-R: any
#            sequential medium), dvdrw (overwritable: DVD+RW, BD-RE)
#   BURNER   cdrskin, wodim (genisoimage -C "$(msinfo -C DEV)" -M DEV,
#            then -multi -tao), xorriso (-dev DEV -map DIR / -commit),
#            growisofs (-Z then -M, no tray reload)
#
# sr reads a disc's capacity only after a media change: a disc burnt from
# blank keeps the capacity of a blank (one block) for the block device.
# So before genisoimage -M reads the previous session through /dev/srN,
# and before the mount at the end, the tray is reloaded.
#
# On the debug kernel only the first flow of a test runs (BURN_ALL=1: all).

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

# burn_begin PROGRAM...: sim_begin, and what the flows need in the guest
burn_begin() {
	local ko
	sim_begin genisoimage cdrskin xorriso "$@"
	# growisofs hands the previous session to genisoimage as /dev/fd/N
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	# isofs, from the modules of the kernel under test
	if ! grep -qw iso9660 /proc/filesystems; then
		ko=$(find "${MSINFO_KROOT:-$MSINFO_TOP/.cache/kernels/$(uname -r)/root}/lib/modules/$(uname -r)" \
			-name 'isofs.ko*' 2>/dev/null | head -n 1)
		case $ko in
		*.xz) xz -dc "$ko" >"$t/isofs.ko" ;;
		*.zst) zstd -qdc "$ko" >"$t/isofs.ko" ;;
		*) cp "$ko" "$t/isofs.ko" ;;
		esac 2>/dev/null && insmod "$t/isofs.ko" 2>/dev/null
	fi
}

# reload NAME DISK: the tray out and in (a media change), and the module's
# state of the medium then.
reload() {
	local seq ms x i
	rd seq "/sys/block/$2/diskseq"
	echo 0 >"$cfs/$1/loaded" && echo 1 >"$cfs/$1/loaded" || return 1
	# the block layer notices at its next poll, or at this open
	: <"/dev/$2"
	sim_seq_moved "$2" "$seq" && sim_fresh "$2" || return 1
	# sr's session for isofs (CDROMMULTISESSION) comes from its own
	# revalidation, which a unit attention may cut short; another
	# follows.  Wait (10 s) until it is the module's last session.
	rd ms "/sys/block/$2/multisession/msinfo"
	for ((i = 0; i < 10; i++)); do
		x=$("${MSINFO_SELFTESTS:-${0%/*}}/cdrom_multisession" "/dev/$2")
		x=${x#*lba=}
		[ "${x%% *}" = "${ms%,*}" ] && return 0
		nap 1
		: <"/dev/$2"
	done
	echo "# $1: CDROMMULTISESSION says lba ${x%% *}, the module $ms" >&2
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
	if [ "${2#cd}" != "$2" ] && command -v wodim >/dev/null; then
		x=$(wodim dev="$dev" -msinfo 2>/dev/null)
		[ "$x" = "$mod" ] || echo "msinfo '$mod', wodim -msinfo '$x'"
	fi
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
	# on overwritable media xorriso counts the sessions it emulates (its
	# table in the volume's first 64 KiB); READ DISC INFORMATION has one
	x=$(sed -n 's/^Media summary: *\([0-9]*\) session.*/\1/p' <<<"$out" | head -n 1)
	[ "$x" = "$sess" ] || [ "$2" = dvdrw ] ||
		echo "sessions $sess, xorriso '$x'"
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
	*-cdrskin | *-wodim)
		if [ "$2" = 1 ]; then
			out=$(genisoimage -quiet -R -J -V S1 -o "$img" "$t/s1" 2>&1)
		else
			ms=$("$MSINFO" -C "$dev") || { echo "msinfo -C: $ms"; return; }
			out=$(genisoimage -quiet -R -J -V "S$2" -C "$ms" -M "$dev" \
				-o "$img" "$t/s$2" 2>&1)
		fi || { echo "genisoimage: $out"; return; }
		out=$("${1#*-}" dev="$dev" -multi -tao "$img" 2>&1)
		;;
	*-xorriso)
		out=$(xorriso -dev "$dev" -map "$t/s$2" / -commit 2>&1) ;;
	*-growisofs)
		# notray: no reload at the end, so no media change; spare:none:
		# a BD-R stays unformatted (sequential)
		[ "$2" = 1 ] && ms=-Z || ms=-M
		out=$(growisofs -use-the-force-luke=notray \
			-use-the-force-luke=spare:none "$ms" "$dev" \
			-quiet -R -J "$t/s$2" 2>&1) ;;
	esac
	rc=$?
	[ "$rc" = 0 ] || echo "${1#*-} exit $rc:" "$(tail -n 5 <<<"$out")"
}

# isofs_saw DISK: the session isofs mounts and the size of the disk
isofs_saw() {
	local ms
	ms=$("${MSINFO_SELFTESTS:-${0%/*}}/cdrom_multisession" "/dev/$1" 2>&1)
	echo "CDROMMULTISESSION: $ms; $(blockdev --getsize64 "/dev/$1") bytes"
}

# burn_files N: the files of sessions 1..N in $t/sN: BURN_MIB MiB of
# data, or a few blocks
burn_files() {
	local n
	for ((n = 1; n <= $1; n++)); do
		mkdir -p "$t/s$n"
		echo "session $n, $RANDOM" >"$t/s$n/file$n.txt"
		head -c $((${BURN_MIB:-0} ? BURN_MIB << 20 : n * 40000)) \
			/dev/urandom >"$t/s$n/data$n.bin"
	done
}

# burn_main FLOW...: with medium[FLOW] the medium of each; prints TAP.
burn_main() {
	local flows=("$@") f n disk kind bad name out gen seq ms cmds opt
	SESSIONS=${BURN_SESSIONS:-2}
	# the debug kernel is several times slower: its first flow only
	case $(uname -r) in
	*-debug) [ -n "${BURN_ALL:-}" ] || flows=("$1") ;;
	esac
	burn_files "$SESSIONS"
	echo "1..$((${#flows[@]} * (2 * SESSIONS + 1)))"
	for f in "${flows[@]}"; do
		# shellcheck disable=SC2154 # the test's
		sim_new "$f" "${medium[$f]}"
	done
	sim_power "${sim_drives[@]}"
	for f in "${flows[@]}"; do
		disk=''
		if ! disk=$(sim_disk "$f") || ! sim_fresh "$disk"; then
			for ((n = 1; n <= 2 * SESSIONS + 1; n++)); do
				fail "$f: no drive, or the module did not read its medium"
			done
			continue
		fi
		kind=${f%-*}
		kind=${kind%%.*}
		for ((n = 1; n <= SESSIONS; n++)); do
			# genisoimage -M reads the previous session through sr
			if [ "$kind" != dvdrw ] && [ "${f#*-}" != xorriso ] &&
				[ "$n" -gt 1 ] &&
				! reload "$f" "$disk"; then
				fail "$f: session $n" "the reload before it failed"
				fail "$f: session $n burnt" "not burnt"
				continue
			fi
			# a CD-RW is blanked first; the module follows that too
			if [ "$kind" = cdrw ] && [ "$n" = 1 ]; then
				rd gen "/sys/block/$disk/multisession/generation"
				rd seq "/sys/block/$disk/diskseq"
				out=$(cdrskin dev="/dev/$disk" blank=fast 2>&1) ||
					echo "# $f: cdrskin blank=fast: $out"
				refreshed "$disk" "$gen" "$seq" >/dev/null
				rd out "/sys/block/$disk/multisession/media_state"
				echo "# $f: blanked, the module says $out"
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
					skip "$name" "growisofs's claim is read-only: ask for a refresh"
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
		name="$f: after a reload, mount -t iso9660 shows the files of all sessions"
		if ! grep -qw iso9660 /proc/filesystems; then
			skip "$name" "no isofs in this kernel"
			continue
		fi
		mkdir -p "$t/mnt"
		bad=$(reload "$f" "$disk" || echo "reload failed")
		if [ -z "$bad" ]; then
			# isofs built in cannot reach a modular cdrom layer
			# for the last session (IS_REACHABLE(CONFIG_CDROM)):
			# there, as a user would, say where it starts
			opt=ro
			if ! grep -qw isofs /proc/modules &&
				grep -qw cdrom /proc/modules; then
				rd ms "/sys/block/$disk/multisession/msinfo"
				opt+=,sbsector=${ms%,*}
				echo "# $f: isofs built in, cdrom a module: mount -o $opt"
			fi
			if out=$(mount -t iso9660 -o "$opt" "/dev/$disk" "$t/mnt" 2>&1); then
				bad=$(files_back "/dev/$disk" "$SESSIONS" "$t/mnt")
				umount "$t/mnt"
				# what isofs went by
				[ -z "$bad" ] || bad+=$'\n'$(isofs_saw "$disk")
			else
				bad="mount: $out"
			fi
		fi
		result "$name" "$bad"
	done

	tap_end "${SECONDS}s"
}

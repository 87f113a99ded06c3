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
#            sequential medium), dvdrw (overwritable: DVD+RW, BD-RE;
#            TAG .format: a DVD-RW formatted first, see format_first)
#   BURNER   cdrskin, wodim (genisoimage -C "$(msinfo -C DEV)" -M DEV,
#            then -multi -tao), xorriso (-dev DEV -map DIR / -commit),
#            growisofs (-Z then -M, no tray reload; TAG .compat:
#            -dvd-compat, which closes the disc; TAG .pow: a blank BD-R
#            formatted for pseudo-overwrite by growisofs)
#
# sr reads a disc's capacity only after a media change: a disc burnt from
# blank keeps the capacity of a blank (one block) for the block device.
# So before genisoimage -M reads the previous session through /dev/srN,
# and before the mount at the end, the tray is reloaded.
#
# The first flow of a test burns BURN_SESSIONS sessions (default
# burn_first_sessions: 5 in burn_flow_test.sh, 3 elsewhere), the others
# BURN_SESSIONS_REST (default 2): a session costs 20 to 40 s of programs
# under emulation, and make check runs the burns beside other guests.  On the debug kernel
# only the first flow of a test runs (BURN_ALL=1: all), of two sessions
# unless BURN_SESSIONS says otherwise.

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

# With systemd-udevd in the guest and none running, the project's rule
# runs under it (from /run/udev/rules.d: the root is read-only), and after
# each burn udev's properties must be the module's.  BURN_UDEV=0: none.
burn_rules=/run/udev/rules.d/61-cdrom-msinfo.rules
burn_udev=
burn_udev_start() {
	[ "${BURN_UDEV:-1}" = 1 ] && [ -x "$udevd" ] &&
		command -v udevadm >/dev/null &&
		! pgrep -x systemd-udevd >/dev/null || return 0
	mkdir -p "${burn_rules%/*}"
	sed "s|/usr/bin/msinfo|$MSINFO|g" \
		"$MSINFO_TOP/tools/udev/61-cdrom-msinfo.rules" >"$burn_rules"
	if udevd_start "$t/udevd.err"; then
		burn_udev=1
		trap 'udevd_stop; rm -f "$burn_rules"; sim_cleanup; rm -rf "$t"' EXIT
	else
		echo "# systemd-udevd did not start: $(cat "$t/udevd.err")"
		rm -f "$burn_rules"
	fi
}

# udev_agrees DISK GEN KIND: once udev has handled an event of the
# module's generation GEN or later (its own event: no media change came),
# udev's ID_CDROM_MSINFO_* equal the module's values; prints the
# disagreements.  Nothing without udev.
udev_agrees() {
	local ms=/sys/block/$1/multisession l i k v ty=sequential
	local -A P
	[ -n "$burn_udev" ] || return 0
	[ "$3" = dvdrw ] && ty=random_write
	for ((i = 0; i < 20; i++)); do
		udevadm settle --timeout=30
		P=()
		while IFS= read -r l; do
			[[ $l == *=* ]] && P[${l%%=*}]=${l#*=}
		done < <(udevadm info --query=property "/dev/$1" 2>&1)
		[ "${P[ID_CDROM_MSINFO_GENERATION]:-0}" -ge "$2" ] && break
		nap 0.5
	done
	if [ "$i" = 20 ]; then
		echo "udev has generation '${P[ID_CDROM_MSINFO_GENERATION]:-}', not $2 or later"
		return
	fi
	for k in STATE=media_state MSINFO=msinfo SESSIONS=sessions \
		DISKSEQ=diskseq NEXT_WRITABLE_LBA=$ty/next_writable; do
		rd v "$ms/${k#*=}"
		[ "${P[ID_CDROM_MSINFO_${k%%=*}]:-}" = "$v" ] ||
			echo "udev ID_CDROM_MSINFO_${k%%=*}='${P[ID_CDROM_MSINFO_${k%%=*}]:-}', module ${k#*=} '$v'"
	done
}

# burn_begin PROGRAM...: sim_begin, and what the flows need in the guest
burn_begin() {
	local ko
	sim_begin genisoimage cdrskin xorriso "$@"
	burn_udev_start
	# growisofs hands the previous session to genisoimage as /dev/fd/N
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	grep -qw iso9660 /proc/filesystems || kmod_load isofs
}

# kmod_load NAME: insmod NAME from the modules of the kernel under test
kmod_load() {
	local ko
	ko=$(find "${MSINFO_KROOT:-$MSINFO_TOP/.cache/kernels/$(uname -r)/root}/lib/modules/$(uname -r)" \
		-name "$1.ko*" 2>/dev/null | head -n 1)
	case $ko in
	*.xz) xz -dc "$ko" >"$t/$1.ko" ;;
	*.zst) zstd -qdc "$ko" >"$t/$1.ko" ;;
	*) cp "$ko" "$t/$1.ko" ;;
	esac 2>/dev/null && insmod "$t/$1.ko" 2>/dev/null
}

# sg_node DISK: the SCSI generic node of the disk's device, /dev/sgN
sg_node() {
	local d
	for d in "/sys/block/$1/device/scsi_generic/"sg*; do
		[ -e "/dev/${d##*/}" ] && echo "/dev/${d##*/}" && return 0
	done
	return 1
}

# reload NAME DISK: the tray out and in (a media change), and the module's
# state of the medium then.
reload() {
	local seq ms x i
	rd seq "/sys/block/$2/diskseq"
	if [ -n "$burn_udev" ]; then
		# udev's cdrom_id locked the tray: out as the eject button
		# does, then in
		udevadm settle --timeout=30
		/lib/udev/cdrom_id --eject-media "/dev/$2" >/dev/null 2>&1
		echo 1 >"$cfs/$1/loaded" || return 1
	else
		echo 0 >"$cfs/$1/loaded" && echo 1 >"$cfs/$1/loaded" || return 1
	fi
	# the block layer notices at its next poll, or at this open
	: <"/dev/$2"
	sim_seq_moved "$2" "$seq" && sim_fresh "$2" || return 1
	# cdrom_id opens the drive exclusively: not beside a burner
	[ -z "$burn_udev" ] || udevadm settle --timeout=30
	# sr's session for isofs (CDROMMULTISESSION) comes from its own
	# revalidation, which a unit attention may cut short; another
	# follows.  Wait (10 s) until it is the module's last session.
	# (a closed disc: where its last session starts)
	rd ms "/sys/block/$2/multisession/msinfo" ||
		rd ms "/sys/block/$2/multisession/sequential/prev_session_start"
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
# dvd+rw-mediainfo; prints the disagreements.  libburn writes no BD-R
# formatted for pseudo-overwrite: there cdrskin -msinfo must refuse,
# and xorriso -toc call it "unsuitable , is POW formatted" and count
# its free blocks as unused.
peers() {
	local disk=$1 dev=/dev/$1 ms=/sys/block/$1/multisession ty out
	local mod cdr nwa free sess x rc pow=
	ty=sequential
	[ "$2" = dvdrw ] && ty=random_write
	rd out "$ms/profile" && [ "$out" = bd-r-pow ] && pow=1
	rd mod "$ms/msinfo"
	x=$("$MSINFO" -C "$dev" 2>&1)
	rc=$?
	# a closed disc has no msinfo: msinfo -C says so (exit 5)
	if rd out "$ms/media_state" && [ "$out" = complete ]; then
		[ "$rc" = 5 ] || echo "closed disc: msinfo -C exit $rc: '$x'"
		x=
	fi
	[ "$x" = "$mod" ] || echo "msinfo -C '$x', sysfs msinfo '$mod'"
	if [ "$2" = dvdrw ]; then
		cdr=$(cdrskin dev="$dev" --grow_overwriteable_iso -msinfo 2>/dev/null)
	else
		cdr=$(cdrskin dev="$dev" -msinfo 2>/dev/null)
	fi
	if [ -n "$pow" ]; then
		[ -z "$cdr" ] || echo "POW: cdrskin -msinfo '$cdr', not its refusal"
	elif [ "$cdr" != "$mod" ]; then
		echo "msinfo '$mod', cdrskin -msinfo '$cdr'"
	fi
	if [ "${2#cd}" != "$2" ] && command -v wodim >/dev/null; then
		x=$(wodim dev="$dev" -msinfo 2>/dev/null)
		[ "$x" = "$mod" ] || echo "msinfo '$mod', wodim -msinfo '$x'"
	fi
	rd nwa "$ms/$ty/next_writable"
	rd free "$ms/$ty/free_sectors"
	rd sess "$ms/sessions"
	out=$(xorriso -outdev "$dev" -toc 2>&1)
	if [ -n "$pow" ]; then
		grep -q '^Media status : is unsuitable , is POW formatted' <<<"$out" ||
			echo "POW: xorriso -toc: $(grep '^Media status' <<<"$out")"
		x=$(sed -n 's/^Media blocks.*, *\([0-9]*\) unused.*/\1/p' <<<"$out" | head -n 1)
		[ "$x" = "$free" ] || echo "free_sectors $free, xorriso unused '$x'"
	elif [ "$2" != dvdrw ]; then
		x=$(sed -n 's/^Media nwa *: *\([0-9]*\)s.*/\1/p' <<<"$out" | head -n 1)
		[ "$x" = "$nwa" ] || echo "next_writable $nwa, xorriso nwa '$x'"
		x=$(sed -n 's/^Media blocks.*, *\([0-9]*\) writable.*/\1/p' <<<"$out" | head -n 1)
		[ "$x" = "$free" ] || echo "free_sectors $free, xorriso writable '$x'"
	fi
	# on overwritable media xorriso counts the sessions it emulates (its
	# table in the volume's first 64 KiB); READ DISC INFORMATION has one
	x=$(sed -n 's/^Media summary: *\([0-9]*\) session.*/\1/p' <<<"$out" | head -n 1)
	[ "$x" = "$sess" ] || [ "$2" = dvdrw ] || [ -n "$pow" ] ||
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
# the drive (xorriso) or as mounted at WHERE, equal what was burnt (one
# md5sum of them all against burn_files's sums: a program costs seconds
# under emulation).
files_back() {
	local dir=$3 k f h out names=()
	local -A got
	if [ -z "$dir" ]; then
		dir=$t/x$RANDOM
		out=$(xorriso -osirrox on -indev "$1" -extract / "$dir" 2>&1) ||
			{ echo "xorriso -extract: $(tail -n 3 <<<"$out")"; return; }
	fi
	for ((k = 1; k <= $2; k++)); do
		names+=("$dir/file$k.txt" "$dir/data$k.bin")
	done
	while read -r h f; do
		got[${f##*/}]=$h
	done < <(md5sum "${names[@]}" 2>/dev/null)
	for ((k = 1; k <= $2; k++)); do
		for f in "file$k.txt" "data$k.bin"; do
			[ "${got[$f]:-}" = "${burnt_md5[$f]}" ] ||
				echo "$f of session $k does not read back from $1"
		done
	done
}

# burn FLOW N DISK: session N with the flow's burner; prints its failure.
# A flow tagged .sg burns through the disk's /dev/sgN, which claims
# nothing on the block device (genisoimage -M still reads through sr).
burn() {
	local dev=/dev/$3 ms out img=$t/$1-$2.iso rc bdev=/dev/$3
	if [[ $1 == *.sg-* ]]; then
		bdev=$(sg_node "$3") || { echo "no /dev/sgN for $3"; return; }
	fi
	case $1 in
	*-cdrskin | *-wodim)
		if [ "$2" = 1 ]; then
			out=$(genisoimage -quiet -R -J -V S1 -o "$img" "$t/s1" 2>&1)
		else
			ms=$("$MSINFO" -C "$dev") || { echo "msinfo -C: $ms"; return; }
			out=$(genisoimage -quiet -R -J -V "S$2" -C "$ms" -M "$dev" \
				-o "$img" "$t/s$2" 2>&1)
		fi || { echo "genisoimage: $out"; return; }
		out=$("${1#*-}" dev="$bdev" -multi -tao "$img" 2>&1)
		;;
	*-xorriso)
		out=$(xorriso -dev "$dev" -map "$t/s$2" / -commit 2>&1) ;;
	*-growisofs)
		# notray: no reload at the end, so no media change; spare:none:
		# a BD-R stays unformatted (sequential), but in a flow tagged
		# .pow, formatted with spare areas for pseudo-overwrite; a
		# flow tagged .compat burns DVD-Video compatible: the disc is
		# closed
		[ "$2" = 1 ] && ms=-Z || ms=-M
		[[ $1 == *.compat* ]] && ms="-dvd-compat $ms"
		[[ $1 == *.pow* ]] || ms="-use-the-force-luke=spare:none $ms"
		# shellcheck disable=SC2086 # ms: options, split
		out=$(growisofs -use-the-force-luke=notray $ms "$dev" \
			-quiet -R -J "$t/s$2" 2>&1) ;;
	esac
	rc=$?
	[ "$rc" = 0 ] || echo "${1#*-} exit $rc:" "$(tail -n 5 <<<"$out")"
}

# format_first FLOW DISK: a DVD-RW formatted for restricted overwrite
# with the flow's tools: xorriso -format as_needed, which claims the
# drive, and the module must notice it by itself; else dvd+rw-format
# -force, which claims nothing and is noticed, as burns through /dev/sgN
# are, by the drive's command counters (said, not asserted, and the
# module then asked).  The module's profile must then be dvd-rw-ro.
# Prints what went wrong.
format_first() {
	local gen seq out prof
	rd gen "/sys/block/$2/multisession/generation"
	rd seq "/sys/block/$2/diskseq"
	case $1 in
	*-xorriso) out=$(xorriso -outdev "/dev/$2" -format as_needed 2>&1) ;;
	*) out=$(dvd+rw-format -force "/dev/$2" 2>&1) ;;
	esac || echo "format: $(tail -n 3 <<<"$out" | tr '\b' ' ')"
	out=$(refreshed "$2" "$gen" "$seq")
	if [ -n "$out" ] && [ "${1#*-}" != xorriso ]; then
		echo "# $1: the format by dvd+rw-format: $out" >&2
		echo 1 >"/sys/block/$2/multisession/refresh"
		out=$(refreshed "$2" "$gen" "$seq")
	fi
	[ -z "$out" ] || echo "the format: $out"
	rd prof "/sys/block/$2/multisession/profile"
	[ "$prof" = dvd-rw-ro ] ||
		echo "formatted, the module says profile '$prof'"
	echo "# $1: formatted, the module says profile $prof" >&2
}

# isofs_saw DISK: the session isofs mounts and the size of the disk
isofs_saw() {
	local ms
	ms=$("${MSINFO_SELFTESTS:-${0%/*}}/cdrom_multisession" "/dev/$1" 2>&1)
	echo "CDROMMULTISESSION: $ms; $(blockdev --getsize64 "/dev/$1") bytes"
}

# burn_files N: the files of sessions 1..N in $t/sN, fileN.txt and
# dataN.bin (BURN_MIB MiB, or a few blocks), and their sums in burnt_md5
declare -A burnt_md5
burn_files() {
	local n h f
	for ((n = 1; n <= $1; n++)); do
		mkdir -p "$t/s$n"
		echo "session $n, $RANDOM" >"$t/s$n/file$n.txt"
		head -c $((${BURN_MIB:-0} ? BURN_MIB << 20 : n * 40000)) \
			/dev/urandom >"$t/s$n/data$n.bin"
	done
	while read -r h f; do
		burnt_md5[${f##*/}]=$h
	done < <(md5sum "$t"/s*/*)
}

# burn_main FLOW...: with medium[FLOW] the medium of each (and
# sessions[FLOW] its count of sessions, where the test sets one); prints
# TAP.
declare -A sessions
burn_main() {
	local flows=("$@") f n disk kind bad name name2 out gen seq ms cmds opt
	local prep
	local t0 tb tr tp tbn tn
	local starts=()
	# a burn through /dev/sgN: seen from the drive's counters once they
	# have been still 1.5 s
	local notice_ms=${BURN_NOTICE_MS:-4500}
	local first=${BURN_SESSIONS:-${burn_first_sessions:-3}}
	local rest=${BURN_SESSIONS_REST:-2} plan=0
	# the debug kernel is several times slower: its first flow only, of
	# two sessions
	case $(uname -r) in
	*-debug)
		[ -n "${BURN_ALL:-}" ] || flows=("$1")
		first=${BURN_SESSIONS:-2}
		notice_ms=${BURN_NOTICE_MS:-7000} ;;
	esac
	burn_files $((first > rest ? first : rest))
	for f in "${flows[@]}"; do
		[ "$f" = "${flows[0]}" ] && SESSIONS=$first || SESSIONS=$rest
		SESSIONS=${sessions[$f]:-$SESSIONS}
		plan=$((plan + 2 * SESSIONS + 2))
	done
	echo "1..$plan"
	for f in "${flows[@]}"; do
		# shellcheck disable=SC2154 # the test's
		sim_new "$f" "${medium[$f]}"
	done
	sim_power "${sim_drives[@]}"
	for f in "${flows[@]}"; do
		# five sessions on the first flow, fewer on the others, so
		# that a test stays within its time limit under emulation
		[ "$f" = "${flows[0]}" ] && SESSIONS=$first || SESSIONS=$rest
		SESSIONS=${sessions[$f]:-$SESSIONS}
		starts=()
		disk=''
		if ! disk=$(sim_disk "$f") || ! sim_fresh "$disk"; then
			for ((n = 1; n <= 2 * SESSIONS + 2; n++)); do
				fail "$f: no drive, or the module did not read its medium"
			done
			continue
		fi
		# shellcheck disable=SC2154 # the test's, if it sets one
		[ -z "${burn_poll_ms:-}" ] ||
			echo "$burn_poll_ms" >"/sys/block/$disk/events_poll_msecs"
		kind=${f%-*}
		kind=${kind%%.*}
		for ((n = 1; n <= SESSIONS; n++)); do
			# genisoimage -M reads the previous session through sr
			# (on a disc formatted by the flow, sr has the size
			# the blank disc had)
			if { [ "$kind" != dvdrw ] || [[ $f == *.format-* ]]; } &&
				[ "${f#*-}" != xorriso ] && [ "$n" -gt 1 ] &&
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
			# a flow tagged .format formats the disc first
			prep=
			[[ $f == *.format-* ]] && [ "$n" = 1 ] &&
				prep=$(format_first "$f" "$disk")
			rd gen "/sys/block/$disk/multisession/generation"
			rd seq "/sys/block/$disk/diskseq"
			echo >"$cfs/$f/counters"
			t0=$SECONDS
			bad=$(burn "$f" "$n" "$disk")
			tb=$SECONDS
			tbn=$(date +%s%N)
			name="$f: session $n: the module noticed the burn by itself"
			[[ $f == *.sg-* ]] &&
				name+=" within ${notice_ms}ms of the burner's exit"
			tn=
			if [ -n "$bad" ]; then
				fail "$name" "no burn"
			else
				out=$(refreshed "$disk" "$gen" "$seq")
				tn=$((($(date +%s%N) - tbn) / 1000000))
				if [ -z "$out" ] && [[ $f == *.sg-* ]] &&
					[ "$tn" -gt "$notice_ms" ]; then
					out="published ${tn}ms after the burner's exit"
				fi
				result "$name" "$out"
				if [ -n "$out" ]; then
					# the checks below on the burnt disc still
					echo 1 >"/sys/block/$disk/multisession/refresh"
					bad=$(refreshed "$disk" "$gen" "$seq")
				fi
			fi
			rd gen "/sys/block/$disk/multisession/generation"
			[ -z "$bad" ] && bad=$(udev_agrees "$disk" "$gen" "$kind")
			tr=$SECONDS
			[ -z "$bad" ] && bad=$(peers "$disk" "$kind")
			tp=$SECONDS
			[ -z "$bad" ] && bad=$(files_back "/dev/$disk" "$n" "")
			rd ms "/sys/block/$disk/multisession/msinfo"
			starts[n]=${ms%,*}
			mapfile -t cmds <"$cfs/$f/counters"
			echo "# $f: session $n: msinfo $ms; burn $((tb - t0))s, published ${tn:-?}ms after the burner's exit, (and udev) $((tr - tb))s, peers $((tp - tr))s, files $((SECONDS - tp))s; commands: ${cmds[*]}" >&2
			result "$f: session $n burnt, the module agrees with ${burn_udev:+udev and }the peers, files read back" \
				"${prep:+$prep$'\n'}$bad"
		done
		# through sr and isofs: the last session's tree holds every file
		name="$f: after a reload, mount -t iso9660 shows the files of all sessions"
		name2="$f: mount -o sbsector= of each earlier session shows its files, no later one"
		if ! grep -qw iso9660 /proc/filesystems; then
			skip "$name" "no isofs in this kernel"
			skip "$name2" "no isofs in this kernel"
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
		# Each session's own tree, where it starts (msinfo after
		# it).  Overwritable media have one volume descriptor at
		# block 16, the last session's: their earlier trees are
		# reached through xorriso's table only.  On pseudo-overwrite
		# growisofs rewrites block 16 too.
		if [ "$kind" = dvdrw ] || [[ $f == *.pow-* ]] || [ -n "$bad" ]; then
			skip "$name2" "${bad:+the mount of the last session failed}${bad:-one volume at block 16: overwritable media, or pseudo-overwrite}"
			continue
		fi
		for ((n = 1; n < SESSIONS; n++)); do
			if out=$(mount -t iso9660 -o "ro,sbsector=${starts[n]}" \
				"/dev/$disk" "$t/mnt" 2>&1); then
				bad+=$(files_back "/dev/$disk" "$n" "$t/mnt")
				[ -e "$t/mnt/file$((n + 1)).txt" ] &&
					bad+="session $n at ${starts[n]} shows file$((n + 1)).txt"$'\n'
				umount "$t/mnt"
			else
				bad+="mount -o sbsector=${starts[n]}: $out"$'\n'
			fi
		done
		result "$name2" "$bad"
	done

	tap_end "${SECONDS}s"
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every value of multisession/ that a Debian program also reports, compared
# live with that program on simulated media, each in a drive of its own:
#
#   dvd+rw-mediainfo  Disc status, Next Writable Address and Free Blocks of
#                     the track to write, Last Recorded Address of the
#                     previous session's last track, formatted capacity
#   xorriso -toc -tell_media_space
#                     Media status, sessions, the last ISO session's start,
#                     Media nwa, Media space, Media blocks overall
#   cdrskin -minfo    disk status, Last session start address, its leadout,
#                     Next writable address, Remaining writable size
#   cdrskin --grow_overwriteable_iso -msinfo   on overwritable media
#   cdrom_id          ID_CDROM_MEDIA_STATE, _SESSION_COUNT, _TRACK_COUNT,
#                     _SESSION_LAST_OFFSET, _TRACK_COUNT_DATA
#   the kernel's CDROMMULTISESSION, CDROM_LAST_WRITTEN, CDROM_NEXT_WRITABLE
#
# A peer that does not report a medium must refuse it with its own
# message; a peer killed, crashed or silent fails.  One result per medium,
# listing what was compared.  Prints TAP.
#
# Usage: msinfo_oracle_test.sh [PATTERN...]   the media of media/ whose
#        names match; default: one medium of each kind and state

set -u

PARALLEL=8
PEER_TIMEOUT=60
# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin xorriso cdrskin dvd+rw-mediainfo /lib/udev/cdrom_id
IOCTLS=${MSINFO_SELFTESTS:-${0%/*}}/cdrom_multisession
[ -x "$IOCTLS" ] || skip_all "no $IOCTLS"

[ "$#" = 0 ] && set -- cd-rom.closed cd-r.blank cd-r.appendable-2 \
	cd-r.incomplete cd-r.closed cd-r.audio-data 'cd-r.audio*open' \
	cd-r.nofix cd-rw.appendable-1 dvd-rom.closed dvd-r.incomplete \
	dvd+r.nofix dvd+r.blank \
	dvd+r.appendable-2 dvd+r.closed dvd-rw.appendable-1 dvd+rw.formatted \
	dvd+rw.formatted-empty dvd-rw-ro.formatted dvd-ram.formatted \
	bd-r.appendable-1 bd-r.pow bd-re.formatted
media=()
for p in "$@"; do
	for f in "$sel"/media/$p.txt; do
		[ -e "$f" ] || continue
		m=${f##*/}
		media+=("${m%.txt}")
	done
done
[ "${#media[@]}" = 0 ] && skip_all "no media match $*"
echo "1..${#media[@]}"
for m in "${media[@]}"; do
	sim_new "o-$m" "$m"
done
sim_power "${sim_drives[@]}"
echo "# ${#media[@]} drives in ${SECONDS}s"

# run OUTVAR PROGRAM ARG...: its output (stdout and stderr) into OUTVAR,
# its exit status into rc; killed after PEER_TIMEOUT (status 124 or more).
run() {
	local -n run_out=$1
	shift
	# shellcheck disable=SC2034
	run_out=$(timeout -k 5 "$PEER_TIMEOUT" "$@" 2>&1 </dev/null)
	rc=$?
}

# A peer's answer, its status and the module's value: a "same" line when
# they agree, else a "bad" line.
same() {
	if [ "$2" = "$3" ]; then
		echo "same $1=$2"
	else
		echo "bad $1: the peer says '$2', the module '$3'"
	fi
}

# aligned NAME PEER_NEXT ALIGN: on overwritable media with a volume, NEXT
# is V rounded up to 16 blocks or to the write unit where larger.  A peer
# that aligns to ALIGN blocks gives the same where the medium's alignment
# is ALIGN; elsewhere both are that peer's alignment of the same volume.
aligned() {
	local unit=${S[random_write/write_unit_size]:-0} align=16 v=$((rwlast + 1))
	[ "$unit" -gt 16 ] && align=$unit
	if [ "$unit" = 0 ] || [ $((next % unit)) != 0 ]; then
		echo "bad msinfo: NEXT $next is not a multiple of the write unit $unit"
	elif [ "$3" = "$align" ]; then
		same "$1" "$2" "$next"
	elif [ "$2" = $(((v + $3 - 1) / $3 * $3)) ]; then
		echo "info $1: $2, aligned to $3, NEXT $next to $align"
	else
		echo "bad $1: the peer says '$2' for a volume of $v blocks"
	fi
}

# died PEER: a peer ended by the time limit (timeout: 124, or 137 after
# -k), a signal, or that could not be run (126, 127).
died() {
	if [ "$rc" -ge 124 ] && [ "$rc" -le 192 ]; then
		echo "bad $1: exit $rc (killed, crashed or not run)"
		return 0
	fi
	return 1
}

# field OUTPUT REGEX: the first group of the first line matching REGEX
# into f (empty when none).
field() {
	local l
	f=
	while IFS= read -r l; do
		if [[ $l =~ $2 ]]; then
			f=${BASH_REMATCH[1]}
			return 0
		fi
	done <<<"$1"
	return 1
}

# What the drive holds, from its model (the simulator's medium
# attribute): whether its last session is the empty one of an appendable
# disc, its last track blank (what comes next), or its last session
# open with an incomplete track as its only track.
empty_session=0 blank_track=0 open_track_only=0

drive_model() {
	local l n=0 sess='' tr=''
	empty_session=0 blank_track=0 open_track_only=0
	while IFS= read -r l; do
		case $l in
		session*) sess=${l#session }; sess=${sess%% *}; n=0 ;;
		track*) n=$((n + 1)); tr=$l ;;
		esac
	done <"$cfs/$1/medium"
	case $tr in
	*state=invisible*)
		blank_track=1
		[ "$n" = 1 ] && empty_session=1 ;;
	*state=incomplete*)
		[ "$sess" = open ] && [ "$n" = 1 ] && open_track_only=1 ;;
	esac
}

# The module's values of a medium.
state='' sessions='' tracks='' last='' Sp='' Ep='' nwa='' free='' next=''
total='' rwlast='' powlast='' family=''

module_values() {
	sysfs_values "$1"
	state=${S[media_state]:-}
	sessions=${S[sessions]:-}
	tracks=${S[tracks]:-}
	last=${S[last_session]:-}
	Sp=${S[sequential/prev_session_start]:-}
	Ep=${S[sequential/prev_session_last_written]:-}
	nwa=${S[sequential/next_writable]:-}
	free=${S[sequential/free_sectors]:-}
	total=${S[random_write/total_sectors]:-}
	rwlast=${S[random_write/last_written]:-}
	powlast=${S[pseudo_overwrite/last_written]:-}
	next=''
	[ -n "${S[msinfo]:-}" ] && next=${S[msinfo]#*,}
	family=${S[profile]%%[-+]*}
}

# What a disc status of READ DISC INFORMATION is in media_state terms,
# as dvd+rw-mediainfo, cdrskin and cdrom_id name it.  Overwritable media
# report blank (formatted, nothing written), complete (DVD+RW, DVD-RW RO)
# or "others" (BD-RE, DVD-RAM).
status_is() {
	case $1 in
	blank | empty | complete | other)
		if [ "$state" = overwritable ]; then
			echo overwritable
		elif [ "$1" = empty ]; then
			echo blank
		else
			echo "$1"
		fi ;;
	appendable | incomplete/appendable) echo appendable ;;
	*) echo "$1" ;;
	esac
}

check_cdrom_id() {
	local out want data
	run out /lib/udev/cdrom_id "$1"
	died cdrom_id && return
	if [ "$rc" != 0 ]; then
		echo "bad cdrom_id: exit $rc: $out"
		return
	fi
	if field "$out" '^ID_CDROM_MEDIA_STATE=(.*)$'; then
		same cdrom_id.STATE "$(status_is "$f")" "$state"
	elif [ "$family" != cd ] || [ "$state" != complete ]; then
		# cdrom_id leaves it out on pressed CDs only (no disc info)
		echo "bad cdrom_id: no ID_CDROM_MEDIA_STATE"
	fi
	# the drive's count, with the empty session and the blank track it
	# reports for what comes next
	want=$((sessions + empty_session))
	field "$out" '^ID_CDROM_MEDIA_SESSION_COUNT=(.*)$'
	same cdrom_id.SESSION_COUNT "$f" "$want"
	want=$((tracks + blank_track))
	field "$out" '^ID_CDROM_MEDIA_TRACK_COUNT=(.*)$'
	same cdrom_id.TRACK_COUNT "$f" "$want"
	# present when not 0: the start of the last complete session
	if [ -n "$Sp" ]; then
		field "$out" '^ID_CDROM_MEDIA_SESSION_LAST_OFFSET=(.*)$'
		same cdrom_id.SESSION_LAST_OFFSET "${f:-0}" $((Sp * 2048))
	fi
	# no data track so far: the next data session is the first
	if [ -n "${S[sequential/first_data_session]:-}" ]; then
		field "$out" '^ID_CDROM_MEDIA_TRACK_COUNT_DATA=(.*)$'
		data=0
		[ "${f:-0}" = 0 ] && data=1
		same cdrom_id.TRACK_COUNT_DATA=0 "$data" \
			"${S[sequential/first_data_session]}"
	fi
}

check_ioctls() {
	local out lw nw want
	run out "$IOCTLS" "$1"
	died ioctls && return
	if [ -n "$Sp" ] || [ "$state" = overwritable ]; then
		field "$out" ' lba=(-?[0-9]+) '
		same CDROMMULTISESSION "$f" "${Sp:-0}"
	fi
	field "$out" '^last_written=(.*)$'
	lw=$f
	field "$out" '^next_writable=(.*)$'
	nw=$f
	if [ "$state" = blank ] && [ "$family" = cd ]; then
		# track 1 blank: the kernel falls back to the TOC, which a blank
		# CD has not
		field "$out" '^(last_written_error=.*)$'
		same CDROM_LAST_WRITTEN "$f" "last_written_error=Input/output error"
		return
	fi
	# The last track not blank: its Last Recorded Address, or made up
	# from start + size (- free - 7) on CD, where tracks have none.  In
	# an open session with closed tracks before a blank one (cdrecord
	# -nofix) that is the last closed track, whose end the module does
	# not publish: nothing to compare.
	want=
	if [ "$state" = overwritable ]; then
		want=$((total - 1))
	elif [ -n "$powlast" ]; then
		want=$powlast
	elif [ "$last" = incomplete ] && [ -n "$nwa" ] && [ "$blank_track" = 0 ]; then
		want=$((nwa - 1))
		[ "$family" = cd ] && want=$((nwa - 7))
	elif [ -n "$Ep" ] && [ "$last" != incomplete ]; then
		want=$Ep
		[ "$family" = cd ] && want=$((Ep + 1))
	fi
	if [ -n "$want" ]; then
		same CDROM_LAST_WRITTEN "$lw" "$want"
		# that track's NWA when valid (an open track), else the
		# kernel's own last written + 7
		want=$((lw + 7))
		[ "$last" = incomplete ] && want=$nwa
		same CDROM_NEXT_WRITABLE "$nw" "$want"
	fi
}

check_xorriso() {
	local out want
	run out xorriso -outdev "$1" -toc -tell_media_space
	died xorriso && return
	if [ "$rc" != 0 ]; then
		echo "bad xorriso: exit $rc"
		return
	fi
	field "$out" '^Media status : (.*)$'
	case $f in
	"is blank") f=blank ;;
	"is written , is appendable") f=appendable ;;
	"is written , is closed") f=complete ;;
	"is unsuitable , is POW formatted") f=pow ;;
	esac
	want=$state
	# an overwritable medium is blank to xorriso until it holds a volume
	[ "$state" = overwritable ] && want=blank
	[ -n "$rwlast" ] && want=appendable
	[ -n "$powlast" ] && want=pow
	same xorriso.status "$f" "$want"
	if [ -n "$powlast" ]; then
		field "$out" '^Media blocks : [0-9]+ readable , ([0-9]+) unused'
		same xorriso.unused "$f" "$free"
		return
	fi
	if [ "$state" = overwritable ]; then
		field "$out" 'writable , ([0-9]+) overall'
		same xorriso.overall "$f" "$total"
		if [ -n "$rwlast" ]; then
			field "$out" '^ISO session  : +1 , +0 , +([0-9]+)s'
			same xorriso.iso_size "$f" $((rwlast + 1))
			field "$out" '^Media nwa +: ([0-9]+)s'
			aligned xorriso.nwa "$f" 32
		fi
		return
	fi
	# xorriso counts the sessions of the TOC: on CD those with a lead-in,
	# not an open one (closed tracks and all); elsewhere an open session
	# once it holds a closed track
	field "$out" '^Media summary: ([0-9]+) session'
	want=$open_track_only
	[ "$family" = cd ] && [ "$last" = incomplete ] && want=1
	same xorriso.sessions "$f" $((sessions - want))
	# xorriso lists ISO sessions only: not an audio session
	if [ -n "$Sp" ] && [ "${S[sequential/first_data_session]:-}" != 1 ]; then
		want=
		while IFS= read -r l; do
			[[ $l =~ ^ISO\ session\ +:\ +[0-9]+\ ,\ +([0-9]+)\ , ]] &&
				want=${BASH_REMATCH[1]}
		done <<<"$out"
		same xorriso.last_iso_session "$want" "$Sp"
	fi
	if [ -n "$nwa" ] && [ "$state" = appendable ]; then
		field "$out" '^Media nwa +: ([0-9]+)s'
		same xorriso.nwa "$f" "$nwa"
	fi
	if [ -n "$free" ]; then
		field "$out" '^Media space +: ([0-9]+)s'
		same xorriso.space "$f" "$free"
	fi
}

check_cdrskin() {
	local out want
	run out cdrskin dev="$1" -minfo
	died cdrskin && return
	if [ "$rc" != 0 ]; then
		echo "bad cdrskin: exit $rc"
		return
	fi
	field "$out" '^disk status: +(.*)$'
	f=$(status_is "$f")
	[ "$f" = "unusable (POW)" ] && f=appendable
	same cdrskin.disk_status "$f" "$state"
	if [ -n "$Sp" ]; then
		field "$out" '^Last session start address: +([0-9]+)'
		same cdrskin.last_session_start "$f" "$Sp"
		field "$out" '^Last session leadout start address: +([0-9]+)'
		same cdrskin.last_session_leadout "$f" $((Ep + 1))
	fi
	if [ -n "$nwa" ]; then
		field "$out" '^Next writable address: +([0-9]+)'
		same cdrskin.nwa "$f" "$nwa"
	fi
	if [ -n "$free" ] && [ "$state" != complete ]; then
		field "$out" '^Remaining writable size: +([0-9]+)'
		same cdrskin.remaining "$f" "$free"
	fi
	[ "$state" = overwritable ] || return
	run out cdrskin dev="$1" --grow_overwriteable_iso -msinfo
	died cdrskin && return
	if [ -n "${S[msinfo]:-}" ]; then
		field "$out" '^0,([0-9]+)$'
		aligned cdrskin.grow_msinfo "$f" 16
	else
		# no volume to grow: its own refusal
		field "$out" '^cdrskin: FATAL : (-msinfo .*)$'
		if [ -n "$f" ] && [ "$rc" != 0 ]; then
			echo "same cdrskin.grow_msinfo=refuses: $f"
		else
			echo "bad cdrskin --grow_overwriteable_iso -msinfo: exit $rc, no refusal"
		fi
	fi
}

check_mediainfo() {
	local out l t=0 nwa_p='' free_p='' want
	run out dvd+rw-mediainfo "$1"
	died dvd+rw-mediainfo && return
	if [ "$family" = cd ]; then
		# its own refusal: DVD and BD only
		field "$out" '^(:-\( non-DVD media mounted, exiting\.\.\.)$'
		if [ -n "$f" ] && [ "$rc" != 0 ]; then
			echo "same dvd+rw-mediainfo=refuses CD"
		else
			echo "bad dvd+rw-mediainfo: exit $rc, no refusal of CD media"
		fi
		return
	fi
	if [ "$rc" != 0 ]; then
		echo "bad dvd+rw-mediainfo: exit $rc"
		return
	fi
	if field "$out" '^ Disc status: +(.*)$'; then
		want=$state
		# BD-R POW is appendable to READ DISC INFORMATION
		same mediainfo.disc_status "$(status_is "$f")" "$want"
	elif [ "$state" != complete ]; then
		echo "bad dvd+rw-mediainfo: no Disc status"
	fi
	# the tracks, last first wins: the track to write (blank, invisible
	# or incomplete with an NWA) and the last recorded address before it
	local -a lras=()
	local re=' ([A-Z][A-Za-z ]+): +([0-9]+)\*2KB$'
	while IFS= read -r l; do
		if [[ $l == "READ TRACK INFORMATION"* ]]; then
			t=$((t + 1))
			lras[t]=
		elif [[ $l =~ $re ]]; then
			case ${BASH_REMATCH[1]} in
			"Next Writable Address") nwa_p=${BASH_REMATCH[2]} ;;
			"Free Blocks") free_p=${BASH_REMATCH[2]} ;;
			"Last Recorded Address") lras[t]=${BASH_REMATCH[2]} ;;
			esac
		fi
	done <<<"$out"
	if [ -n "$nwa" ]; then
		same mediainfo.next_writable "$nwa_p" "$nwa"
		same mediainfo.free_blocks "$free_p" "$free"
	fi
	# the previous session's last block is the LRA of the last track
	# before the one to write (its open track on an incomplete session)
	if [ -n "$Ep" ] && [ "$last" = empty ] && [ "$t" -ge 2 ]; then
		same mediainfo.last_recorded "${lras[t - 1]}" "$Ep"
	elif [ -n "$Ep" ] && [ "$state" = complete ] && [ "$t" -ge 1 ]; then
		same mediainfo.last_recorded "${lras[t]}" "$Ep"
	fi
	if [ -n "$total" ]; then
		field "$out" '^ formatted:[[:space:]]+([0-9]+)\*2048'
		same mediainfo.formatted "$f" "$total"
	fi
}

# check MEDIUM: the "same", "bad" and "info" lines of every peer
check() {
	local disk dev
	if ! disk=$(sim_disk "o-$1") || ! sim_fresh "$disk"; then
		echo "bad no drive, or the module did not read its medium"
		return
	fi
	dev=/dev/$disk
	module_values "$disk"
	drive_model "o-$1"
	echo "info $state ${S[msinfo]:-}"
	check_cdrom_id "$dev"
	check_ioctls "$dev"
	check_xorriso "$dev"
	check_cdrskin "$dev"
	check_mediainfo "$dev"
}

check_all "${media[@]}"

for m in "${media[@]}"; do
	bad=()
	n=0
	info=
	while read -r kind line; do
		case $kind in
		same) n=$((n + 1)) ;;
		info) info="$info $line;" ;;
		*) bad+=("$line") ;;
		esac
	done <"$t/$m"
	if [ "$n" -lt 5 ]; then
		bad+=("only $n values compared")
	fi
	if [ "${#bad[@]}" = 0 ]; then
		pass "$m:$info $n values agree"
	else
		fail "$m:$info $n agree" "${bad[@]}"
	fi
	sed -n 's/^same /#   /p' "$t/$m"
done

tap_end "${SECONDS}s"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/udev/61-cdrom-msinfo.rules under Debian's own systemd-udevd, with
# all of the system's rules beside it.  A simulated drive's medium is
# swapped, ejected (as the eject button does: cdrom_id --eject-media) and
# given back; after each change "udevadm info" must show the
# ID_CDROM_MSINFO_* properties msinfo.1 lists, equal to the module's sysfs
# values for the new medium's diskseq, and the ID_CDROM_MEDIA_* properties
# of systemd's 60-cdrom_id.rules, equal to what cdrom_id reports for the
# medium now; the two sets must stand in the relation the admin guide's
# table documents.  Last, on the same medium, a failed refresh and a good
# one: the module's own uevent brings udev the good state.
#
# The host's root is read-only here: the rule goes to /run/udev/rules.d,
# naming the msinfo built with the selftests.  Prints TAP.

set -u

cdrom_id=/lib/udev/cdrom_id
rules=/run/udev/rules.d/61-cdrom-msinfo.rules
# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

sim_begin udevadm
need "$udevd" "$cdrom_id"
pgrep -x systemd-udevd >/dev/null && skip_all "systemd-udevd runs already"

cleanup() {
	udevd_stop
	rm -f "$rules"
	[ -d "$cfs/udev0" ] && echo clear >"$cfs/udev0/faults"
	sim_cleanup
	rm -rf "$t"
}
trap cleanup EXIT

media=(cd-r.appendable-2 dvd+r.appendable-2 bd-r.blank dvd+rw.formatted dvd+r.incomplete cd-r.closed)
if ! sim_new udev0 "${media[0]}" || ! sim_power udev0 || ! disk=$(sim_disk udev0); then
	skip_all "no simulated drive"
fi
dev=/dev/$disk
ms=/sys/block/$disk/multisession

# udev_values: the drive's properties in udev's database into the array P.
declare -A P
udev_values() {
	local l
	P=()
	udevadm info --query=property "$dev" >"$t/info" 2>&1
	while IFS= read -r l; do
		[[ $l == *=* ]] && P[${l%%=*}]=${l#*=}
	done <"$t/info"
}

# settled [GEN]: udev has handled the events for the module's current
# state (its diskseq, and generation GEN or later).  A media change
# reaches udev at the block layer's next poll, so "udevadm settle" alone
# may return before it.
settled() {
	local seq
	for _ in $(seq 60); do
		udevadm settle --timeout=60
		udev_values
		rd seq "$ms/diskseq"
		[ "${P[ID_CDROM_MSINFO_DISKSEQ]:-}" = "$seq" ] &&
			[ "${P[ID_CDROM_MSINFO_GENERATION]:-0}" -ge "${1:-0}" ] && return 0
		nap 0.5
	done
	return 1
}

# want_props: what msinfo.1 promises, from the module's sysfs values (S).
want_props() {
	local ty='' x
	echo "ID_CDROM_MSINFO=1"
	echo "ID_CDROM_MSINFO_STATE=${S[media_state]}"
	echo "ID_CDROM_MSINFO_DISKSEQ=${S[diskseq]}"
	[ "${S[media_state]}" = none ] && return
	echo "ID_CDROM_MSINFO_PROFILE=${S[profile]}"
	echo "ID_CDROM_MSINFO_SESSIONS=${S[sessions]}"
	echo "ID_CDROM_MSINFO_TRACKS=${S[tracks]}"
	echo "ID_CDROM_MSINFO_LAST_SESSION=${S[last_session]}"
	[ -n "${S[msinfo]:-}" ] && echo "ID_CDROM_MSINFO_MSINFO=${S[msinfo]}"
	for x in sequential random_write pseudo_overwrite; do
		[ "${S[$x/in_use]:-0}" = 1 ] && ty=$x
	done
	[ -n "$ty" ] && echo "ID_CDROM_MSINFO_TYPE=$ty"
	# the next writable address of the type in use, or with none in use
	# of the first type that has one
	for x in ${ty:-sequential random_write pseudo_overwrite}; do
		if [ -n "${S[$x/next_writable]:-}" ]; then
			echo "ID_CDROM_MSINFO_NEXT_WRITABLE_LBA=${S[$x/next_writable]}"
			break
		fi
	done
}

# relation: cdrom_id's ID_CDROM_MEDIA_* against the module's
# ID_CDROM_MSINFO_* in udev's properties (P), as the table of
# Documentation/admin-guide/cdrom-msinfo.rst relates them; what does not
# hold into bad.
relation() {
	local state=${P[ID_CDROM_MSINFO_STATE]:-}
	local last=${P[ID_CDROM_MSINFO_LAST_SESSION]:-}
	local sessions=${P[ID_CDROM_MSINFO_SESSIONS]:-}
	local tracks=${P[ID_CDROM_MSINFO_TRACKS]:-}
	local msinfo=${P[ID_CDROM_MSINFO_MSINFO]:-}
	local profile=${P[ID_CDROM_MSINFO_PROFILE]:-}
	local cstate=${P[ID_CDROM_MEDIA_STATE]:-}
	local count=${P[ID_CDROM_MEDIA_SESSION_COUNT]:-0}
	local tcount=${P[ID_CDROM_MEDIA_TRACK_COUNT]:-0}
	local next=${P[ID_CDROM_MEDIA_SESSION_NEXT]:-}
	local offset=${P[ID_CDROM_MEDIA_SESSION_LAST_OFFSET]:-}
	local start=${msinfo%,*} empty=0 want

	[ "${P[DISKSEQ]:-}" = "${P[ID_CDROM_MSINFO_DISKSEQ]:-}" ] ||
		bad+=("DISKSEQ '${P[DISKSEQ]:-}', ID_CDROM_MSINFO_DISKSEQ '${P[ID_CDROM_MSINFO_DISKSEQ]:-}'")

	# A sequential disc, blank or with its sessions all closed, ends in
	# the empty session the drive prepares for the next one, with a blank
	# track: cdrom_id counts both, the module neither.
	[ "$last" = empty ] && [[ ,${P[ID_CDROM_MSINFO_TYPES]:-}, != *,random_write,* ]] &&
		empty=1
	[ "$count" = $((sessions + empty)) ] ||
		bad+=("ID_CDROM_MEDIA_SESSION_COUNT $count, not SESSIONS $sessions + $empty")
	# An open session's data is a track of its own, or closed tracks before
	# a blank one (cdrecord -nofix): the module does not count that one.
	if [ "$last" = incomplete ]; then
		[ "$tcount" = "$tracks" ] || [ "$tcount" = $((tracks + 1)) ] ||
			bad+=("ID_CDROM_MEDIA_TRACK_COUNT $tcount, not TRACKS $tracks (+ 1)")
	elif [ "$tcount" != $((tracks + empty)) ]; then
		bad+=("ID_CDROM_MEDIA_TRACK_COUNT $tcount, not TRACKS $tracks + $empty")
	fi
	# a track number, that of the blank track
	[ "$empty" = 0 ] || [ "$next" = $((tracks + 1)) ] ||
		bad+=("ID_CDROM_MEDIA_SESSION_NEXT '$next', not TRACKS $tracks + 1")

	# In bytes, the last complete session's start: START when no session
	# is open, left out when 0.  An open session's data starts after it.
	if [ -n "$msinfo" ] && [ "$state" = appendable ]; then
		want=''
		if [ "$last" = empty ]; then
			[ "$start" -gt 0 ] && want=$((start * 2048))
			[ "$offset" = "$want" ] ||
				bad+=("ID_CDROM_MEDIA_SESSION_LAST_OFFSET '$offset', not START $start * 2048")
		elif [ -n "$offset" ] && [ "$offset" -ge $((start * 2048)) ]; then
			bad+=("ID_CDROM_MEDIA_SESSION_LAST_OFFSET $offset, not before START $start * 2048")
		fi
	elif [ "$state" = overwritable ] && [ -n "$offset" ]; then
		bad+=("ID_CDROM_MEDIA_SESSION_LAST_OFFSET $offset on an overwritable medium")
	fi

	# the drive's disc status, which cdrom_id reads again
	case $state/$profile in
	blank/bd-r*) want='blank|appendable' ;;
	blank/* | appendable/* | complete/*) want=$state ;;
	overwritable/dvd+rw* | overwritable/dvd-rw-ro) want='blank|complete' ;;
	overwritable/dvd-ram) want='blank|other' ;;
	overwritable/bd-re) want=other ;;
	overwritable/bd-r-rrm) want=appendable ;;
	*) want='.*' ;;
	esac
	[ "$profile" = cd-rom ] && want=''
	# data in block 16, an ISO 9660 volume: not blank
	[ "$state" = overwritable ] && [ -n "$msinfo" ] && want=${want#blank|}
	[[ $cstate =~ ^($want)$ ]] ||
		bad+=("ID_CDROM_MEDIA_STATE '$cstate', module $state: want '$want'")
}

# check WHAT [GEN]: udev's properties against the module and cdrom_id, now.
check() {
	local what=$1 bad=() l k v cdr p
	if ! sim_fresh "$disk" || ! settled "${2:-0}"; then
		fail "$what" "udev did not get there: module $(cat "$ms/diskseq")/$(cat "$ms/generation"), udev ${P[ID_CDROM_MSINFO_DISKSEQ]:-}/${P[ID_CDROM_MSINFO_GENERATION]:-}" \
			"$(cat "$t/info")"
		return
	fi
	sysfs_values "$disk"
	want_props >"$t/want"
	while IFS= read -r l; do
		k=${l%%=*}
		v=${l#*=}
		[ "${P[$k]:-}" = "$v" ] || bad+=("$k: udev '${P[$k]:-}', module '$v'")
	done <"$t/want"
	# what does not apply is left out
	for k in MSINFO NEXT_WRITABLE_LBA TYPE PROFILE; do
		[ -z "${P[ID_CDROM_MSINFO_$k]:-}" ] || grep -q "^ID_CDROM_MSINFO_$k=" "$t/want" ||
			bad+=("ID_CDROM_MSINFO_$k=${P[ID_CDROM_MSINFO_$k]}, the module has none")
	done

	# 60-cdrom_id.rules ran on the same event: its values are the ones
	# cdrom_id reports for the medium now.
	[ "${P[ID_CDROM]:-}" = 1 ] || bad+=("no ID_CDROM: 60-cdrom_id.rules did not run")
	cdr=$("$cdrom_id" "$dev" 2>/dev/null)
	while IFS= read -r l; do
		k=${l%%=*}
		v=${l#*=}
		[[ $k == ID_CDROM_MEDIA* ]] || continue
		[ "${P[$k]:-}" = "$v" ] || bad+=("$k: udev '${P[$k]:-}', cdrom_id '$v'")
	done <<<"$cdr"
	for k in "${!P[@]}"; do
		[[ $k == ID_CDROM_MEDIA* ]] || continue
		grep -q "^$k=" <<<"$cdr" || bad+=("$k=${P[$k]} in udev, not from cdrom_id")
	done
	if [ "${S[media_state]}" = none ]; then
		[ -z "${P[ID_CDROM_MEDIA]:-}" ] || bad+=("ID_CDROM_MEDIA with no medium")
	else
		[ "${P[ID_CDROM_MEDIA]:-}" = 1 ] || bad+=("no ID_CDROM_MEDIA=1")
		# Both rules saw the same medium.  cdrom_id's name of the
		# profile: BD-R in either recording mode.
		p=$(sed 's/-[sr]rm$//; s/+/_plus_/; s/-/_/g' <<<"${S[profile]}" | tr '[:lower:]' '[:upper:]')
		[ "${P[ID_CDROM_MEDIA_$p]:-}" = 1 ] ||
			bad+=("profile ${S[profile]}, but no ID_CDROM_MEDIA_$p=1")
		relation
	fi
	if [ "${#bad[@]}" = 0 ]; then
		mapfile -t l <"$t/want"
		echo "# ${l[*]#ID_CDROM_MSINFO_}"
		mapfile -t l <<<"$(grep -E '^ID_CDROM_MEDIA_(STATE|SESSION_|TRACK_COUNT)' <<<"$cdr")"
		echo "# cdrom_id: ${l[*]#ID_CDROM_MEDIA_}"
		pass "$what: ${S[media_state]}, udev has the module's and cdrom_id's values, related as documented"
	else
		fail "$what: ${S[media_state]}" "${bad[@]}" "udevadm info:" "$(cat "$t/info")"
	fi
}

# changed: wait (10 s) until the block layer has seen a media change.
changed() { sim_seq_moved "$disk" "${P[ID_CDROM_MSINFO_DISKSEQ]:-}"; }

# --- udevd with the project's rule ---
mkdir -p /run/udev/rules.d
# msinfo through a wrapper that logs, for each run: start and end (us),
# exit status, the event's DISKSEQ (or -), and its arguments.
cat >"$t/msinfo" <<EOF
#!/bin/bash
s=\${EPOCHREALTIME/./}
"$MSINFO" "\$@"
rc=\$?
echo "\$s \${EPOCHREALTIME/./} \$rc \${DISKSEQ:--} \$*" >>"$t/calls"
exit \$rc
EOF
chmod +x "$t/msinfo"
sed "s|/usr/bin/msinfo|$t/msinfo|g" "$MSINFO_TOP/tools/udev/61-cdrom-msinfo.rules" >"$rules"
grep -q "$t/msinfo --udev" "$rules" ||
	skip_all "the rules do not run msinfo from /usr/bin/msinfo"
udevd_start "$t/udevd.err"
echo "1..$((${#media[@]} + 5))"
if [ -z "$udevd_pid" ]; then
	fail "systemd-udevd starts" "$(cat "$t/udevd.err")"
	exit 1
fi

# Coldplug, as systemd-udev-trigger does at boot, of block devices only:
# a full trigger takes minutes under emulation.
sim_fresh "$disk"
udevadm trigger --action=add --subsystem-match=block
check "coldplug with ${media[0]}"

for m in "${media[@]:1}"; do
	echo "$sel/media/$m.txt" >"$cfs/udev0/load"
	changed
	check "swapped to $m"
done

# Two changes before udev's cdrom_id can open the drive: the block layer
# masks the second while the first is pending.  Whoever opens first (the
# module or cdrom_id) clears it; the medium in the drive must show.
rd seq0 "/sys/block/$disk/diskseq"
echo "$sel/media/${media[1]}.txt" >"$cfs/udev0/load"
sim_seq_moved "$disk" "$seq0"
rd seq0 "/sys/block/$disk/diskseq"
echo "$sel/media/${media[0]}.txt" >"$cfs/udev0/load"
sim_seq_moved "$disk" "$seq0"
check "two swaps in a row, to ${media[1]} then ${media[0]}"

# cdrom_id --lock-media locked the tray: unlock and eject it as the rule
# for the eject button does.
"$cdrom_id" --eject-media "$dev" >/dev/null 2>&1
if [ "$(cat "$cfs/udev0/loaded")" != 0 ]; then
	fail "tray opened" "cdrom_id --eject-media left the medium in"
else
	changed
	check "tray opened"
fi
echo 1 >"$cfs/udev0/loaded"
changed
check "tray closed on ${media[0]}"

# A disc that spins up for 8 s: the rule's programs wait no longer than
# its bound (4 s) in the media-change event, and the state comes when the
# module publishes it, with a uevent of its own.  Before, the media-change
# line's failed wait fell through to the catch-all line, which waited
# again.  msinfo runs through a wrapper that logs each run's time.
: >"$t/calls"
echo 8000 >"$cfs/udev0/spinup_ms"
echo "$sel/media/${media[1]}.txt" >"$cfs/udev0/load"
changed
seq_new=$(cat "/sys/block/$disk/diskseq")
udevadm settle --timeout=60
echo 0 >"$cfs/udev0/spinup_ms"
sim_fresh "$disk"
# the milliseconds msinfo ran in the media-change event's rules
waited=$(awk -v s="$seq_new" '$4 == s { ms += ($2 - $1) / 1000 } END { printf "%d", ms }' "$t/calls")
if [ "$waited" -gt 5000 ]; then
	fail "a disc that spins up for 8 s" \
		"msinfo ran $waited ms in the media-change event's rules (bound: 4 s)" "$(cat "$t/calls")"
else
	check "a disc that spins up for 8 s (msinfo waited $waited ms in its event)"
fi

# The module's own uevent: the same medium, a failed refresh, then a good
# one.
seq_before=$(cat "$ms/diskseq")
echo "sense op=0x51 key=3 asc=0x11 ascq=0 count=0" >"$cfs/udev0/faults"
echo 1 >"$ms/refresh" 2>/dev/null
err=$(cat "$ms/error")
echo clear >"$cfs/udev0/faults"
gen=$(cat "$ms/generation")
echo 1 >"$ms/refresh"
if [ -z "$err" ] || [ "$(cat "$ms/diskseq")" != "$seq_before" ] ||
	[ "$(cat "$ms/generation")" -le "$gen" ]; then
	fail "a good refresh after a failed one" "error after the fault: '$err'" \
		"diskseq $seq_before -> $(cat "$ms/diskseq"), generation $gen -> $(cat "$ms/generation")"
else
	check "a good refresh after a failed one ($err)" "$((gen + 1))"
fi

tap_end "${SECONDS}s"

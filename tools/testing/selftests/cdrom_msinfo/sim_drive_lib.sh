# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shell helpers of the selftests that drive mmcsim, the simulated drive:
# drives with media, their /dev/srN, the module's state of the medium in
# a drive (and, from test_lib.sh, TAP results).  Sourced by the tests (not
# run); MSINFO_TOP, MSINFO_BUILD and MSINFO_SELFTESTS come from the VM
# runner.
#
# Under emulation every program started costs a good part of a second
# (it is read over 9p, then linked): the helpers use shell builtins only.

sel=${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo
# shellcheck source=test_lib.sh
. "$sel/test_lib.sh"
cfs=/sys/kernel/config/mmcsim
# the msinfo built with the selftests, beside the tests
MSINFO=${MSINFO_SELFTESTS:-${0%/*}}/msinfo
sim_drives=()

sim_load_module() {
	[ -d "$cfs" ] || insmod "${MSINFO_BUILD:?}/mmcsim.ko"
}

# sim_begin [PROGRAM...]: the TAP header; skips the whole test unless the
# module, $MSINFO, the programs named and mmcsim are there.  Then $t, a
# scratch directory removed at exit with the drives.
sim_begin() {
	local p
	echo "TAP version 13"
	if [ ! -e /dev/cdrom_msinfo ] || [ ! -x "$MSINFO" ]; then
		skip_all "no cdrom_msinfo module or no $MSINFO"
	fi
	for p in "$@"; do
		command -v "$p" >/dev/null || skip_all "no $p"
	done
	sim_load_module || skip_all "cannot load mmcsim"
	t=$(mktemp -d)
	trap 'sim_cleanup; rm -rf "$t"' EXIT
}

# sim_new NAME [MEDIUM]: a drive with that medium description (a path, or
# a name in media/), or with none; not powered yet.
sim_new() {
	local m=${2:-} err
	mkdir "$cfs/$1" || return 1
	sim_drives+=("$1")
	[ -z "$m" ] && return 0
	[ "${m#/}" = "$m" ] && m=$sel/media/$m.txt
	if ! echo "$m" >"$cfs/$1/load"; then
		rd err "$cfs/$1/error"
		echo "# $1: $m refused: $err"
		return 1
	fi
}

# sim_power NAME...: power the drives on, several at a time (sr probes
# each, seconds under emulation).
sim_power() {
	local n=0 d
	for d in "$@"; do
		echo 1 >"$cfs/$d/power" &
		n=$((n + 1))
		[ $((n % 8)) = 0 ] && wait
	done
	wait
}

# sim_disk NAME: the srN of a powered drive, once /dev has it (30 s).
sim_disk() {
	local host d i
	for ((i = 0; i < 300; i++)); do
		if rd host "$cfs/$1/host" && [ "$host" -ge 0 ]; then
			for d in /sys/bus/scsi/devices/"$host":0:0:0/block/sr*; do
				[ -e "/dev/${d##*/}" ] && echo "${d##*/}" && return 0
			done
		fi
		nap 0.1
	done
	return 1
}

# sim_fresh DISK: wait (30 s) until the module has published the state of
# the medium in the drive now, the one of the disk's diskseq.
# shellcheck disable=SC2034
sim_fresh() {
	local ms=/sys/block/$1/multisession gen seq mseq state i
	for ((i = 0; i < 300; i++)); do
		if rd gen "$ms/generation" && [ "$gen" -gt 0 ] &&
			rd mseq "$ms/diskseq" && rd seq "/sys/block/$1/diskseq" &&
			[ "$seq" = "$mseq" ] && rd state "$ms/media_state"; then
			return 0
		fi
		nap 0.1
	done
	return 1
}

# sim_seq_moved DISK SEQ: wait (10 s) until the disk's diskseq is not SEQ:
# the block layer has seen a media change, at its next poll or an open.
sim_seq_moved() {
	local seq i
	for ((i = 0; i < 100; i++)); do
		rd seq "/sys/block/$1/diskseq" && [ "$seq" != "$2" ] && return 0
		nap 0.1
	done
	return 1
}

sim_cleanup() {
	local d
	for d in "${sim_drives[@]}"; do
		echo 0 >"$cfs/$d/power" 2>/dev/null
		rmdir "$cfs/$d" 2>/dev/null
	done
	sim_drives=()
}

# check_all ITEM...: the test's "check ITEM" for each item, PARALLEL at a
# time, each one's output into $t/ITEM and its time on stdout as it ends.
check_all() {
	local m start running=0

	exec 3>&1
	for m in "$@"; do
		if [ "$running" -ge "$PARALLEL" ]; then
			wait -n
			running=$((running - 1))
		fi
		{
			start=$SECONDS
			check "$m" >"$t/$m" 2>&1
			echo "# $m: $((SECONDS - start))s, at ${SECONDS}s" >&3
		} &
		running=$((running + 1))
	done
	wait
}

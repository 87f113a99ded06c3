# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shell helpers of the selftests that drive mmcsim, the simulated drive:
# TAP results, drives with media, their /dev/srN, the module's state of
# the medium in a drive.  Sourced by the tests (not run); MSINFO_TOP and
# MSINFO_BUILD come from the VM runner.

sel=${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo
cfs=/sys/kernel/config/mmcsim
ntest=0
nfail=0
sim_drives=()

pass() { ntest=$((ntest + 1)); echo "ok $ntest $1"; }
fail() {
	ntest=$((ntest + 1)); nfail=$((nfail + 1))
	echo "not ok $ntest $1"
	shift
	printf '#   %s\n' "$@"
}

sim_load_module() {
	[ -d "$cfs" ] || insmod "${MSINFO_BUILD:?}/mmcsim.ko"
}

# sim_new NAME [MEDIUM]: a drive with that medium description (a path, or
# a name in media/), or with none; not powered yet.
sim_new() {
	local m=${2:-}
	mkdir "$cfs/$1" || return 1
	sim_drives+=("$1")
	[ -z "$m" ] && return 0
	[ "${m#/}" = "$m" ] && m=$sel/media/$m.txt
	if ! echo "$m" >"$cfs/$1/load"; then
		echo "# $1: $m refused: $(cat "$cfs/$1/error")"
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
	local host d
	for _ in $(seq 300); do
		host=$(cat "$cfs/$1/host" 2>/dev/null)
		if [ -n "$host" ] && [ "$host" -ge 0 ]; then
			for d in /sys/bus/scsi/devices/"$host":0:0:0/block/sr*; do
				[ -e "/dev/${d##*/}" ] && echo "${d##*/}" && return 0
			done
		fi
		sleep 0.1
	done
	return 1
}

# sim_fresh DISK: wait (30 s) until the module has published the state of
# the medium in the drive now, the one of the disk's diskseq.
sim_fresh() {
	local ms=/sys/block/$1/multisession gen
	for _ in $(seq 300); do
		gen=$(cat "$ms/generation" 2>/dev/null)
		if [ "${gen:-0}" -gt 0 ] &&
			[ "$(cat "$ms/diskseq")" = "$(cat "/sys/block/$1/diskseq")" ] &&
			cat "$ms/media_state" >/dev/null 2>&1; then
			return 0
		fi
		sleep 0.1
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

# cdrskin_msinfo DEV: what "cdrskin -msinfo" answers, START,NEXT, or
# "refused" (an error, or no such line).
cdrskin_msinfo() {
	local out rc
	out=$(timeout 90 cdrskin dev="$1" -msinfo 2>/dev/null)
	rc=$?
	out=$(printf '%s\n' "$out" | sed '/^$/d' | tail -n 1)
	if [ "$rc" = 0 ] && [[ $out =~ ^[0-9]+,[0-9]+$ ]]; then
		echo "$out"
	else
		echo refused
	fi
}

# sysfs_values DISK: every value of the drive's multisession/ directory
# into the array S (S[media_state], S[sequential/next_writable], ...),
# with one process; files that do not apply (ENODATA) or are empty are
# left out.  (The guest has no /dev/fd: no process substitution.)
declare -A S
# shellcheck disable=SC2034
sysfs_values() {
	local l k dir=/sys/block/$1/multisession/
	S=()
	while IFS= read -r l; do
		[ -n "$l" ] || continue
		k=${l%%:*}
		S[${k#"$dir"}]=${l#*:}
	done <<<"$(grep -rs . "$dir")"
}

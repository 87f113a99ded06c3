# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shell helpers of the selftests that drive mmcsim, the simulated drive:
# TAP results, drives with media, their /dev/srN, the module's state of
# the medium in a drive.  Sourced by the tests (not run); MSINFO_TOP and
# MSINFO_BUILD come from the VM runner.
#
# Under emulation every program started costs a good part of a second
# (it is read over 9p, then linked): the helpers use shell builtins only.

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

# rd VAR FILE: the first line of FILE into VAR; fails (VAR empty) when
# the file cannot be read, e.g. a value that does not apply (ENODATA).
rd() {
	local -n rd_var=$1
	rd_var=
	IFS= read -r rd_var 2>/dev/null <"$2" || [ -n "$rd_var" ]
}

# nap SECONDS: sleep without starting a program; a read that times out
# on a FIFO nobody writes.
nap_fifo=$(mktemp -u)
mkfifo "$nap_fifo" && exec {nap_fd}<>"$nap_fifo"
rm -f "$nap_fifo"
nap() { read -r -t "$1" -u "$nap_fd" _; }

sim_load_module() {
	[ -d "$cfs" ] || insmod "${MSINFO_BUILD:?}/mmcsim.ko"
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

sim_cleanup() {
	local d
	for d in "${sim_drives[@]}"; do
		echo 0 >"$cfs/$d/power" 2>/dev/null
		rmdir "$cfs/$d" 2>/dev/null
	done
	sim_drives=()
}

# sysfs_values DISK: every value of the drive's multisession/ directory
# into the array S (S[media_state], S[sequential/next_writable], ...);
# files that do not apply (ENODATA) or are empty are left out.
declare -A S
# shellcheck disable=SC2034
sysfs_values() {
	local f v dir=/sys/block/$1/multisession/
	S=()
	for f in "$dir"* "$dir"*/*; do
		[ -f "$f" ] && rd v "$f" && [ -n "$v" ] && S[${f#"$dir"}]=$v
	done
}

# cdrskin_msinfo DEV: what "cdrskin -msinfo" answers, START,NEXT, or
# "refused" (an error, or no such line).
cdrskin_msinfo() {
	local out l last=
	if out=$(cdrskin dev="$1" -msinfo 2>/dev/null); then
		while IFS= read -r l; do
			[ -n "$l" ] && last=$l
		done <<<"$out"
		if [[ $last =~ ^[0-9]+,[0-9]+$ ]]; then
			echo "$last"
			return
		fi
	fi
	echo refused
}

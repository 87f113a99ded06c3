# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shell helpers all shell tests of cdrom_msinfo share, in the VM and on
# the host: TAP results, reads and sleeps that start no program,
# systemd-udevd, and what msinfo.1 promises.  Sourced by the tests (not
# run); sim_drive_lib.sh sources it for the tests of simulated drives.

ntest=0
nfail=0

pass() { ntest=$((ntest + 1)); echo "ok $ntest $1"; }
fail() {
	ntest=$((ntest + 1)); nfail=$((nfail + 1))
	echo "not ok $ntest $1"
	shift
	printf '#   %s\n' "$@"
}
skip() { ntest=$((ntest + 1)); echo "ok $ntest $1 # SKIP $2"; }

# result NAME PROBLEMS: passes when PROBLEMS is empty, else fails with
# its lines.
result() {
	local problems
	if [ -z "$2" ]; then
		pass "$1"
	else
		mapfile -t problems <<<"$2"
		fail "$1" "${problems[@]}"
	fi
}

# skip_all WHY: the whole test does not apply here (exit status 4).
skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}

# need FILE...: skip the whole test unless every file is there.
need() {
	local f
	for f in "$@"; do
		[ -e "$f" ] || skip_all "no $f"
	done
}

# tap_end [NOTE]: the closing line; fails when a test failed.
tap_end() {
	echo "# $nfail of $ntest failed${1:+, $1}"
	[ "$nfail" = 0 ]
}

# Under emulation every program started costs a good part of a second (it
# is read over 9p, then linked): what follows uses shell builtins.

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

udevd=/lib/systemd/systemd-udevd
udevd_pid=

# udevd_start ERRFILE: systemd-udevd as a daemon, its errors into ERRFILE;
# true (udevd_pid set) once it answers, within 10 s.
udevd_start() {
	local i
	# udevd and udevadm refuse to work in a chroot unless told otherwise
	export SYSTEMD_IGNORE_CHROOT=1
	"$udevd" --daemon 2>"$1"
	for ((i = 0; i < 100; i++)); do
		udevadm control --ping 2>/dev/null &&
			udevd_pid=$(pgrep -x systemd-udevd) && return 0
		nap 0.1
	done
	return 1
}

# udevd_stop: ask the udevd of udevd_start to exit, killed after 10 s.
udevd_stop() {
	local i
	[ -n "$udevd_pid" ] || return 0
	udevadm control --exit 2>/dev/null || kill "$udevd_pid" 2>/dev/null
	for ((i = 0; i < 100; i++)); do
		kill -0 "$udevd_pid" 2>/dev/null || break
		nap 0.1
	done
	kill -0 "$udevd_pid" 2>/dev/null && kill -9 "$udevd_pid"
	udevd_pid=
}

# The sysfs files Documentation/cdrom-msinfo-example.c prints, in its
# order.
EXAMPLE_ATTRS="media_state profile_number sessions tracks last_session msinfo"
for example_ty in sequential random_write pseudo_overwrite; do
	for example_f in supported in_use first_data_session prev_session_start \
		prev_session_last_written last_written next_writable \
		free_sectors total_sectors write_unit_size; do
		EXAMPLE_ATTRS="$EXAMPLE_ATTRS $example_ty/$example_f"
	done
done
EXAMPLE_ATTRS="$EXAMPLE_ATTRS diskseq generation error"
unset example_ty example_f

# shellcheck disable=SC2034
# msinfo_c_want STATE DIR: what msinfo.1 says "msinfo -C" does on a
# medium in STATE, DIR the drive's multisession/ directory: its exit
# status into want_rc, what it prints into want_out.
msinfo_c_want() {
	want_out=
	case $1 in
	none) want_rc=3 ;;
	blank) want_rc=4 ;;
	complete) want_rc=5 ;;
	unknown) want_rc=1 ;;
	*) if rd want_out "$2/msinfo"; then
		want_rc=0
	   else
		want_rc=4	# overwritable, holding no volume
	   fi ;;
	esac
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
# "refused" when it refuses the medium with its own message ("cdrskin:
# FATAL : -msinfo can only operate on appendable ... discs") and an error
# status.  Anything else (killed after 90 s, a crash, a busy drive, no
# answer) is "failed: ..." with its status and last line.
cdrskin_msinfo() {
	local out l last='' refusal='' rc
	out=$(timeout -k 5 90 cdrskin dev="$1" -msinfo 2>&1 </dev/null)
	rc=$?
	while IFS= read -r l; do
		[ -n "$l" ] && last=$l
		[[ $l == "cdrskin: FATAL : -msinfo "* ]] && refusal=$l
	done <<<"$out"
	if [ "$rc" = 0 ] && [[ $last =~ ^[0-9]+,[0-9]+$ ]]; then
		echo "$last"
	elif [ "$rc" -gt 0 ] && [ "$rc" -lt 124 ] && [ -n "$refusal" ]; then
		echo refused
	else
		echo "failed: exit $rc: $last"
	fi
}

# example_vs_sysfs EXAMPLE DISK: the ATTRIBUTE=VALUE lines that EXAMPLE,
# Documentation/cdrom-msinfo-example.c built, prints for /dev/DISK against
# the sysfs files; prints the differences.  Retried when a refresh (the
# generation) moves in between.
example_vs_sysfs() {
	local example=$1 disk=$2 out a l diffs
	local -A E
	for _ in 1 2 3; do
		out=$("$example" "/dev/$disk" 2>&1) || { echo "example: $out"; return; }
		sysfs_values "$disk"
		E=()
		while IFS= read -r l; do
			[[ $l == *=* ]] && E[${l%%=*}]=${l#*=}
		done <<<"$out"
		[ "${E[generation]:-}" = "${S[generation]:-}" ] && break
	done
	diffs=()
	for a in $EXAMPLE_ATTRS; do
		if [ -n "${S[$a]+set}" ]; then
			[ "${E[$a]-(none)}" = "${S[$a]}" ] ||
				diffs+=("$a: sysfs '${S[$a]}', example '${E[$a]-(none)}'")
		elif [ -n "${E[$a]:-}" ]; then
			# not applicable or empty in sysfs: printed empty or not at all
			diffs+=("$a: sysfs has none, example '${E[$a]}'")
		fi
	done
	[ "${#diffs[@]}" = 0 ] || printf '%s\n' "${diffs[@]}"
}

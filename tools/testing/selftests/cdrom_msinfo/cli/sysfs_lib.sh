# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A stand-in sysfs tree of the module for the CLI's host tests, sourced
# after they set $here (this directory).  Also: TAP output (test_lib.sh),
# $top of the tree, $MSINFO (the program under test) and $work, a scratch
# directory removed at exit.

# shellcheck source-path=SCRIPTDIR/.. source=../test_lib.sh
. "$here/../test_lib.sh"
top=$(cd "$here/../../../../.." && pwd)
MSINFO=${MSINFO:-$here/msinfo}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# drive ROOT NAME [VENDOR MODEL] <STATE: ROOT/block/NAME/multisession
# from "PATH VALUE" lines, and the device's vendor, model and rev if given.
drive() {
	local dir=$1/block/$2/multisession path val

	mkdir -p "$1/module/cdrom_msinfo" \
		"$dir/sequential" "$dir/random_write" "$dir/pseudo_overwrite"
	if [ $# -ge 4 ]; then
		mkdir -p "$1/block/$2/device"
		printf '%-8s\n' "$3" >"$1/block/$2/device/vendor"
		printf '%-16s\n' "$4" >"$1/block/$2/device/model"
		printf '1.0\n' >"$1/block/$2/device/rev"
	fi
	while read -r path val; do
		[ -n "$path" ] && printf '%s\n' "$val" >"$dir/$path"
	done
}

# The state the module publishes for a CD-R with two closed sessions.
cdr_state() {
	cat <<'EOF'
media_state appendable
profile cd-r
profile_number 0x0009
sessions 2
tracks 2
last_session complete
msinfo 22800,34700
type [sequential]
diskseq 7
generation 3
error
sequential/supported 1
sequential/in_use 1
sequential/first_data_session 0
sequential/prev_session_start 22800
sequential/prev_session_last_written 27799
sequential/next_writable 34700
sequential/free_sectors 325149
sequential/write_unit_size 1
random_write/supported 0
random_write/in_use 0
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF
}

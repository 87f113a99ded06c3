#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the msinfo command against fake sysfs trees (MSINFO_SYSFS),
# one per medium, with the values a drive of that kind reports.  Prints TAP.
#
# Usage: MSINFO=path/to/msinfo EXAMPLE=path/to/cdrom-msinfo-example cli_test.sh

set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs_lib.sh
. "$here/sysfs_lib.sh"
EXAMPLE=${EXAMPLE:-$here/cdrom-msinfo-example}

echo "TAP version 13"

# run ROOT ARGS...: run msinfo on a tree; sets $out, $err and $rc.
run() {
	local root=$1
	shift
	out=$(MSINFO_SYSFS=$root "$MSINFO" "$@" 2>"$work/stderr")
	rc=$?
	err=$(cat "$work/stderr")
}

# expect NAME RC EXPECTED_STDOUT: check the last run.
expect() {
	local name=$1 want_rc=$2 want=$3

	if [ "$rc" != "$want_rc" ]; then
		fail "$name" "exit status $rc, expected $want_rc" "stderr: $err"
	elif [ "$out" != "$want" ]; then
		fail "$name" "output differs:" \
			"$(diff <(printf '%s\n' "$want") <(printf '%s\n' "$out"))"
	else
		pass "$name"
	fi
}

# expect_err NAME PATTERN: stderr of the last run matches PATTERN.
expect_err() {
	if [[ "$err" == *"$2"* ]]; then
		pass "$1"
	else
		fail "$1" "stderr '$err' lacks '$2'"
	fi
}

# drive ROOT NAME: create block/NAME/multisession from "path value" lines
# on stdin ("path" alone: an empty file).  A file left out reads as a
# value that does not apply, as ENODATA does on the real tree.
# The state of each medium, as the module publishes it.

cdr=$work/cdr		# CD-R, two closed sessions, appendable
cdr_state | drive "$cdr" sr0

dvdr=$work/dvdr		# blank DVD+R: nothing to import yet
drive "$dvdr" sr0 <<'EOF'
media_state blank
profile dvd+r
profile_number 0x001b
sessions 0
tracks 1
last_session empty
type
diskseq 2
generation 1
error
sequential/supported 0
sequential/in_use 0
sequential/first_data_session 1
sequential/next_writable 0
sequential/free_sectors 2295104
sequential/write_unit_size 16
random_write/supported 0
random_write/in_use 0
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF

dvdrw=$work/dvdrw	# DVD+RW holding an ISO 9660 volume of 123450 blocks
drive "$dvdrw" sr0 <<'EOF'
media_state overwritable
profile dvd+rw
profile_number 0x001a
sessions 1
tracks 1
last_session complete
msinfo 0,123456
type [random_write]
diskseq 11
generation 4
error
sequential/supported 0
sequential/in_use 0
random_write/supported 1
random_write/in_use 1
random_write/last_written 123449
random_write/total_sectors 2295104
random_write/write_unit_size 16
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF

empty=$work/empty	# a drive with no medium
drive "$empty" sr0 <<'EOF'
media_state none
type
diskseq 9
generation 5
error
EOF

closed=$work/closed	# a finalized CD-R
drive "$closed" sr0 <<'EOF'
media_state complete
profile cd-r
profile_number 0x0009
sessions 1
tracks 1
last_session complete
type
diskseq 3
generation 2
error
sequential/supported 0
sequential/in_use 0
random_write/supported 0
random_write/in_use 0
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF

damaged=$work/damaged	# CD-R whose last session was not closed properly
drive "$damaged" sr0 <<'EOF'
media_state appendable
profile cd-r
profile_number 0x0009
sessions 2
tracks 2
last_session damaged
type
diskseq 5
generation 2
error
sequential/supported 0
sequential/in_use 0
sequential/prev_session_start 22800
sequential/free_sectors 0
random_write/supported 0
random_write/in_use 0
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF

unknown=$work/unknown	# the last refresh failed
drive "$unknown" sr0 <<'EOF'
media_state unknown
type
diskseq 4
generation 6
error bad_reply: READ TRACK INFORMATION length
EOF

absent=$work/absent	# sr0 exists, the module is not loaded
mkdir -p "$absent/block/sr0" "$absent/module/sr_mod"

# --- appendable CD-R ---

run "$cdr" -C sr0
expect "cd-r: -C prints START,NEXT" 0 "22800,34700"

run "$cdr" -C /dev/sr0
expect "cd-r: -C takes a device path" 0 "22800,34700"

run "$cdr" sr0
expect "cd-r: report" 0 "/dev/sr0
  medium:                           appendable
  profile:                          cd-r (0x0009)
  sessions:                         2 (last session complete)
  tracks:                           2
  msinfo:                           22800,34700
  type in use:                      sequential
  sequential:                       supported, in use
    first data session:             no
    previous session start:         22800
    previous session last written:  27799
    next writable:                  34700
    free sectors:                   325149
    write unit size:                1
  random_write:                     not supported
  pseudo_overwrite:                 not supported
  disk sequence:                    7
  generation:                       3"

run "$cdr" --json sr0
expect "cd-r: json" 0 '{
  "schema_version": 1,
  "drives": [
    {
      "device": "/dev/sr0",
      "media_state": "appendable",
      "profile": "cd-r",
      "profile_number": 9,
      "sessions": 2,
      "tracks": 2,
      "last_session": "complete",
      "msinfo": "22800,34700",
      "type_in_use": "sequential",
      "types_supported": ["sequential"],
      "sequential": {
        "supported": true,
        "in_use": true,
        "first_data_session": false,
        "prev_session_start": 22800,
        "prev_session_last_written": 27799,
        "next_writable": 34700,
        "free_sectors": 325149,
        "write_unit_size": 1
      },
      "random_write": {
        "supported": false,
        "in_use": false,
        "last_written": null,
        "total_sectors": null,
        "write_unit_size": null
      },
      "pseudo_overwrite": {
        "supported": false,
        "in_use": false,
        "last_written": null,
        "next_writable": null,
        "total_sectors": null,
        "write_unit_size": null
      },
      "diskseq": 7,
      "generation": 3,
      "error": null
    }
  ]
}'

run "$cdr" --udev sr0
expect "cd-r: udev properties" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=appendable
ID_CDROM_MSINFO_PROFILE=cd-r
ID_CDROM_MSINFO_SESSIONS=2
ID_CDROM_MSINFO_TRACKS=2
ID_CDROM_MSINFO_LAST_SESSION=complete
ID_CDROM_MSINFO_MSINFO=22800,34700
ID_CDROM_MSINFO_TYPE=sequential
ID_CDROM_MSINFO_TYPES=sequential
ID_CDROM_MSINFO_NEXT_WRITABLE_LBA=34700
ID_CDROM_MSINFO_FREE_SECTORS=325149
ID_CDROM_MSINFO_DISKSEQ=7
ID_CDROM_MSINFO_GENERATION=3"

# --- blank DVD+R ---

run "$dvdr" -C sr0
expect "dvd+r blank: -C exits 4, prints nothing" 4 ""
expect_err "dvd+r blank: -C says why" "blank"

run "$dvdr" --udev sr0
expect "dvd+r blank: udev properties" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=blank
ID_CDROM_MSINFO_PROFILE=dvd+r
ID_CDROM_MSINFO_SESSIONS=0
ID_CDROM_MSINFO_TRACKS=1
ID_CDROM_MSINFO_LAST_SESSION=empty
ID_CDROM_MSINFO_NEXT_WRITABLE_LBA=0
ID_CDROM_MSINFO_FREE_SECTORS=2295104
ID_CDROM_MSINFO_DISKSEQ=2
ID_CDROM_MSINFO_GENERATION=1"

run "$dvdr" dvdr-has-no-such-drive
expect "missing drive: exit 1" 1 ""
expect_err "missing drive: message" "no such drive"

run "$dvdr" sr0
expect "dvd+r blank: report" 0 "/dev/sr0
  medium:                           blank
  profile:                          dvd+r (0x001b)
  sessions:                         0 (last session empty)
  tracks:                           1
  type in use:                      none
  sequential:                       not supported
    first data session:             yes
    previous session start:         -
    previous session last written:  -
    next writable:                  0
    free sectors:                   2295104
    write unit size:                16
  random_write:                     not supported
  pseudo_overwrite:                 not supported
  disk sequence:                    2
  generation:                       1"

# --- DVD+RW with an ISO 9660 volume ---

run "$dvdrw" -C sr0
expect "dvd+rw: -C from the volume size" 0 "0,123456"

run "$dvdrw" --udev sr0
expect "dvd+rw: udev properties" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=overwritable
ID_CDROM_MSINFO_PROFILE=dvd+rw
ID_CDROM_MSINFO_SESSIONS=1
ID_CDROM_MSINFO_TRACKS=1
ID_CDROM_MSINFO_LAST_SESSION=complete
ID_CDROM_MSINFO_MSINFO=0,123456
ID_CDROM_MSINFO_TYPE=random_write
ID_CDROM_MSINFO_TYPES=random_write
ID_CDROM_MSINFO_LAST_WRITTEN_LBA=123449
ID_CDROM_MSINFO_DISKSEQ=11
ID_CDROM_MSINFO_GENERATION=4"

if command -v jq >/dev/null; then
	run "$dvdrw" --json sr0
	got=$(printf '%s' "$out" | jq -c '.drives[0] | [.media_state,
		.profile_number, .msinfo, .type_in_use, .types_supported,
		.random_write, .sequential.next_writable]' 2>&1)
	want='["overwritable",26,"0,123456","random_write",["random_write"],{"supported":true,"in_use":true,"last_written":123449,"total_sectors":2295104,"write_unit_size":16},null]'
	if [ "$rc" = 0 ] && [ "$got" = "$want" ]; then
		pass "dvd+rw: json"
	else
		fail "dvd+rw: json" "rc $rc, got $got"
	fi
else
	skip "dvd+rw: json" "jq not installed"
fi

# --- no medium ---

run "$empty" -C sr0
expect "no medium: -C exits 3" 3 ""
expect_err "no medium: -C says why" "no medium"

run "$empty" sr0
expect "no medium: report" 0 "/dev/sr0
  medium:                           none
  disk sequence:                    9
  generation:                       5"

run "$empty" --udev sr0
expect "no medium: udev properties" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=none
ID_CDROM_MSINFO_DISKSEQ=9
ID_CDROM_MSINFO_GENERATION=5"

run "$empty" --json sr0
want='{"schema_version":1,"drives":[{"device":"/dev/sr0","media_state":"none","profile":null,"profile_number":null,"sessions":null,"tracks":null,"last_session":null,"msinfo":null,"type_in_use":null,"types_supported":[],"sequential":{"supported":false,"in_use":false,"first_data_session":null,"prev_session_start":null,"prev_session_last_written":null,"next_writable":null,"free_sectors":null,"write_unit_size":null},"random_write":{"supported":false,"in_use":false,"last_written":null,"total_sectors":null,"write_unit_size":null},"pseudo_overwrite":{"supported":false,"in_use":false,"last_written":null,"next_writable":null,"total_sectors":null,"write_unit_size":null},"diskseq":9,"generation":5,"error":null}]}'
if ! command -v jq >/dev/null; then
	skip "no medium: json" "jq not installed"
elif [ "$rc" = 0 ] && [ "$(printf '%s' "$out" | jq -c .)" = "$want" ]; then
	pass "no medium: json"
else
	fail "no medium: json" "rc $rc" "$out"
fi

# --- closed medium, failed refresh ---

run "$closed" -C sr0
expect "closed cd-r: -C exits 5" 5 ""
expect_err "closed cd-r: -C says why" "closed"

run "$damaged" -C sr0
expect "damaged last session: -C exits 5" 5 ""
expect_err "damaged last session: -C says why" "damaged"

run "$unknown" -C sr0
expect "unknown state: -C exits 1" 1 ""
expect_err "unknown state: -C gives the reason" \
	"bad_reply: READ TRACK INFORMATION length"

run "$unknown" sr0
expect "unknown state: report" 0 "/dev/sr0
  medium:                           unknown
  disk sequence:                    4
  generation:                       6
  last refresh failed:              bad_reply: READ TRACK INFORMATION length"

run "$unknown" --udev sr0
expect "unknown state: udev properties" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=unknown
ID_CDROM_MSINFO_DISKSEQ=4
ID_CDROM_MSINFO_GENERATION=6
ID_CDROM_MSINFO_ERROR=bad_reply: READ TRACK INFORMATION length"

# --- module absent, drive not attached ---

run "$absent"
expect "module absent: exit 6" 6 ""
expect_err "module absent: says so" "the cdrom_msinfo module is not loaded"

run "$absent" -C sr0
expect "module absent: -C exits 6" 6 ""
expect_err "module absent: -C says so" "module is not loaded"

run "$absent" --udev sr0
expect "module absent: --udev prints nothing" 6 ""

mkdir -p "$cdr/block/sr1"
run "$cdr" sr1
expect "drive not attached: exit 6" 6 ""
expect_err "drive not attached: says so" "not a drive that cdrom_msinfo serves"

# --- several drives, in numeric order ---

multi=$work/multi
cp -r "$cdr" "$multi"
cp -r "$empty/block/sr0" "$multi/block/sr10"
cp -r "$dvdrw/block/sr0" "$multi/block/sr2"
run "$multi"
if [ "$rc" = 0 ] && [ "$(printf '%s\n' "$out" | grep '^/dev/')" = \
	"$(printf '/dev/sr0\n/dev/sr2\n/dev/sr10')" ] &&
	[ "$(printf '%s\n' "$out" | grep -c '^$')" = 2 ]; then
	pass "all drives: reports in order, sr1 without the module skipped"
else
	fail "all drives: reports in order" "rc $rc" "$out"
fi

if command -v jq >/dev/null; then
	run "$multi" --json
	got=$(printf '%s' "$out" | jq -c '[.drives[] | [.device, .media_state, .msinfo]]')
	if [ "$rc" = 0 ] && [ "$got" = '[["/dev/sr0","appendable","22800,34700"],["/dev/sr2","overwritable","0,123456"],["/dev/sr10","none",null]]' ]; then
		pass "all drives: json, in order"
	else
		fail "all drives: json, in order" "rc $rc, got $got"
	fi
	run "$multi" --json sr0 sr9 sr2
	got=$(printf '%s' "$out" | jq -c '[.drives[] | .device]')
	if [ "$rc" = 1 ] && [ "$got" = '["/dev/sr0","/dev/sr2"]' ]; then
		pass "json stays valid when one drive fails"
	else
		fail "json stays valid when one drive fails" "rc $rc, $got"
	fi
else
	skip "all drives: json, in order" "jq not installed"
	skip "json stays valid when one drive fails" "jq not installed"
fi

# --- JSON: one document, whatever the number of drives ---

# json_shape NAME RC DEVICES ROOT ARGS...: msinfo --json ARGS on ROOT
# exits RC and prints one document, schema version 1, with exactly these
# keys and the drives DEVICES (JSON).
json_shape() {
	local name=$1 want_rc=$2 devs=$3 got
	shift 3
	run "$@"
	got=$(printf '%s' "$out" | jq -c '[.schema_version, keys,
		[.drives[] | .device]]' 2>&1)
	if [ "$rc" = "$want_rc" ] &&
		[ "$got" = "[1,[\"drives\",\"schema_version\"],$devs]" ]; then
		pass "$name"
	else
		fail "$name" "rc $rc (want $want_rc), got $got" "$out"
	fi
}

nodrive=$work/nodrive	# the module loaded, no drive served
mkdir -p "$nodrive/module/cdrom_msinfo" "$nodrive/block"

if command -v jq >/dev/null; then
	json_shape "json, one DEVICE: a document with one drive" 0 \
		'["/dev/sr2"]' "$multi" --json sr2
	json_shape "json, two DEVICEs: a document with two drives" 0 \
		'["/dev/sr2","/dev/sr0"]' "$multi" --json sr2 sr0
	json_shape "json, no DEVICE: a document with every drive" 0 \
		'["/dev/sr0","/dev/sr2","/dev/sr10"]' "$multi" --json
	json_shape "json, no drive served: a document without drives" 1 \
		'[]' "$nodrive" --json
	json_shape "json, module not loaded: a document without drives" 6 \
		'[]' "$absent" --json
	json_shape "json, one DEVICE that fails: a document without drives" 1 \
		'[]' "$multi" --json sr9
else
	skip "json documents" "jq not installed"
fi

# --- values the tool must refuse ---

bad=$work/bad
cp -r "$cdr" "$bad"
echo 12x >"$bad/block/sr0/multisession/sessions"
run "$bad" sr0
expect "malformed number: exit 1" 1 ""
expect_err "malformed number: names the file" \
	"multisession/sessions: malformed value '12x'"

cp "$cdr/block/sr0/multisession/sessions" "$bad/block/sr0/multisession/"
echo "22800;34700" >"$bad/block/sr0/multisession/msinfo"
run "$bad" -C sr0
expect "malformed msinfo: exit 1" 1 ""
expect_err "malformed msinfo: names the file" "multisession/msinfo"

echo "22800,34700" >"$bad/block/sr0/multisession/msinfo"
echo sideways >"$bad/block/sr0/multisession/media_state"
run "$bad" sr0
expect "unknown media_state: exit 1" 1 ""
expect_err "unknown media_state: names the file" \
	"multisession/media_state: malformed value 'sideways'"

rm "$bad/block/sr0/multisession/media_state"
run "$bad" sr0
expect "missing media_state: exit 1" 1 ""
expect_err "missing media_state: says so" "media_state is missing"

# --- command line ---

run "$cdr" -C
expect "-C without a device: usage error" 2 ""
run "$cdr" -C --json sr0
expect "-C with --json: usage error" 2 ""
run "$cdr" --type bogus sr0
expect "unknown type name: usage error" 2 ""
run "$cdr" --timeout -1 --wait sr0
expect "negative timeout: usage error" 2 ""
run "$cdr" --bogus sr0
expect "unknown option: usage error" 2 ""
if [ "$err" = "msinfo: unknown option --bogus; see msinfo --help" ]; then
	pass "unknown option: one line, pointing to --help"
else
	fail "unknown option: one line, pointing to --help" "stderr: $err"
fi
run "$cdr" -x sr0
expect "unknown short option: usage error" 2 ""
expect_err "unknown short option: named" "unknown option -x; see msinfo --help"
run "$cdr" sr0 --timeout
expect "option without its argument: usage error" 2 ""
expect_err "option without its argument: named" "--timeout needs an argument"

# --- --watch: a line for each publication, until interrupted ---

watched=$work/watched
cp -r "$cdr" "$watched"
MSINFO_SYSFS=$watched "$MSINFO" --watch sr0 >"$work/watch.out" 2>&1 &
wpid=$!
sleep 0.5
ms=$watched/block/sr0/multisession
printf 'none\n' >"$ms/media_state"
rm "$ms/msinfo"
printf '8\n' >"$ms/diskseq"
printf '4\n' >"$ms/generation"
sleep 0.5
kill "$wpid"
wait "$wpid" 2>/dev/null
want="/dev/sr0 generation 3 diskseq 7 appendable msinfo 22800,34700
/dev/sr0 generation 4 diskseq 8 none"
if [ "$(cat "$work/watch.out")" = "$want" ]; then
	pass "--watch: the state, then a line for the next publication"
else
	fail "--watch: the state, then a line for the next publication" \
		"$(cat "$work/watch.out")"
fi
MSINFO_SYSFS=$watched "$MSINFO" --watch --json sr0 >"$work/watch.out" 2>&1 &
wpid=$!
sleep 0.5
kill "$wpid"
wait "$wpid" 2>/dev/null
if [ "$(wc -l <"$work/watch.out")" = 1 ] &&
	grep -q '^{"schema_version": 1, "drives": \[{"device": "/dev/sr0", "media_state": "none", .*"generation": 4, "error": null}\]}$' \
		"$work/watch.out"; then
	pass "--watch --json: one document a line"
else
	fail "--watch --json: one document a line" "$(cat "$work/watch.out")"
fi

# lines FILE N: true once FILE has N lines or more, within 10 s.
lines() {
	local i
	for ((i = 0; i < 1000; i++)); do
		[ "$(wc -l <"$1")" -ge "$2" ] && return 0
		sleep 0.01
	done
	return 1
}

# Two drives: a document for each drive's state, then one for the drive
# that published; each the document --json prints, on one line.
cp -r "$multi" "$work/watch2"
MSINFO_SYSFS=$work/watch2 "$MSINFO" --watch --json sr2 sr0 \
	>"$work/watch.out" 2>&1 &
wpid=$!
lines "$work/watch.out" 2
# in place, one write() each, as sysfs changes them (msinfo keeps
# generation open)
printf '12\n' 1<>"$work/watch2/block/sr2/multisession/diskseq"
printf '5\n' 1<>"$work/watch2/block/sr2/multisession/generation"
lines "$work/watch.out" 3
kill "$wpid"
wait "$wpid" 2>/dev/null
if ! command -v jq >/dev/null; then
	skip "--watch --json, two drives: a document a line" "jq not installed"
else
	got=$(jq -c '[.schema_version, keys, [.drives[] |
		[.device, .diskseq, .generation]]]' <"$work/watch.out" 2>&1)
	want='[1,["drives","schema_version"],[["/dev/sr2",11,4]]]
[1,["drives","schema_version"],[["/dev/sr0",7,3]]]
[1,["drives","schema_version"],[["/dev/sr2",12,5]]]'
	if [ "$(wc -l <"$work/watch.out")" = 3 ] && [ "$got" = "$want" ]; then
		pass "--watch --json, two drives: a document a line"
	else
		fail "--watch --json, two drives: a document a line" \
			"$(cat "$work/watch.out")"
	fi
fi
run "$cdr" --watch -C sr0
expect "--watch with -C: usage error" 2 ""

# --- --version: msinfo's, and the module's when loaded ---

printf '%s\n' 9.8.7 >"$cdr/module/cdrom_msinfo/version"
run "$cdr" --version
expect "--version: msinfo's and the module's" 0 "msinfo ${VERSION:?}
cdrom_msinfo module 9.8.7"
rm "$cdr/module/cdrom_msinfo/version"
run "$absent" -V
expect "--version: module not loaded" 0 "msinfo $VERSION
cdrom_msinfo module not loaded"

# --- write errors are errors ---

if [ -w /dev/full ]; then
	MSINFO_SYSFS=$cdr "$MSINFO" -C sr0 >/dev/full 2>"$work/stderr"
	rc=$?
	err=$(cat "$work/stderr")
	if [ "$rc" = 1 ] && [[ $err == *"write error: No space left on device"* ]]; then
		pass "-C >/dev/full: exit 1, says so"
	else
		fail "-C >/dev/full: exit 1, says so" "rc $rc, stderr: $err"
	fi
	MSINFO_SYSFS=$cdr "$MSINFO" --json sr0 >/dev/full 2>/dev/null
	rc=$?
	if [ "$rc" = 1 ]; then
		pass "--json >/dev/full: exit 1"
	else
		fail "--json >/dev/full: exit 1" "rc $rc"
	fi
else
	skip "write errors" "no /dev/full"
fi

# --- the path the user gave, in messages; files are not drives ---

run "$cdr" /etc/passwd
expect "a regular file: exit 1" 1 ""
if [ "$err" = "msinfo: /etc/passwd: not a block device" ]; then
	pass "a regular file: named as given, not a drive"
else
	fail "a regular file: named as given, not a drive" "stderr: $err"
fi
touch "$work/sr0"
run "$cdr" "$work/sr0"
expect "a regular file named sr0 is not drive sr0" 1 ""
expect_err "a regular file named sr0: says so" "$work/sr0: not a block device"
run "$cdr" "$work/no-such-file"
expect "a missing path: exit 1" 1 ""
expect_err "a missing path: named as given" "$work/no-such-file: No such file or directory"
run "$cdr" /dev/sr9
expect "/dev/srN without a node: looked up by name" 1 ""
expect_err "/dev/srN without a node: named as given" "msinfo: /dev/sr9: no such drive"
mkdir -p "$cdr/block/vda/device"
run "$cdr" vda
expect "a disk that is no optical drive: exit 1" 1 ""
expect_err "a disk that is no optical drive: says so" "/dev/vda: not an optical drive"
mkdir -p "$cdr/block/sda/device"
echo 0 >"$cdr/block/sda/device/type"
run "$cdr" sda
expect_err "a SCSI disk is no optical drive" "/dev/sda: not an optical drive"
echo 5 >"$cdr/block/sda/device/type"
run "$cdr" sda
expect_err "a SCSI CD-ROM sr does not serve: not served" "not a drive that cdrom_msinfo serves"
rm -r "$cdr/block/vda" "$cdr/block/sda"

# --- choosing a type, refreshing: what is written to sysfs ---

ms=$cdr/block/sr0/multisession
run "$cdr" --type random_write -C sr0
if [ "$rc" = 0 ] && [ "$(cat "$ms/type")" = "random_write" ]; then
	pass "--type writes the type name"
else
	fail "--type writes the type name" "rc $rc, type '$(cat "$ms/type")'"
fi
run "$cdr" --type auto -C sr0
if [ "$rc" = 0 ] && [ "$(cat "$ms/type")" = "auto" ]; then
	pass "--type auto writes auto"
else
	fail "--type auto writes auto" "rc $rc, type '$(cat "$ms/type")'"
fi
: >"$ms/refresh"
run "$cdr" --refresh -C sr0
if [ "$rc" = 0 ] && [ "$(cat "$ms/refresh" 2>&1)" = "1" ] &&
	[ "$out" = "22800,34700" ]; then
	pass "--refresh writes refresh, then reads"
else
	fail "--refresh writes refresh, then reads" "rc $rc"
fi
mkdir "$ms/refresh.d" && rm -f "$ms/refresh" && mv "$ms/refresh.d" "$ms/refresh"
run "$cdr" --refresh sr0
expect "--refresh failure: exit 1, no report" 1 ""
expect_err "--refresh failure: says so" "refresh failed"
rmdir "$ms/refresh"

# --- right after a media change: EAGAIN until the module has read it ---

# start ROOT ARGS...: run msinfo on a tree in the background; finish waits
# for it (10 s, then kills it) and sets $out, $err and $rc, as run does,
# and $elapsed, the milliseconds from start to its end.
start() {
	local root=$1
	shift
	t0=$(date +%s%N)
	MSINFO_SYSFS=$root "$MSINFO" "$@" >"$work/stdout" 2>"$work/stderr" &
	pid=$!
}

# running: msinfo (of start) has not ended (reaped, or a zombie).
running() {
	local stat
	read -r stat 2>/dev/null <"/proc/$pid/stat" && [[ $stat != *") Z "* ]]
}

# ended: true once msinfo has ended, within 10 s.
ended() {
	local i
	for ((i = 0; i < 1000; i++)); do
		running || return 0
		sleep 0.01
	done
	return 1
}

finish() {
	ended || kill "$pid"
	wait "$pid"
	rc=$?
	elapsed=$((($(date +%s%N) - t0) / 1000000))
	out=$(cat "$work/stdout")
	err=$(cat "$work/stderr")
}

# waiting FILE: true once msinfo (started by start) waits for FILE to
# change: it holds FILE open then, while it polls it (seen twice, not a
# read in passing); false if it ends first (10 s at most).  A change made
# after this is one msinfo had to wait for, however late this shell gets
# the CPU: the order is known, not guessed from a delay.
waiting() {
	local fd held seen=0 i
	for ((i = 0; i < 1000; i++)); do
		running || return 1
		held=0
		for fd in /proc/"$pid"/fd/*; do
			[ "$fd" -ef "$1" ] && held=1
		done
		seen=$((held ? seen + 1 : 0))
		[ "$seen" -ge 2 ] && return 0
		sleep 0.01
	done
	return 1
}

# stale TREE: make sessions answer EAGAIN (a FIFO that this shell holds
# open, and writes nothing to) until publish TREE GENERATION.
stale() {
	local sms=$1/block/sr0/multisession

	rm -f "$sms/sessions"
	mkfifo "$sms/sessions"
	exec {fifo}<>"$sms/sessions"
}

publish() {
	local sms=$1/block/sr0/multisession

	rm "$sms/sessions"
	exec {fifo}>&-
	echo 1 >"$sms/sessions"
	printf '%s\n' "$2" 1<>"$sms/generation"
}

# The lower bounds below hold whenever msinfo waits for the change: the
# clock starts before msinfo, the change comes 300 ms after it is seen
# waiting.
st=$work/stale
cp -r "$dvdrw" "$st"
stale "$st"
start "$st" -C sr0
waited=no
waiting "$st/block/sr0/multisession/generation" && waited=yes && sleep 0.3
publish "$st" 5
finish
if [ "$rc" = 0 ] && [ "$out" = "0,123456" ] && [ "$waited" = yes ] &&
	[ "$elapsed" -ge 250 ]; then
	pass "EAGAIN: waits for the module to publish, then reads"
else
	fail "EAGAIN: waits for the module to publish, then reads" \
		"rc $rc, ${elapsed} ms, '$out', waited: $waited" "$err"
fi

# Published only after msinfo ended (by its --timeout, or never).
printf '4\n' 1<>"$st/block/sr0/multisession/generation"
stale "$st"
start "$st" --timeout 200 --udev sr0
ended
publish "$st" 5
finish
expect "EAGAIN: bounded by --timeout, exit 7" 7 ""

# --- waiting for a change ---

# Files are rewritten in place as sysfs does (msinfo keeps generation
# open), with one write() each, so that a value of the same length never
# reads half-written.
start "$cdr" --wait --timeout 5000 -C sr0
waited=no
waiting "$ms/generation" && waited=yes && sleep 0.3
printf '4\n' 1<>"$ms/generation"
finish
if [ "$rc" = 0 ] && [ "$out" = "22800,34700" ] && [ "$waited" = yes ] &&
	[ "$elapsed" -ge 250 ]; then
	pass "--wait returns after the generation moves"
else
	fail "--wait returns after the generation moves" \
		"rc $rc, ${elapsed} ms, waited: $waited" "$err"
fi

run "$cdr" --wait --timeout 200 sr0
expect "--wait times out: exit 7" 7 ""

run "$cdr" --udev --diskseq 7 --timeout 0 sr0
if [ "$rc" = 0 ] && [[ "$out" == *"ID_CDROM_MSINFO_DISKSEQ=7"* ]]; then
	pass "--diskseq already reached: immediate"
else
	fail "--diskseq already reached: immediate" "rc $rc" "$err"
fi

# The medium is ejected while msinfo waits: the values go; diskseq moves
# last, so that the waiter wakes to a complete state.
start "$cdr" --udev --diskseq 8 --timeout 5000 sr0
waited=no
waiting "$ms/generation" && waited=yes && sleep 0.3
printf '5\n' 1<>"$ms/generation"
rm -f "$ms"/sessions "$ms"/tracks "$ms"/last_session "$ms"/msinfo \
	"$ms"/profile "$ms"/profile_number "$ms"/*/*
echo none >"$ms/media_state"
printf '8\n' 1<>"$ms/diskseq"
finish
if [ "$waited" = yes ]; then
	expect "--diskseq waits for the new medium's state" 0 "ID_CDROM_MSINFO=1
ID_CDROM_MSINFO_STATE=none
ID_CDROM_MSINFO_DISKSEQ=8
ID_CDROM_MSINFO_GENERATION=5"
else
	fail "--diskseq waits for the new medium's state" \
		"msinfo ended before it waited: rc $rc, '$out'" "$err"
fi

run "$cdr" --udev --diskseq 9 --timeout 200 sr0
expect "--diskseq times out: exit 7, no stale properties" 7 ""

# --- the documentation's ioctl example ---

if [ -e /dev/cdrom_msinfo ]; then
	skip "example: clear error without the module" "module loaded"
else
	out=$("$EXAMPLE" /dev/null 2>"$work/stderr")
	rc=$?
	err=$(cat "$work/stderr")
	expect "example: exit 1 without the module" 1 ""
	expect_err "example: says the module is not loaded" \
		"the cdrom_msinfo module is not loaded"
fi

echo "1..$ntest"
[ "$nfail" = 0 ]

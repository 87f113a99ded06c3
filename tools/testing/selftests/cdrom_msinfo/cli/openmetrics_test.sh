#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of msinfo --openmetrics against fake sysfs trees
# (MSINFO_SYSFS): the metrics of two drives, exactly; promtool's lint when
# Prometheus is installed; the file written whole and replaced; --wait
# rewriting it when a drive's state is published or a drive goes; and the
# alerting rules of tools/prometheus checked and unit-tested by promtool.
# Prints TAP.
#
# Usage: MSINFO=path/to/msinfo openmetrics_test.sh

set -u

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=sysfs_lib.sh
. "$here/sysfs_lib.sh"
# promtool: Debian's, installed or unpacked by tools/testing/vm/setup
PATH=$PATH:${MSINFO_CACHE:-$top/.cache}/promtool/usr/bin
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
echo "TAP version 13"

# drive ROOT NAME VENDOR MODEL: block/NAME/multisession from "path value"
# lines on stdin, and the SCSI device's vendor, model and revision.
root=$work/sys
cdr_state | drive "$root" sr0 MMCSIM 'Drive "A"'
drive "$root" sr1 QEMU 'QEMU DVD-ROM' <<'EOF'
media_state complete
profile dvd-rom
profile_number 0x0010
sessions 1
tracks 1
last_session complete
msinfo 0,0
type
diskseq 4
generation 9
error bad_reply: READ TRACK INFORMATION length
sequential/supported 0
sequential/in_use 0
random_write/supported 0
random_write/in_use 0
pseudo_overwrite/supported 0
pseudo_overwrite/in_use 0
EOF

want='# HELP cdrom_msinfo_drive_info Drive served by cdrom_msinfo: SCSI vendor, model, revision.
# TYPE cdrom_msinfo_drive_info gauge
cdrom_msinfo_drive_info{drive="sr0",vendor="MMCSIM",model="Drive \"A\"",revision="1.0"} 1
cdrom_msinfo_drive_info{drive="sr1",vendor="QEMU",model="QEMU DVD-ROM",revision="1.0"} 1
# HELP cdrom_msinfo_media_info Medium in the drive: its MMC profile and media state.
# TYPE cdrom_msinfo_media_info gauge
cdrom_msinfo_media_info{drive="sr0",profile="cd-r",state="appendable"} 1
cdrom_msinfo_media_info{drive="sr1",profile="dvd-rom",state="complete"} 1
# HELP cdrom_msinfo_media_state 1 for the media state of the drive, 0 for the others.
# TYPE cdrom_msinfo_media_state gauge
cdrom_msinfo_media_state{drive="sr0",state="none"} 0
cdrom_msinfo_media_state{drive="sr0",state="blank"} 0
cdrom_msinfo_media_state{drive="sr0",state="appendable"} 1
cdrom_msinfo_media_state{drive="sr0",state="complete"} 0
cdrom_msinfo_media_state{drive="sr0",state="overwritable"} 0
cdrom_msinfo_media_state{drive="sr0",state="unknown"} 0
cdrom_msinfo_media_state{drive="sr1",state="none"} 0
cdrom_msinfo_media_state{drive="sr1",state="blank"} 0
cdrom_msinfo_media_state{drive="sr1",state="appendable"} 0
cdrom_msinfo_media_state{drive="sr1",state="complete"} 1
cdrom_msinfo_media_state{drive="sr1",state="overwritable"} 0
cdrom_msinfo_media_state{drive="sr1",state="unknown"} 0
# HELP cdrom_msinfo_sessions Sessions on the medium, an empty or open last one included.
# TYPE cdrom_msinfo_sessions gauge
cdrom_msinfo_sessions{drive="sr0"} 2
cdrom_msinfo_sessions{drive="sr1"} 1
# HELP cdrom_msinfo_tracks Tracks on the medium.
# TYPE cdrom_msinfo_tracks gauge
cdrom_msinfo_tracks{drive="sr0"} 2
cdrom_msinfo_tracks{drive="sr1"} 1
# HELP cdrom_msinfo_free_sectors Writable 2048-byte blocks left on the medium.
# TYPE cdrom_msinfo_free_sectors gauge
cdrom_msinfo_free_sectors{drive="sr0"} 325149
# HELP cdrom_msinfo_free_bytes Writable bytes left on the medium (free sectors times 2048).
# TYPE cdrom_msinfo_free_bytes gauge
cdrom_msinfo_free_bytes{drive="sr0"} 665905152
# HELP cdrom_msinfo_next_writable_sector Next writable address (LBA, 2048-byte blocks).
# TYPE cdrom_msinfo_next_writable_sector gauge
cdrom_msinfo_next_writable_sector{drive="sr0"} 34700
# HELP cdrom_msinfo_last_refresh_failed 1 when the last reading of the medium failed.
# TYPE cdrom_msinfo_last_refresh_failed gauge
cdrom_msinfo_last_refresh_failed{drive="sr0"} 0
cdrom_msinfo_last_refresh_failed{drive="sr1"} 1
# HELP cdrom_msinfo_last_refresh_error_info Why the last reading failed, as the module names it.
# TYPE cdrom_msinfo_last_refresh_error_info gauge
cdrom_msinfo_last_refresh_error_info{drive="sr1",reason="bad_reply"} 1
# HELP cdrom_msinfo_refreshes_total States published since the module attached (generation).
# TYPE cdrom_msinfo_refreshes_total counter
cdrom_msinfo_refreshes_total{drive="sr0"} 3
cdrom_msinfo_refreshes_total{drive="sr1"} 9
# HELP cdrom_msinfo_disk_sequence Disk sequence number of the medium the state was read from.
# TYPE cdrom_msinfo_disk_sequence gauge
cdrom_msinfo_disk_sequence{drive="sr0"} 7
cdrom_msinfo_disk_sequence{drive="sr1"} 4'

out=$(MSINFO_SYSFS=$root "$MSINFO" --openmetrics 2>"$work/err")
rc=$?
if [ "$rc" = 0 ] && [ "$out" = "$want" ]; then
	pass "--openmetrics: two drives, every family, labels escaped"
else
	fail "--openmetrics: two drives, every family, labels escaped" "exit $rc" \
		"$(cat "$work/err")" "$(diff <(echo "$want") <(echo "$out"))"
fi

if command -v promtool >/dev/null; then
	if lint=$(printf '%s\n' "$out" | promtool check metrics 2>&1); then
		pass "promtool check metrics: no problem"
	else
		fail "promtool check metrics: no problem" "$lint"
	fi
else
	skip "promtool check metrics" "no promtool (tools/testing/vm/setup unpacks it)"
fi

# The file: whole, readable by node_exporter, nothing else left there.
tf=$work/textfile
mkdir -p "$tf"
MSINFO_SYSFS=$root "$MSINFO" --openmetrics="$tf/cdrom-msinfo.prom" 2>"$work/err"
rc=$?
if [ "$rc" = 0 ] && [ "$(cat "$tf/cdrom-msinfo.prom")" = "$want" ] &&
	[ "$(stat -c %a "$tf/cdrom-msinfo.prom")" = 644 ] &&
	[ "$(ls -A "$tf")" = cdrom-msinfo.prom ]; then
	pass "--openmetrics=FILE: the metrics, mode 0644, no other file"
else
	fail "--openmetrics=FILE: the metrics, mode 0644, no other file" "exit $rc" \
		"$(cat "$work/err")" "$(ls -lA "$tf")"
fi

# file_has PATTERN: within 3 s the file has a line matching PATTERN.
file_has() {
	local i
	for ((i = 0; i < 30; i++)); do
		grep -qx -- "$1" "$tf/cdrom-msinfo.prom" 2>/dev/null && return 0
		nap 0.1
	done
	return 1
}

# --wait: what the systemd unit runs.  A fake tree sends no sysfs
# notification: the watcher's scan sees the new generation.
MSINFO_SYSFS=$root "$MSINFO" --openmetrics="$tf/cdrom-msinfo.prom" --wait 2>"$work/werr" &
pid=$!
ms=$root/block/sr0/multisession
printf '36000\n' >"$ms/sequential/next_writable"
printf '324000\n' >"$ms/sequential/free_sectors"
printf '4\n' >"$ms/generation"
if file_has 'cdrom_msinfo_next_writable_sector{drive="sr0"} 36000' &&
	file_has 'cdrom_msinfo_refreshes_total{drive="sr0"} 4'; then
	pass "--wait: a new generation rewrites the file"
else
	fail "--wait: a new generation rewrites the file" "$(grep sr0 "$tf/cdrom-msinfo.prom")" \
		"$(cat "$work/werr")"
fi
mv "$root/block/sr1" "$work/sr1-gone"
if file_has 'cdrom_msinfo_drive_info{drive="sr0".*' &&
	for ((i = 0; i < 30; i++)); do
		grep -q 'drive="sr1"' "$tf/cdrom-msinfo.prom" || break
		nap 0.1
	done && ! grep -q 'drive="sr1"' "$tf/cdrom-msinfo.prom"; then
	pass "--wait: a drive removed leaves the file"
else
	fail "--wait: a drive removed leaves the file" "$(grep -c sr1 "$tf/cdrom-msinfo.prom")"
fi
kill "$pid"
wait "$pid" 2>/dev/null
pid=
leftover=$(ls -A "$tf")
[ "$leftover" = cdrom-msinfo.prom ] && pass "--wait: no temporary file left" ||
	fail "--wait: no temporary file left" "$leftover"

# No drive: an empty file, not the last metrics.
rm -rf "$root/block/sr0"
MSINFO_SYSFS=$root "$MSINFO" --openmetrics="$tf/cdrom-msinfo.prom" 2>/dev/null
if [ ! -s "$tf/cdrom-msinfo.prom" ]; then
	pass "--openmetrics=FILE without drives: an empty file"
else
	fail "--openmetrics=FILE without drives: an empty file" "$(head -n 3 "$tf/cdrom-msinfo.prom")"
fi

# The alerting rules shipped: valid, and firing as their tests say.
rules=$top/tools/prometheus/cdrom-msinfo-alerts.yml
if command -v promtool >/dev/null; then
	if o=$(promtool check rules "$rules" 2>&1); then
		pass "promtool check rules ${rules#"$top"/}"
	else
		fail "promtool check rules ${rules#"$top"/}" "$o"
	fi
	if o=$(cd "$top/tools/prometheus" && promtool test rules cdrom-msinfo-alerts-test.yml 2>&1); then
		pass "promtool test rules: the alerts fire when they should, only then"
	else
		fail "promtool test rules: the alerts fire when they should, only then" "$o"
	fi
else
	skip "promtool check rules" "no promtool (tools/testing/vm/setup unpacks it)"
	skip "promtool test rules" "no promtool (tools/testing/vm/setup unpacks it)"
fi

echo "1..$ntest"
[ "$nfail" = 0 ]

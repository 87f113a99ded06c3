#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prometheus metrics through Debian's real node_exporter: msinfo runs as
# the systemd unit cdrom-msinfo-metrics.service says (its ExecStart, with
# the test's msinfo and a scratch textfile directory), node_exporter's
# textfile collector reads that directory, and its /metrics shows each
# simulated drive's free sectors, next writable address, media state,
# refresh failure and generation as the module publishes them, and the new
# values within 2 s of the module publishing them: after a media swap and
# after a burn (xorriso) is noticed.  Prints TAP.

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"
exporter=/usr/bin/prometheus-node-exporter
unit=$MSINFO_TOP/tools/prometheus/cdrom-msinfo-metrics.service
port=9163

sim_begin curl xorriso
need "$exporter" "$unit"
echo "1..6"
pids=()
# shellcheck disable=SC2064
trap 'kill "${pids[@]}" 2>/dev/null; wait; sim_cleanup; rm -rf "$t"' EXIT

bail() {
	fail "$1" "${@:2}"
	tap_end "${SECONDS}s"
	exit 1
}

# The unit's command, pointed at the test's msinfo and directory.
tf=$t/textfile
mkdir -p "$tf"
cmd=$(sed -n 's/^ExecStart=//p' "$unit")
cmd=${cmd//\/var\/lib\/prometheus\/node-exporter/$tf}
cmd=${cmd/\/usr\/bin\/msinfo/$MSINFO}
[[ $cmd == "$MSINFO --openmetrics=$tf/cdrom-msinfo.prom --wait" ]] ||
	bail "the unit runs msinfo --openmetrics=DIR/cdrom-msinfo.prom --wait" "ExecStart: $cmd"

sim_new a cd-r.appendable-1 && sim_new b dvd+r.blank && sim_power a b &&
	da=$(sim_disk a) && db=$(sim_disk b) && sim_fresh "$da" && sim_fresh "$db" ||
	bail "two simulated drives" "did not come up"

ip link set lo up 2>/dev/null
$cmd 2>"$t/msinfo.err" &
pids+=($!)
"$exporter" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
	--collector.textfile --collector.textfile.directory="$tf" 2>"$t/exporter.err" &
pids+=($!)

# scrape: node_exporter's /metrics, the project's series only, each value
# as an integer (node_exporter prints 2295104 as 2.295104e+06; its labels
# come sorted by name, as the project's single-label series have them).
scrape() {
	curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" | awk '
		/^cdrom_msinfo_/ {
			n = match($0, / [^ ]+$/)
			printf "%s %.0f\n", substr($0, 1, n - 1), substr($0, n + 1)
		}'
}

# want DISK: the series /metrics should show for the disk's state now,
# from the module's sysfs values.
want() {
	local ms=/sys/block/$1/multisession state gen err free nwa
	rd state "$ms/media_state"
	rd gen "$ms/generation"
	rd err "$ms/error"
	echo "cdrom_msinfo_media_state{drive=\"$1\",state=\"$state\"} 1"
	echo "cdrom_msinfo_refreshes_total{drive=\"$1\"} $gen"
	echo "cdrom_msinfo_last_refresh_failed{drive=\"$1\"} $([ -n "$err" ] && echo 1 || echo 0)"
	rd free "$ms/sequential/free_sectors" &&
		echo "cdrom_msinfo_free_sectors{drive=\"$1\"} $free"
	rd nwa "$ms/sequential/next_writable" &&
		echo "cdrom_msinfo_next_writable_sector{drive=\"$1\"} $nwa"
}

# shows DISK TENTHS: within TENTHS tenths of a second, /metrics has every
# series want DISK gives; $missing has what it lacked at the last try.
shows() {
	local i rc
	for ((i = 0; i <= $2; i++)); do
		scrape >"$t/scrape"
		missing=$(want "$1" | grep -vxF -f "$t/scrape")
		rc=$?
		[ "$rc" = 1 ] && return 0
		[ "$rc" = 0 ] || missing="grep failed ($rc)"
		nap 0.1
	done
	return 1
}

# 1: both drives, as the module has them.
if shows "$da" 100 && shows "$db" 10; then
	pass "/metrics: free sectors, next writable, state, failure, generation of $da and $db"
else
	bail "/metrics: free sectors, next writable, state, failure, generation of $da and $db" \
		"missing: $missing" "$(scrape | head -n 30)" "$(cat "$t/msinfo.err" "$t/exporter.err" | tail -n 5)"
fi

# 2: labels by Prometheus's conventions, from the drive and medium.
scrape >"$t/scrape"
rd model "/sys/block/$da/device/model"
model=${model%"${model##*[! ]}"}
rd vendor "/sys/block/$da/device/vendor"
vendor=${vendor%"${vendor##*[! ]}"}
rd free "/sys/block/$da/multisession/sequential/free_sectors"
info=$(grep "^cdrom_msinfo_drive_info{.*drive=\"$da\"" "$t/scrape")
media=$(grep "^cdrom_msinfo_media_info{.*drive=\"$da\"" "$t/scrape")
if [[ $info == *"model=\"$model\""* && $info == *"vendor=\"$vendor\""* &&
	$info == *"} 1" && $media == *"profile=\"cd-r\""* &&
	$media == *"state=\"appendable\""* && $media == *"} 1" ]] &&
	grep -qx "cdrom_msinfo_free_bytes{drive=\"$da\"} $((free * 2048))" "$t/scrape"; then
	pass "labels: drive, vendor \"$vendor\", model \"$model\", profile, state; free bytes"
else
	fail "labels: drive, vendor, model, profile, state; free bytes" "$info" "$media" \
		"$(grep bytes "$t/scrape")"
fi

# published MS_VAR DISK GEN: wait (60 s) for a generation after GEN;
# MS_VAR gets the time of day it was seen, in ms.
published() {
	local -n p_at=$1
	local gen i
	for ((i = 0; i < 600; i++)); do
		rd gen "/sys/block/$2/multisession/generation" && [ "$gen" -gt "$3" ] &&
			sim_fresh "$2" && break
		nap 0.1
	done
	p_at=$(date +%s%3N)
	[ "$i" -lt 600 ]
}

# node_exporter reads the textfile at each scrape, so /metrics has the new
# values from the moment the file with them is in place: the time to that
# (its mtime) is what is timed, not this test's scrapes, which take a
# second each under emulation.
# latency AT: ms from AT to the file's last replacement.
latency() {
	local m
	m=$(stat -c %.3Y "$tf/cdrom-msinfo.prom")
	m=${m/./}
	echo $((m > $1 ? m - $1 : 0))
}

# 3: a media swap: the new medium's values within 2 s of their publication.
rd gen "/sys/block/$db/multisession/generation"
echo "$sel/media/dvd+r.appendable-2.txt" >"$cfs/b/load"
: <"/dev/$db" 2>/dev/null
name="media swap on $db: /metrics within 2 s of the module's publication"
if published at "$db" "$gen" && shows "$db" 100; then
	ms=$(latency "$at")
	if [ "$ms" -le 2000 ]; then
		pass "$name (file in place after $ms ms, scraped after $(($(date +%s%3N) - at)) ms)"
	else
		fail "$name" "after $ms ms"
	fi
else
	fail "$name" "missing: $missing" "$(scrape | grep "\"$db\"")"
fi

# 4: a burn on the same medium, which the module notices by itself.
rd gen "/sys/block/$da/multisession/generation"
rd nwa "/sys/block/$da/multisession/sequential/next_writable"
mkdir -p "$t/s2" && echo second >"$t/s2/second.txt"
out=$(xorriso -dev "/dev/$da" -map "$t/s2" / -commit 2>&1) ||
	fail "xorriso burns a session onto $da" "$(tail -n 5 <<<"$out")"
name="burn on $da noticed: /metrics within 2 s of the module's publication"
if published at "$da" "$gen" && shows "$da" 100; then
	ms=$(latency "$at")
	rd nwa2 "/sys/block/$da/multisession/sequential/next_writable"
	if [ "${nwa2:-0}" -gt "$nwa" ] && [ "$ms" -le 2000 ]; then
		pass "$name (next writable $nwa -> $nwa2, file in place after $ms ms, scraped after $(($(date +%s%3N) - at)) ms)"
	else
		fail "$name" "next writable $nwa -> ${nwa2:-none}, after $ms ms"
	fi
else
	fail "$name" "missing: $missing" "$(scrape | grep "\"$da\"")"
fi

# 5: a refresh that fails (a medium error on READ DISC INFORMATION): the
# failure and its kind.
rd gen "/sys/block/$db/multisession/generation"
echo 'sense op=0x51 key=3 asc=0x11 ascq=0' >"$cfs/b/faults"
echo 1 >"/sys/block/$db/multisession/refresh"
name="failed refresh on $db: last_refresh_failed 1, reason medium_error"
if published at "$db" "$gen" && shows "$db" 100 &&
	grep -qx "cdrom_msinfo_last_refresh_failed{drive=\"$db\"} 1" "$t/scrape" &&
	grep -qx "cdrom_msinfo_last_refresh_error_info{drive=\"$db\",reason=\"medium_error\"} 1" "$t/scrape"; then
	pass "$name"
else
	rd err "/sys/block/$db/multisession/error"
	fail "$name" "error: $err" "missing: $missing" "$(grep "\"$db\"" "$t/scrape" | grep refresh)"
fi
echo clear >"$cfs/b/faults"

# 6: the drive removed: its series go.
sim_cleanup
for ((i = 0; i < 50; i++)); do
	scrape | grep -q "drive=\"$da\"" || break
	nap 0.1
done
if ! scrape | grep -q "drive=\"$da\""; then
	pass "drives removed: their series gone from /metrics"
else
	fail "drives removed: their series gone from /metrics" "$(scrape | head -n 5)"
fi

tap_end "${SECONDS}s"

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
echo "1..5"
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

# scrape: node_exporter's /metrics, the project's series only.
scrape() {
	curl -sf --max-time 5 "http://127.0.0.1:$port/metrics" | grep '^cdrom_msinfo_'
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
	local i lines
	for ((i = 0; i <= $2; i++)); do
		lines=$(scrape)
		missing=$(want "$1" | grep -vxFf <(printf '%s\n' "$lines"))
		[ -z "$missing" ] && return 0
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
lines=$(scrape)
rd model "/sys/block/$da/device/model"
model=${model%"${model##*[! ]}"}
if grep -q "^cdrom_msinfo_media_info{drive=\"$da\",profile=\"cd-r\",state=\"appendable\"} 1\$" <<<"$lines" &&
	grep -q "^cdrom_msinfo_drive_info{drive=\"$da\",vendor=\"[^\"]*\",model=\"$model\"," <<<"$lines" &&
	grep -q "^cdrom_msinfo_free_bytes{drive=\"$da\"} [0-9]" <<<"$lines"; then
	pass "labels: drive, model, profile, state; free bytes"
else
	fail "labels: drive, model, profile, state; free bytes" "$(grep -E 'info|bytes' <<<"$lines")"
fi

# published SECONDS_VAR DISK GEN: wait (60 s) for a generation after GEN;
# SECONDS_VAR gets the time of day it was seen, in ms.
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

# 3: a media swap: the new medium's values within 2 s of their publication.
rd gen "/sys/block/$db/multisession/generation"
echo "$sel/media/dvd+r.appendable-2.txt" >"$cfs/b/load"
: <"/dev/$db" 2>/dev/null
name="media swap on $db: /metrics within 2 s of the module's publication"
if published at "$db" "$gen" && shows "$db" 100; then
	ms=$(($(date +%s%3N) - at))
	if [ "$ms" -le 2000 ]; then
		pass "$name ($ms ms)"
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
	ms=$(($(date +%s%3N) - at))
	rd nwa2 "/sys/block/$da/multisession/sequential/next_writable"
	if [ "${nwa2:-0}" -gt "$nwa" ] && [ "$ms" -le 2000 ]; then
		pass "$name (next writable $nwa -> $nwa2, $ms ms)"
	else
		fail "$name" "next writable $nwa -> ${nwa2:-none}, after $ms ms"
	fi
else
	fail "$name" "missing: $missing" "$(scrape | grep "\"$da\"")"
fi

# 5: the drive removed: its series go.
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

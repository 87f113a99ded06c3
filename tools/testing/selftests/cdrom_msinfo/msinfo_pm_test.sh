#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A runtime-suspended drive is never woken by an automatic refresh: the
# simulated drive, empty (sr lets only an empty drive suspend), is let
# runtime-suspend; cdrom_msinfo is loaded again, so that attaching it
# refreshes every drive.  While the drive sleeps the simulator counts 0
# commands and the drive stays suspended; once something wakes it, the
# deferred refresh runs and publishes the state (media_state none).
# Prints TAP.

set -u

# shellcheck source=sim_drive_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/sim_drive_lib.sh"

# shellcheck disable=SC2119
sim_begin
echo "1..3"

# wait_status DEV STATUS TENTHS: until DEV's runtime_status is STATUS
wait_status() {
	local s i
	for ((i = 0; i < $3; i++)); do
		rd s "$1/power/runtime_status" && [ "$s" = "$2" ] && return 0
		nap 0.1
	done
	return 1
}

st=
sim_new pm || skip_all "cannot create a drive"
sim_power pm
disk=$(sim_disk pm) || skip_all "sr did not bind the drive"
rd host "$cfs/pm/host"
sdev=/sys/bus/scsi/devices/$host:0:0:0
sim_fresh "$disk" || skip_all "the module did not read the drive"
# the debug kernel is built without runtime power management
[ -e "$sdev/power/autosuspend_delay_ms" ] ||
	skip_all "this kernel has no runtime power management"
# the block layer's polling would wake the drive itself
echo 0 >"/sys/block/$disk/events_poll_msecs"
echo 200 >"$sdev/power/autosuspend_delay_ms"
echo auto >"$sdev/power/control"

if wait_status "$sdev" suspended 100; then
	pass "the empty drive runtime-suspends"
else
	rd st "$sdev/power/runtime_status"
	fail "the empty drive runtime-suspends" "runtime_status: $st"
	tap_end "${SECONDS}s"
	exit
fi

bad=
# the module's open of a drive after a change holds sr_mod a moment
for ((i = 0; i < 50; i++)); do
	rmmod cdrom_msinfo 2>/dev/null && break
	nap 0.1
done
[ -d /sys/module/cdrom_msinfo ] &&
	bad+="cannot unload cdrom_msinfo"$'\n'
echo 0 >"$cfs/pm/counters"
insmod "${MSINFO_BUILD:?}/cdrom_msinfo.ko" ||
	bad+="cannot load cdrom_msinfo"$'\n'
# the attach's refresh is due at once; leave it time to run (or not)
for ((i = 0; i < 30; i++)); do
	[ -d "/sys/block/$disk/multisession" ] && break
	nap 0.1
done
nap 2
cmds=$(<"$cfs/pm/counters")
rd st "$sdev/power/runtime_status"
[ -z "$cmds" ] || bad+="the simulator counted commands: ${cmds//$'\n'/, }"$'\n'
[ "$st" = suspended ] || bad+="runtime_status: $st"$'\n'
rd gen "/sys/block/$disk/multisession/generation"
[ "${gen:-0}" = 0 ] || bad+="published generation $gen while asleep"$'\n'
result "an automatic refresh sends 0 commands to the sleeping drive (gen ${gen:-none})" \
	"${bad%$'\n'}"

# awake, the deferred refresh runs by itself
echo on >"$sdev/power/control"
wait_status "$sdev" active 50
bad=
for ((i = 0; i < 100; i++)); do
	rd gen "/sys/block/$disk/multisession/generation" && [ "$gen" -gt 0 ] &&
		break
	nap 0.1
done
rd state "/sys/block/$disk/multisession/media_state"
cmds=$(<"$cfs/pm/counters")
[ "${gen:-0}" -gt 0 ] || bad+="no refresh once awake"$'\n'
[ "$state" = none ] || bad+="media_state '$state', want none"$'\n'
result "once awake, the deferred refresh publishes: $state (commands: ${cmds//$'\n'/, })" \
	"${bad%$'\n'}"

tap_end "${SECONDS}s"

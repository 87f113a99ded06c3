#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto a simulated DVD+RW, and onto a DVD-RW formatted for
# restricted overwrite (overwritable: the sessions are emulated in the
# volume, as xorriso and growisofs do), session after session, apart from
# burn_dvd_test.sh so that each test stays within its time limit:
#
#   xorriso -dev DEV -map DIR / -commit
#   growisofs -Z DEV DIR, then -M DEV DIR    (no tray reload)
#
# The DVD-RW comes sequential and blank, and is formatted first by the
# flow's own tools: xorriso -outdev DEV -format as_needed (FORMAT UNIT
# 15h, quick), dvd+rw-format -force DEV (the same) before growisofs; the
# module must follow the format (profile dvd-rw-ro) as it follows a burn.
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh;
# growisofs's claim: burn_dvd_test.sh).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=(
	[dvdrw-xorriso]=dvd+rw.formatted-empty
	[dvdrw-growisofs]=dvd+rw.formatted-empty
	[dvdrw.ro.format-xorriso]=dvd-rw.blank
	[dvdrw.ro.format-growisofs]=dvd-rw.blank
)
flows=(dvdrw-xorriso)
command -v growisofs >/dev/null && flows+=(dvdrw-growisofs)
flows+=(dvdrw.ro.format-xorriso)
command -v growisofs >/dev/null && command -v dvd+rw-format >/dev/null &&
	flows+=(dvdrw.ro.format-growisofs)
burn_main "${flows[@]}"

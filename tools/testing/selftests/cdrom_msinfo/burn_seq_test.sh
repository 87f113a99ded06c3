#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto a simulated DVD-R (sequential recording), session after
# session (BD-R: burn_bd_test.sh):
#
#   xorriso -dev DEV -map DIR / -commit
#   growisofs -Z DEV DIR, then -M DEV DIR    (no tray reload, no spare)
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh;
# growisofs's claim: burn_dvd_test.sh).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=(
	[dvdr.minus-xorriso]=dvd-r.blank [dvdr.minus-growisofs]=dvd-r.blank
)
flows=(dvdr.minus-xorriso)
command -v growisofs >/dev/null && flows+=(dvdr.minus-growisofs)
burn_main "${flows[@]}"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto a simulated BD-R (sequential recording), session after
# session, apart from burn_seq_test.sh so that each test stays within its
# time limit:
#
#   xorriso -dev DEV -map DIR / -commit
#   growisofs -Z DEV DIR, then -M DEV DIR    (no tray reload, no spare)
#
# and with pseudo-overwrite (POW): growisofs -Z formats the blank BD-R
# with spare areas for it (FORMAT UNIT 32h, subtype SRM+POW) before it
# writes; each growisofs -M appends its session at the next writable
# address and then rewrites the volume descriptors at block 16, which
# the drive remaps to spare blocks.  libburn writes no POW BD-R
# (xorriso: "May not write to Pseudo Overwrite formatted BD-R medium"),
# so no xorriso flow; peers() checks its refusal.
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh;
# growisofs's claim: burn_dvd_test.sh).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=([dvdr.bd-xorriso]=bd-r.blank [dvdr.bd-growisofs]=bd-r.blank
	[dvdr.bd.pow-growisofs]=bd-r.blank)
flows=(dvdr.bd-xorriso)
command -v growisofs >/dev/null && flows+=(dvdr.bd-growisofs dvdr.bd.pow-growisofs)
burn_main "${flows[@]}"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto simulated DVDs, session after session, as a user types
# them:
#
#   xorriso -dev DEV -map DIR / -commit      (DVD+R)
#   growisofs -Z DEV DIR, then -M DEV DIR    (DVD+R; no tray reload)
#
# burn_dvdrw_test.sh: the same onto DVD+RW.
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh).
# growisofs claims the drive read-only (O_RDONLY|O_EXCL) and writes
# through a second, non-exclusive open: a module that follows exclusive
# write claims only misses that burn, which the test reports as a skip
# before it asks for a refresh.  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=([dvdr-xorriso]=dvd+r.blank [dvdr-growisofs]=dvd+r.blank)
flows=(dvdr-xorriso)
command -v growisofs >/dev/null && flows+=(dvdr-growisofs)
burn_main "${flows[@]}"

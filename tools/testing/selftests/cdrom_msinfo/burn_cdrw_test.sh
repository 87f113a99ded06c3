#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto simulated CDs, session after session, as
# burn_flow_test.sh, with the other CD flows (apart, so that each test
# stays within its time limit):
#
#   cdrskin blank=fast, then
#   genisoimage -C "$(msinfo -C DEV)" -M DEV -o next.iso DIR
#   cdrskin dev=DEV -multi -tao next.iso     (CD-RW)
#   wodim dev=DEV -multi -tao next.iso       (CD-R)
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh).
# Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=([cdrw-cdrskin]=cd-rw.appendable-1 [cdr-wodim]=cd-r.blank)
flows=(cdrw-cdrskin)
command -v wodim >/dev/null && flows+=(cdr-wodim)
burn_main "${flows[@]}"

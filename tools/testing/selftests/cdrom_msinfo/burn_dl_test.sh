#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto a simulated DVD+R DL, session after session, as a user
# types them:
#
#   xorriso -dev DEV -map DIR / -commit
#   growisofs -Z DEV DIR, then -M DEV DIR    (no tray reload)
#   growisofs -dvd-compat -Z DEV DIR         (one session, disc closed)
#
# Multi-session burns send nothing a single layer DVD+R does not get.
# The DVD-Video compatible burn of an image larger than layer 0 sets the
# layer break first: READ DISC STRUCTURE 20h (layer boundary
# information), then SEND DISC STRUCTURE 20h with the L0 data zone
# capacity, half the image: the disc is then as large as twice that.
# Its medium is small (a few hundred blocks) so that the burn's image is
# larger than layer 0.
#
# The checks after each burn are burn_flow_test.sh's (see burn_lib.sh;
# growisofs's claim: burn_dvd_test.sh).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
# the image of session 1 (burn_files: BURN_MIB MiB of data, or 40000
# bytes, and some 190 blocks of ISO 9660 and Joliet): larger than layer 0
# (half the disc), smaller than the disc
image=$(((${BURN_MIB:-0} ? BURN_MIB << 9 : 20) + 190))
printf 'profile dvd+r-dl\ncapacity %s\n' $((image * 3 / 2 / 32 * 32)) \
	>"$t/dvd+r-dl.small.txt"
declare -A medium=(
	[dvdr.dl-xorriso]=dvd+r-dl.blank [dvdr.dl-growisofs]=dvd+r-dl.blank
	[dvdr.dl.compat-growisofs]=$t/dvd+r-dl.small.txt
)
# shellcheck disable=SC2034 # burn_main's
declare -A sessions=([dvdr.dl.compat-growisofs]=1)
flows=(dvdr.dl-xorriso)
command -v growisofs >/dev/null &&
	flows+=(dvdr.dl-growisofs dvdr.dl.compat-growisofs)
burn_main "${flows[@]}"

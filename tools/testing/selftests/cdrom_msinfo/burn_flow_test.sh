#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real burns onto simulated CDs, session after session, as a user types
# them:
#
#   genisoimage -C "$(msinfo -C DEV)" -M DEV -o next.iso DIR
#   cdrskin dev=DEV -multi -tao next.iso     (CD-R)
#   xorriso -dev DEV -map DIR / -commit      (CD-R: session at once, then
#                                            track at once)
#
# burn_cdrw_test.sh: CD-RW (cdrskin) and wodim.
#
# The drive (mmcsim) writes what the burners send and derives every reply
# from what was written.  After each burn, with no media change, the module
# must have refreshed by itself (generation moved, diskseq not) and its
# values must equal those the peers read from the drive then: msinfo
# (cdrskin and wodim -msinfo), next writable address, free blocks and
# session count (xorriso -toc, dvd+rw-mediainfo); the files of every
# session must read back through the drive (xorriso -osirrox), and at the
# end through sr and isofs (mount -t iso9660), the last session and each
# earlier one (-o sbsector=).  See burn_lib.sh.  The first flow burns
# BURN_SESSIONS (default 5 here) sessions, the others BURN_SESSIONS_REST
# (default 2).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
declare -A medium=([cdr-cdrskin]=cd-r.blank [cdr-xorriso]=cd-r.blank)
# five sessions on a CD-R: the workflow the module exists for
burn_first_sessions=5
burn_main cdr-cdrskin cdr-xorriso

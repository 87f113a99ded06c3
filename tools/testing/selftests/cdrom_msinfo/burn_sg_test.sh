#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Burns through the SCSI generic node, which claims nothing on the block
# device, onto a simulated CD-R, session after session:
#
#   genisoimage -C "$(msinfo -C /dev/srN)" -M /dev/srN -o next.iso DIR
#   cdrskin dev=/dev/sgN -multi -tao next.iso
#   wodim dev=/dev/sgN -multi -tao next.iso
#
# With no claim to see, the module notices such a burn by the drive's
# command counters: others' commands, then 1.5 s without any (the block
# layer polls the drives every 2 s here, as under systemd).  The new
# state must be published within BURN_NOTICE_MS (4500; 7000 on the debug
# kernel) of the burner's exit, and agree with the peers, as in
# burn_flow_test.sh (see burn_lib.sh).  Prints TAP.

set -u

# shellcheck source=burn_lib.sh
. "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/burn_lib.sh"

# shellcheck disable=SC2119 # no programs beyond the common ones
burn_begin
[ -e /sys/module/sg ] || kmod_load sg
[ -e /sys/module/sg ] || skip_all "no sg module in this kernel"
declare -A medium=([cdr.sg-cdrskin]=cd-r.blank [cdr.sg-wodim]=cd-r.blank)
flows=(cdr.sg-cdrskin)
burn_poll_ms=2000
command -v wodim >/dev/null && flows+=(cdr.sg-wodim)
burn_main "${flows[@]}"

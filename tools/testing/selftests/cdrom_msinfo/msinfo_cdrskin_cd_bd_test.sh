#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# msinfo -C against cdrskin -msinfo and msinfo.1's exit statuses, on the
# CD and BD media and the empty drive of media/ (see msinfo_cdrskin.sh).

exec "${MSINFO_TOP:?}/tools/testing/selftests/cdrom_msinfo/msinfo_cdrskin.sh" 'cd-*' 'bd-*' none

# SPDX-License-Identifier: GPL-2.0
# msinfo's sources and headers, relative to tools/msinfo/: for every
# Makefile that builds msinfo (this folder's and the selftests').
MSINFO_SRCS := msinfo.c json.c text.c openmetrics.c
MSINFO_HDRS := msinfo.h openmetrics.h

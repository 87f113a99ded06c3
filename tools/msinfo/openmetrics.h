/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msinfo --openmetrics: every drive's state in the Prometheus text format,
 * for node_exporter's textfile collector.
 */
#ifndef MSINFO_OPENMETRICS_H
#define MSINFO_OPENMETRICS_H

#include <stddef.h>
#include <linux/cdrom_msinfo.h>

/* One drive's snapshot, kept until openmetrics_finish() prints them all. */
int openmetrics_add(const char *sysfs_root, const char *name,
		    const struct cdrom_msinfo *st, const char *profile);

/*
 * Print the metrics of the drives added: to stdout without a path, else
 * into that file, replaced atomically (a reader sees the old file or the
 * new one, never a part).  Returns 0 or -1 after saying what failed.
 */
int openmetrics_finish(const char *path);

/*
 * --openmetrics=PATH --wait: run "msinfo --openmetrics=PATH" (self, the
 * program at /proc/self/exe) now and again whenever a drive's state is
 * published or a drive comes or goes, until killed.
 */
int openmetrics_watch(const char *sysfs_root, const char *path);

#endif

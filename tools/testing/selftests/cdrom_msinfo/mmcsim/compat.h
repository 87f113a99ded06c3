/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmcsim: the differences between the kernels it is built for (Debian's
 * 6.1 and 6.12); nowhere else in the simulator. The MMCSIM_HAVE_* macros
 * come from Kbuild, which looks for each interface in the headers.
 */
#ifndef MMCSIM_COMPAT_H
#define MMCSIM_COMPAT_H

/* get_unaligned_be*() moved to linux/unaligned.h in 6.12 */
#ifdef MMCSIM_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* scsi_host_alloc() takes a const template since 6.4 */
#ifdef MMCSIM_HAVE_CONST_SHT
#define MMCSIM_SHT_CONST const
#else
#define MMCSIM_SHT_CONST
#endif

/*
 * The per-device configure hook: slave_configure up to 6.13 (6.12 also
 * has device_configure, with queue limits), sdev_configure from 6.14.
 * The simulator only needs the device.
 */
#ifdef MMCSIM_HAVE_SDEV_CONFIGURE
#define MMCSIM_SDEV_CONFIGURE(fn)	.sdev_configure = fn##_limits,
#define MMCSIM_DEFINE_CONFIGURE(fn)					\
	static int fn##_limits(struct scsi_device *sdev,		\
			       struct queue_limits *lim)		\
	{								\
		return fn(sdev);					\
	}
#else
#define MMCSIM_SDEV_CONFIGURE(fn)	.slave_configure = fn,
#define MMCSIM_DEFINE_CONFIGURE(fn)
#endif

/*
 * Completion: scsi_done() is a function on both kernels (it replaced the
 * cmd->scsi_done pointer in 5.16).
 */
#define mmcsim_scsi_done(cmd)	scsi_done(cmd)

#endif /* MMCSIM_COMPAT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernel versions cdrom_msinfo builds for
 * (6.1 and 6.12) lives here.  The MSINFO_HAVE_* macros come from Kbuild,
 * which looks for each interface in the kernel's headers.
 */
#ifndef _MSINFO_COMPAT_H
#define _MSINFO_COMPAT_H

#include <linux/blkdev.h>
#include <linux/device.h>
#include <scsi/scsi_device.h>

#ifdef MSINFO_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* scsi_execute_cmd() replaced scsi_execute() in 6.4. */
static inline int msinfo_scsi_read(struct scsi_device *sdev, const u8 *cdb,
				   void *buf, unsigned int len, int timeout,
				   int retries, struct scsi_sense_hdr *sshdr,
				   int *resid)
{
#ifdef MSINFO_HAVE_SCSI_EXECUTE_CMD
	const struct scsi_exec_args args = {
		.sshdr = sshdr,
		.resid = resid,
	};

	return scsi_execute_cmd(sdev, cdb, REQ_OP_DRV_IN, buf, len, timeout,
				retries, &args);
#else
	return scsi_execute(sdev, cdb, DMA_FROM_DEVICE, buf, len, NULL, sshdr,
			    timeout, retries, 0, 0, resid);
#endif
}

/* class_interface callbacks lost their interface argument in 6.4. */
#ifdef MSINFO_HAVE_CLASS_INTF_NO_INTF_ARG
#define MSINFO_CLASS_INTF_ARGS	struct device *dev
#else
#define MSINFO_CLASS_INTF_ARGS	struct device *dev, struct class_interface *intf
#endif

/*
 * Whether userspace holds the disk open for exclusive use, as burners do
 * (O_EXCL).  A mounted filesystem also claims the disk, but with holder
 * operations (6.5+) or without write access (6.1); neither is a burn.
 */
static inline bool msinfo_disk_claimed_by_user(struct gendisk *disk)
{
	struct block_device *bdev = disk->part0;

#ifdef MSINFO_HAVE_BD_HOLDER_OPS
	return READ_ONCE(bdev->bd_holder) && !READ_ONCE(bdev->bd_holder_ops);
#else
	return READ_ONCE(bdev->bd_holder) && READ_ONCE(bdev->bd_write_holder);
#endif
}

/* The block device behind an opened block special file. */
static inline struct block_device *msinfo_file_bdev(struct file *file)
{
#ifdef MSINFO_HAVE_FILE_BDEV
	return file_bdev(file);
#else
	return I_BDEV(file->f_mapping->host);
#endif
}

#endif /* _MSINFO_COMPAT_H */

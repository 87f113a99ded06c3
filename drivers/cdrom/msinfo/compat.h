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
#include <linux/file.h>
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
 * Whether userspace holds the disk open for exclusive use (O_EXCL), as
 * every burner does: xorriso, cdrskin and wodim read-write, growisofs
 * read-only (it writes through SG_IO).  A mounted file system claims the
 * disk too, but with holder operations (6.5+) or as bd_super (6.1).
 */
static inline bool msinfo_disk_claimed_by_user(struct gendisk *disk)
{
	struct block_device *bdev = disk->part0;

#ifdef MSINFO_HAVE_BD_HOLDER_OPS
	return READ_ONCE(bdev->bd_holder) && !READ_ONCE(bdev->bd_holder_ops);
#else
	return READ_ONCE(bdev->bd_holder) && !READ_ONCE(bdev->bd_super);
#endif
}

/*
 * Open and close the disk as udev's cdrom_id does, read-only without
 * delay: sr checks for a new medium, and the block layer clears a media
 * change it holds pending, so that it reports the next one.
 */
static inline void msinfo_open_close_disk(struct gendisk *disk)
{
#ifdef MSINFO_HAVE_BDEV_FILE_OPEN_BY_DEV
	struct file *file;

	file = bdev_file_open_by_dev(disk_devt(disk),
				     BLK_OPEN_READ | BLK_OPEN_NDELAY, NULL, NULL);
	if (!IS_ERR(file))
		__fput_sync(file);
#else
	struct block_device *bdev;

	bdev = blkdev_get_by_dev(disk_devt(disk), FMODE_READ | FMODE_NDELAY, NULL);
	if (!IS_ERR(bdev))
		blkdev_put(bdev, FMODE_READ | FMODE_NDELAY);
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

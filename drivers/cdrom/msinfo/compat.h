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
 * Whether a holder of an exclusive write open (a burner) holds the disk.
 * sr asks the block layer to mark such claims (and to stop polling for
 * media events meanwhile); the mark stays until every holder let go.
 * Exclusive read-only opens, mounts among them, write nothing.
 */
static inline bool msinfo_disk_write_claimed(struct gendisk *disk)
{
#ifdef MSINFO_HAVE_BD_WRITE_HOLDER_FLAG
	return bdev_test_flag(disk->part0, BD_WRITE_HOLDER);
#else
	return READ_ONCE(disk->part0->bd_write_holder);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: the ioctls of /dev/cdrom_msinfo.
 *
 * Each ioctl names its drive by the file descriptor of an opened /dev/srN,
 * so the block device's own permissions stay the access control: anyone may
 * open the misc device, but reaches only the drives they could open.  GET
 * also takes a device number: it shows what sysfs shows anyone, and opening
 * the drive would make sr resume it and send it commands.
 */
#include <linux/blkdev.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "msinfo.h"

/*
 * Test builds fill the reply with a pattern instead of zeroes first, so a
 * test sees any byte that the code below forgets to set.
 */
#ifndef MSINFO_IOCTL_FILL
#define MSINFO_IOCTL_FILL	0
#endif

static_assert(sizeof(struct cdrom_msinfo) == CDROM_MSINFO_SIZE_VER0);
static_assert(sizeof(struct cdrom_msinfo_type_info) == 72);
static_assert(MSINFO_TYPE_COUNT <= CDROM_MSINFO_TYPE_SLOTS);
static_assert(sizeof(struct cdrom_msinfo_refresh) == CDROM_MSINFO_REFRESH_SIZE_VER0);
static_assert(sizeof(struct cdrom_msinfo_set_type) == CDROM_MSINFO_SET_TYPE_SIZE_VER0);
static_assert(sizeof(struct cdrom_msinfo_wait) == CDROM_MSINFO_WAIT_SIZE_VER0);

/*
 * The drive behind an fd of an opened sr block device, with a reference;
 * the file is returned too, and kept until msinfo_drive_done(): its open
 * block device keeps sr's disk and device alive while the drive is used,
 * even if sr lets go of the drive meanwhile.
 */
static struct file *msinfo_drive_from_fd(s32 fd, struct msinfo_drive **drive)
{
	struct file *file;
	int err;

	if (fd < 0)
		return ERR_PTR(-EBADF);
	file = fget(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	if (!S_ISBLK(file_inode(file)->i_mode)) {
		err = -ENOTBLK;
		goto out;
	}
	*drive = msinfo_drive_get_by_disk(msinfo_file_bdev(file)->bd_disk);
	if (*drive)
		return file;
	err = -ENODEV;
out:
	fput(file);
	return ERR_PTR(err);
}

static void msinfo_drive_done(struct msinfo_drive *drive, struct file *file)
{
	msinfo_drive_put(drive);
	fput(file);
}

/* A device number from the caller: false unless a dev_t holds it. */
static bool msinfo_devt(u32 major, u32 minor, dev_t *devt)
{
	*devt = MKDEV(major, minor);
	/* 12 bits of major and 20 of minor */
	return MAJOR(*devt) == major && MINOR(*devt) == minor;
}

/* Read the caller's struct, whose first u32 is its size. */
static int msinfo_copy_arg(void *karg, size_t ksize, size_t min_size,
			   const void __user *uarg)
{
	u32 usize;

	if (get_user(usize, (const u32 __user *)uarg))
		return -EFAULT;
	if (usize < min_size || usize > PAGE_SIZE)
		return -EINVAL;
	return copy_struct_from_user(karg, ksize, uarg, usize);
}

static void msinfo_fill(struct cdrom_msinfo *out, const struct msinfo_snapshot *snap)
{
	const struct msinfo_state *st = &snap->state;
	u32 t;

	out->flags = (st->msinfo_valid ? CDROM_MSINFO_F_MSINFO_VALID : 0) |
		     (snap->chosen_type != CDROM_MSINFO_TYPE_NONE ?
		      CDROM_MSINFO_F_TYPE_CHOSEN : 0);
	out->media_state = st->media_state;
	out->profile = st->profile;
	out->last_session = st->last_session;
	out->sessions = st->sessions;
	out->tracks = st->tracks;
	out->types_supported = st->types_supported;
	out->type_in_use = msinfo_type_in_use(snap);
	out->error = snap->error;
	out->reserved0 = 0;
	out->diskseq = snap->diskseq;
	out->generation = snap->generation;
	out->msinfo_start = st->msinfo_valid ? st->msinfo_start : 0;
	out->msinfo_next = st->msinfo_valid ? st->msinfo_next : 0;
	/* the slots of types to come */
	memset(&out->type[MSINFO_TYPE_COUNT], 0,
	       sizeof(out->type) - sizeof(st->type));
	for (t = 0; t < MSINFO_TYPE_COUNT; t++) {
		const struct cdrom_msinfo_type_info *in = &st->type[t];
		struct cdrom_msinfo_type_info *ti = &out->type[t];

		ti->valid = in->valid;
		ti->supported = !!(st->types_supported & CDROM_MSINFO_TYPE_BIT(t));
		ti->in_use = out->type_in_use == t;
		ti->first_data_session = in->first_data_session;
		ti->write_unit_size = in->write_unit_size;
		ti->reserved = 0;
		ti->prev_session_start = in->prev_session_start;
		ti->prev_session_last_written = in->prev_session_last_written;
		ti->next_writable = in->next_writable;
		ti->free_sectors = in->free_sectors;
		ti->last_written = in->last_written;
		ti->total_sectors = in->total_sectors;
	}
	strscpy_pad(out->error_reason, snap->reason, sizeof(out->error_reason));
}

/* The snapshot of the drive behind an fd: 0, -EAGAIN if stale, -errno. */
static int msinfo_snapshot_by_fd(s32 fd, struct msinfo_snapshot *snap)
{
	struct msinfo_drive *drive;
	struct file *file;
	bool stale;

	file = msinfo_drive_from_fd(fd, &drive);
	if (IS_ERR(file))
		return PTR_ERR(file);
	msinfo_snapshot_read(drive, snap);
	stale = msinfo_snapshot_stale(drive, snap);
	msinfo_drive_done(drive, file);
	return stale ? -EAGAIN : 0;
}

static long msinfo_ioctl_get(struct cdrom_msinfo __user *uarg)
{
	struct msinfo_snapshot snap;
	struct cdrom_msinfo karg;
	u32 usize, major, minor;
	dev_t devt;
	s32 fd;
	int err;

	err = msinfo_copy_arg(&karg, sizeof(karg), CDROM_MSINFO_SIZE_VER0, uarg);
	if (err)
		return err;
	usize = karg.size;
	fd = karg.fd;
	major = karg.dev_major;
	minor = karg.dev_minor;
	if (fd == CDROM_MSINFO_FD_DEVNUM) {
		if (!msinfo_devt(major, minor, &devt))
			return -ENODEV;
		err = msinfo_snapshot_by_devt(devt, &snap);
	} else {
		err = msinfo_snapshot_by_fd(fd, &snap);
	}
	if (err)
		return err;

	memset(&karg, MSINFO_IOCTL_FILL, sizeof(karg));
	karg.size = min_t(u32, usize, sizeof(karg));
	karg.fd = fd;
	karg.dev_major = major;
	karg.dev_minor = minor;
	msinfo_fill(&karg, &snap);
	if (copy_to_user(uarg, &karg, karg.size))
		return -EFAULT;
	return 0;
}

static long msinfo_ioctl_refresh(struct cdrom_msinfo_refresh __user *uarg)
{
	struct cdrom_msinfo_refresh karg;
	struct msinfo_snapshot snap;
	struct msinfo_drive *drive;
	struct file *file;
	int err;

	err = msinfo_copy_arg(&karg, sizeof(karg), CDROM_MSINFO_REFRESH_SIZE_VER0, uarg);
	if (err)
		return err;
	if (karg.flags & ~CDROM_MSINFO_REFRESH_IF_OLDER || karg.reserved)
		return -EINVAL;
	file = msinfo_drive_from_fd(karg.fd, &drive);
	if (IS_ERR(file))
		return PTR_ERR(file);

	if (karg.flags & CDROM_MSINFO_REFRESH_IF_OLDER) {
		msinfo_snapshot_read(drive, &snap);
		if (!msinfo_snapshot_stale(drive, &snap) &&
		    snap.diskseq >= karg.min_diskseq &&
		    snap.generation >= karg.min_generation)
			goto out;
	}
	err = msinfo_refresh_user(drive);
out:
	msinfo_drive_done(drive, file);
	return err;
}

static long msinfo_ioctl_set_type(struct cdrom_msinfo_set_type __user *uarg)
{
	struct cdrom_msinfo_set_type karg;
	struct msinfo_drive *drive;
	struct file *file;
	int err;

	err = msinfo_copy_arg(&karg, sizeof(karg), CDROM_MSINFO_SET_TYPE_SIZE_VER0, uarg);
	if (err)
		return err;
	if (karg.flags)
		return -EINVAL;
	if (karg.type >= MSINFO_TYPE_COUNT && karg.type != CDROM_MSINFO_TYPE_NONE)
		return -EINVAL;
	file = msinfo_drive_from_fd(karg.fd, &drive);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = msinfo_choose_type(drive, karg.type);
	msinfo_drive_done(drive, file);
	return err;
}

/*
 * Whether the published state meets the caller's condition, or the drive
 * is gone.  Reads the snapshot only, never the disk, which a caller by
 * device number does not hold.
 */
static bool msinfo_wait_done(struct msinfo_drive *drive,
			     const struct cdrom_msinfo_wait *w,
			     struct msinfo_snapshot *snap)
{
	if (READ_ONCE(drive->dead))
		return true;
	msinfo_snapshot_read(drive, snap);
	if ((w->flags & CDROM_MSINFO_WAIT_GENERATION) &&
	    snap->generation <= w->generation)
		return false;
	if ((w->flags & CDROM_MSINFO_WAIT_DISKSEQ) &&
	    (!snap->valid || snap->diskseq < w->diskseq))
		return false;
	return true;
}

static long msinfo_ioctl_wait(struct cdrom_msinfo_wait __user *uarg)
{
	const u32 known = CDROM_MSINFO_WAIT_GENERATION | CDROM_MSINFO_WAIT_DISKSEQ;
	struct cdrom_msinfo_wait karg;
	struct msinfo_snapshot snap;
	struct msinfo_drive *drive;
	struct file *file = NULL;
	long timeout, left;
	dev_t devt;
	int err;

	err = msinfo_copy_arg(&karg, sizeof(karg), CDROM_MSINFO_WAIT_SIZE_VER0, uarg);
	if (err)
		return err;
	if (!karg.flags || karg.flags & ~known)
		return -EINVAL;
	if (karg.fd == CDROM_MSINFO_FD_DEVNUM) {
		if (!msinfo_devt(karg.dev_major, karg.dev_minor, &devt))
			return -ENODEV;
		drive = msinfo_drive_get_by_devt(devt);
		if (!drive)
			return -ENODEV;
	} else {
		file = msinfo_drive_from_fd(karg.fd, &drive);
		if (IS_ERR(file))
			return PTR_ERR(file);
	}

	timeout = karg.timeout_ms == CDROM_MSINFO_WAIT_FOREVER ?
		  MAX_SCHEDULE_TIMEOUT : msecs_to_jiffies(karg.timeout_ms);
	left = wait_event_interruptible_timeout(drive->publish_wq,
						msinfo_wait_done(drive, &karg, &snap),
						timeout);
	/* Once more: what the caller gets back is read here. */
	if (msinfo_wait_done(drive, &karg, &snap))
		err = READ_ONCE(drive->dead) ? -ENODEV : 0;
	else
		err = left < 0 ? -EINTR : -ETIMEDOUT;
	if (file)
		msinfo_drive_done(drive, file);
	else
		msinfo_drive_put(drive);
	if (err == -ENODEV || err == -EINTR)
		return err;

	if (put_user(snap.generation, &uarg->generation) ||
	    put_user(snap.diskseq, &uarg->diskseq))
		return -EFAULT;
	return err;
}

/* The size in an ioctl number is that of the first version of its struct. */
static long msinfo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case CDROM_MSINFO_IOC_GET:
		return msinfo_ioctl_get(uarg);
	case CDROM_MSINFO_IOC_REFRESH:
		return msinfo_ioctl_refresh(uarg);
	case CDROM_MSINFO_IOC_SET_TYPE:
		return msinfo_ioctl_set_type(uarg);
	case CDROM_MSINFO_IOC_WAIT:
		return msinfo_ioctl_wait(uarg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations msinfo_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= msinfo_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice msinfo_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "cdrom_msinfo",
	.fops	= &msinfo_fops,
	.mode	= 0666,
};

int msinfo_ioctl_register(void)
{
	return misc_register(&msinfo_misc);
}

void msinfo_ioctl_unregister(void)
{
	misc_deregister(&msinfo_misc);
}

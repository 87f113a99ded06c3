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
#include <linux/slab.h>
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
static_assert(sizeof(struct cdrom_msinfo_set_type) == CDROM_MSINFO_SET_TYPE_SIZE_VER1);
static_assert(sizeof(struct cdrom_msinfo_wait) == CDROM_MSINFO_WAIT_SIZE_VER0);

/*
 * A caller's choices of type, one per drive, each for one medium: IMAPI2's
 * put_InUse belongs to the client's IMultisession object, so the choice
 * belongs to the caller's open file and no one else sees it.
 */
struct msinfo_choice {
	struct list_head node;
	dev_t devt;
	u64 diskseq;
	u32 type;
};

struct msinfo_client {
	struct mutex lock;		/* protects choices */
	struct list_head choices;
	unsigned int nr_choices;
};

/* More drives than any machine has: a bound on what one file may hold. */
#define MSINFO_CLIENT_CHOICES	256

static struct msinfo_choice *msinfo_choice_find(struct msinfo_client *client,
						dev_t devt)
{
	struct msinfo_choice *c;

	lockdep_assert_held(&client->lock);
	list_for_each_entry(c, &client->choices, node)
		if (c->devt == devt)
			return c;
	return NULL;
}

/*
 * The caller's choice over the drive's default, in the caller's copy of
 * the snapshot: while the medium is the one chosen for and allows it.
 */
static void msinfo_client_apply(struct msinfo_client *client, dev_t devt,
				struct msinfo_snapshot *snap)
{
	struct msinfo_choice *c;

	mutex_lock(&client->lock);
	c = msinfo_choice_find(client, devt);
	if (c && c->diskseq == snap->diskseq &&
	    !msinfo_check_type(&snap->state, c->type))
		snap->chosen_type = c->type;
	mutex_unlock(&client->lock);
}

static int msinfo_client_choose(struct msinfo_client *client, dev_t devt,
				u64 diskseq, u32 type)
{
	struct msinfo_choice *c;
	int err = 0;

	mutex_lock(&client->lock);
	c = msinfo_choice_find(client, devt);
	if (type == CDROM_MSINFO_TYPE_NONE) {
		if (c) {
			list_del(&c->node);
			client->nr_choices--;
			kfree(c);
		}
		goto out;
	}
	if (!c) {
		if (client->nr_choices >= MSINFO_CLIENT_CHOICES) {
			err = -ENOSPC;
			goto out;
		}
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		if (!c) {
			err = -ENOMEM;
			goto out;
		}
		c->devt = devt;
		list_add(&c->node, &client->choices);
		client->nr_choices++;
	}
	c->diskseq = diskseq;
	c->type = type;
out:
	mutex_unlock(&client->lock);
	return err;
}

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
	out->error_code = msinfo_error_code(snap->error, snap->reason);
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
static int msinfo_snapshot_by_fd(s32 fd, struct msinfo_snapshot *snap,
				 dev_t *devt)
{
	struct msinfo_drive *drive;
	struct file *file;
	bool stale;

	file = msinfo_drive_from_fd(fd, &drive);
	if (IS_ERR(file))
		return PTR_ERR(file);
	*devt = disk_devt(drive->disk);
	msinfo_snapshot_read(drive, snap);
	stale = msinfo_snapshot_stale(drive, snap);
	msinfo_drive_done(drive, file);
	return stale ? -EAGAIN : 0;
}

/* The same, for a drive named by fd or by device number. */
static int msinfo_snapshot_of(s32 fd, u32 major, u32 minor,
			      struct msinfo_snapshot *snap, dev_t *devt)
{
	if (fd != CDROM_MSINFO_FD_DEVNUM)
		return msinfo_snapshot_by_fd(fd, snap, devt);
	if (!msinfo_devt(major, minor, devt))
		return -ENODEV;
	return msinfo_snapshot_by_devt(*devt, snap);
}

static long msinfo_ioctl_get(struct msinfo_client *client,
			     struct cdrom_msinfo __user *uarg)
{
	struct msinfo_snapshot snap;
	struct cdrom_msinfo *karg;
	u32 usize, major, minor;
	dev_t devt;
	s32 fd;
	int err;

	/* Off the stack: with the snapshot, more than 32-bit kernels allow. */
	karg = kmalloc(sizeof(*karg), GFP_KERNEL);
	if (!karg)
		return -ENOMEM;
	err = msinfo_copy_arg(karg, sizeof(*karg), CDROM_MSINFO_SIZE_VER0, uarg);
	if (err)
		goto out;
	usize = karg->size;
	fd = karg->fd;
	major = karg->dev_major;
	minor = karg->dev_minor;
	err = msinfo_snapshot_of(fd, major, minor, &snap, &devt);
	if (err)
		goto out;
	msinfo_client_apply(client, devt, &snap);

	memset(karg, MSINFO_IOCTL_FILL, sizeof(*karg));
	karg->size = min_t(u32, usize, sizeof(*karg));
	karg->fd = fd;
	karg->dev_major = major;
	karg->dev_minor = minor;
	msinfo_fill(karg, &snap);
	if (copy_to_user(uarg, karg, karg->size))
		err = -EFAULT;
out:
	kfree(karg);
	return err;
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

/* The caller's own choice: checked against the medium, kept in its file. */
static long msinfo_ioctl_set_type(struct msinfo_client *client,
				  struct cdrom_msinfo_set_type __user *uarg)
{
	struct cdrom_msinfo_set_type karg;
	struct msinfo_snapshot snap;
	dev_t devt;
	int err;

	err = msinfo_copy_arg(&karg, sizeof(karg), CDROM_MSINFO_SET_TYPE_SIZE_VER0, uarg);
	if (err)
		return err;
	if (karg.flags)
		return -EINVAL;
	if (karg.type >= MSINFO_TYPE_COUNT && karg.type != CDROM_MSINFO_TYPE_NONE)
		return -EINVAL;
	err = msinfo_snapshot_of(karg.fd, karg.dev_major, karg.dev_minor,
				 &snap, &devt);
	if (err)
		return err;
	if (karg.type != CDROM_MSINFO_TYPE_NONE) {
		err = msinfo_check_type(&snap.state, karg.type);
		if (err)
			return err;
	}
	return msinfo_client_choose(client, devt, snap.diskseq, karg.type);
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
	struct file *file;
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
		/*
		 * The wait reads the snapshot only: the drive's reference
		 * is enough, and holding the block device's file for as long
		 * as it lasts would keep the drive's door locked.
		 */
		kobject_get(&drive->kobj);
		msinfo_drive_done(drive, file);
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
		/* a signal: restarted where the handler allows it */
		err = left < 0 ? -ERESTARTSYS : -ETIMEDOUT;
	msinfo_drive_put(drive);
	if (err == -ENODEV || err == -ERESTARTSYS)
		return err;

	if (put_user(snap.generation, &uarg->generation) ||
	    put_user(snap.diskseq, &uarg->diskseq))
		return -EFAULT;
	return err;
}

/* The size in an ioctl number is that of the first version of its struct. */
static long msinfo_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct msinfo_client *client = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case CDROM_MSINFO_IOC_GET:
		return msinfo_ioctl_get(client, uarg);
	case CDROM_MSINFO_IOC_REFRESH:
		return msinfo_ioctl_refresh(uarg);
	case CDROM_MSINFO_IOC_SET_TYPE:
		return msinfo_ioctl_set_type(client, uarg);
	case CDROM_MSINFO_IOC_WAIT:
		return msinfo_ioctl_wait(uarg);
	default:
		return -ENOTTY;
	}
}

static int msinfo_open(struct inode *inode, struct file *file)
{
	struct msinfo_client *client;

	client = kzalloc(sizeof(*client), GFP_KERNEL);
	if (!client)
		return -ENOMEM;
	mutex_init(&client->lock);
	INIT_LIST_HEAD(&client->choices);
	file->private_data = client;
	return 0;
}

static int msinfo_release(struct inode *inode, struct file *file)
{
	struct msinfo_client *client = file->private_data;
	struct msinfo_choice *c, *next;

	list_for_each_entry_safe(c, next, &client->choices, node)
		kfree(c);
	mutex_destroy(&client->lock);
	kfree(client);
	return 0;
}

static const struct file_operations msinfo_fops = {
	.owner		= THIS_MODULE,
	.open		= msinfo_open,
	.release	= msinfo_release,
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

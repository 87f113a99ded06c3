// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: cached multisession state of optical drives.
 *
 * Attaches to every CD/DVD (type 5) and WORM (type 4) SCSI device once the
 * sr driver has bound it, and detaches before sr lets go of it.  The SCSI
 * class interface tells us about every scsi_device; notifications of the
 * SCSI bus (whose bus_type is not exported, so it is learned from the first
 * device) tell us when sr binds or unbinds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <scsi/scsi.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_driver.h>

#include "compat.h"
#include "msinfo.h"

/* sr's own timeout (SR_TIMEOUT): the error handler aborts a slower command. */
unsigned int msinfo_timeout_ms = 30000;
module_param_named(timeout_ms, msinfo_timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms, "Timeout of each MMC command in milliseconds (default 30000)");

unsigned int msinfo_rest_ms = 60000;
module_param_named(rest_ms, msinfo_rest_ms, uint, 0644);
MODULE_PARM_DESC(rest_ms,
		 "How long no command is sent to a drive after one timed out, in milliseconds (default 60000)");

unsigned int msinfo_user_refresh_interval_ms = 1000;
module_param_named(user_refresh_interval_ms, msinfo_user_refresh_interval_ms, uint, 0644);
MODULE_PARM_DESC(user_refresh_interval_ms,
		 "Least time between two refreshes an unprivileged user may ask of one drive (default 1000)");

static unsigned int msinfo_watch_ms = 100;
module_param_named(watch_ms, msinfo_watch_ms, uint, 0644);
MODULE_PARM_DESC(watch_ms,
		 "How often to look, without I/O, for media changes and burners releasing a drive (default 100)");

struct workqueue_struct *msinfo_wq;

static LIST_HEAD(msinfo_drives);
static DEFINE_MUTEX(msinfo_drives_lock);

/*
 * The SCSI bus, learned from the first device, since scsi_bus_type is not
 * exported.  Its own lock: the bus calls our notifier with its notifier
 * lock held, and the notifier takes msinfo_drives_lock, so registering
 * must not happen under msinfo_drives_lock.
 */
static DEFINE_MUTEX(msinfo_bus_lock);
/* const since 6.4: take the type of the field itself */
static typeof_member(struct device, bus) msinfo_bus;
static bool msinfo_bus_closed;		/* unloading: no new registration */

static bool msinfo_exiting;		/* under msinfo_drives_lock */

static void msinfo_watch(struct work_struct *work);
/*
 * The watcher looks every watch_ms on a deferrable timer: it never wakes
 * an idle CPU for that, and runs when the CPU is awake anyway (as when the
 * block layer polls the drive), on that CPU (system_wq is per CPU), as a
 * worker elsewhere would be woken for it.  A deferrable timer may wait for
 * as long as its CPU sleeps, while a burner on another CPU writes: a
 * second look, every MSINFO_WATCH_BACKSTOP_MS, may wake a CPU, so that a
 * claim held that long is always seen.  Readers depend on neither: a read
 * of a snapshot older than the medium queues the refresh itself.
 */
#define MSINFO_WATCH_BACKSTOP_MS	2000
#define MSINFO_RELEASE_SETTLE_MS	300
/*
 * Others' commands (msinfo_others_done()): after a burst of at least
 * MSINFO_OTHERS_MIN, more than sr's media event poll (one command), an
 * open of a disc with a few tracks or a status check sends, fewer than
 * any burn, and MSINFO_OTHERS_QUIET_MS with none completed and none
 * running, the drive may have been written.  Burners poll a drive busy
 * with a long operation at least once a second: a second and a half of
 * quiet is a burner done, not one waiting, whose deferred errors a
 * command of ours could take.  The block layer's poll must leave such
 * pauses (systemd polls every 2 s).  While a burst goes on, the second
 * look comes every MSINFO_OTHERS_LOOK_MS, so that its end is seen in time.
 */
#define MSINFO_OTHERS_MIN		16
#define MSINFO_OTHERS_QUIET_MS		1500
#define MSINFO_OTHERS_LOOK_MS		250
static DECLARE_DEFERRABLE_WORK(msinfo_watch_work, msinfo_watch);
static DECLARE_DELAYED_WORK(msinfo_backstop_work, msinfo_watch);

static void msinfo_watch_later(bool burst)
{
	unsigned long backstop;

	queue_delayed_work(system_wq, &msinfo_watch_work,
			   msecs_to_jiffies(max(msinfo_watch_ms, 10U)));
	if (burst) {
		mod_delayed_work(system_power_efficient_wq,
				 &msinfo_backstop_work,
				 msecs_to_jiffies(MSINFO_OTHERS_LOOK_MS));
		return;
	}
	backstop = msecs_to_jiffies(MSINFO_WATCH_BACKSTOP_MS);
	queue_delayed_work(system_power_efficient_wq, &msinfo_backstop_work,
			   round_jiffies_relative(backstop));
}

static bool msinfo_is_sr_drive(struct device *dev)
{
	struct scsi_device *sdev;

	if (!scsi_is_sdev_device(dev) || !dev->driver ||
	    strcmp(dev->driver->name, "sr"))
		return false;
	sdev = to_scsi_device(dev);
	return sdev->type == TYPE_ROM || sdev->type == TYPE_WORM;
}

/* sr's gendisk is a child of the scsi_device's generic device. */
static int msinfo_match_disk(struct device *child, void *data)
{
	struct gendisk **disk = data;

	if (!child->class || strcmp(child->class->name, "block") ||
	    !child->type || strcmp(child->type->name, "disk"))
		return 0;
	*disk = dev_to_disk(child);
	return 1;
}

static struct msinfo_drive *msinfo_find_locked(struct scsi_device *sdev)
{
	struct msinfo_drive *drive;

	lockdep_assert_held(&msinfo_drives_lock);
	list_for_each_entry(drive, &msinfo_drives, node)
		if (drive->sdev == sdev)
			return drive;
	return NULL;
}

static struct msinfo_drive *msinfo_find_devt_locked(dev_t devt)
{
	struct msinfo_drive *drive;

	lockdep_assert_held(&msinfo_drives_lock);
	list_for_each_entry(drive, &msinfo_drives, node)
		if (disk_devt(drive->disk) == devt)
			return drive;
	return NULL;
}

/*
 * The snapshot of the drive of disk devt: 0, -EAGAIN when it is older than
 * the medium, or -ENODEV.  Nothing keeps the disk alive here but the
 * drive's place on the list, which detaching takes away first: the lock
 * is held while the disk's diskseq is looked at.
 */
int msinfo_snapshot_by_devt(dev_t devt, struct msinfo_snapshot *snap)
{
	struct msinfo_drive *drive;
	int err = -ENODEV;

	mutex_lock(&msinfo_drives_lock);
	drive = msinfo_find_devt_locked(devt);
	if (drive) {
		msinfo_snapshot_read(drive, snap);
		err = msinfo_snapshot_stale(drive, snap) ? -EAGAIN : 0;
	}
	mutex_unlock(&msinfo_drives_lock);
	return err;
}

/*
 * The drive of disk devt, with a reference.  The reference keeps the drive
 * but not its disk: the caller must not touch drive->disk.
 */
struct msinfo_drive *msinfo_drive_get_by_devt(dev_t devt)
{
	struct msinfo_drive *drive;

	mutex_lock(&msinfo_drives_lock);
	drive = msinfo_find_devt_locked(devt);
	if (drive)
		kobject_get(&drive->kobj);
	mutex_unlock(&msinfo_drives_lock);
	return drive;
}

struct msinfo_drive *msinfo_drive_get_by_disk(struct gendisk *disk)
{
	return msinfo_drive_get_by_devt(disk_devt(disk));
}

void msinfo_drive_put(struct msinfo_drive *drive)
{
	kobject_put(&drive->kobj);
}

/* Drives not yet released: the module's exit waits for none. */
static atomic_t msinfo_nr_drives = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(msinfo_release_wq);

/*
 * Called by the kobject's release, once the last reference is gone: that
 * may be late, after sr_mod has gone, so the references to sr's disk and
 * device went at detach (msinfo_let_go()).
 */
void msinfo_drive_free(struct msinfo_drive *drive)
{
	kfree(drive->probe_reply);
	kfree(drive->reply);
	kfree(drive);
	if (atomic_dec_and_test(&msinfo_nr_drives))
		wake_up(&msinfo_release_wq);
}

/*
 * The last put of sr's disk runs sr's code (sr_free_disk()): done while
 * sr still holds the drive.  An ioctl caller still using the drive holds
 * an open file of the disk, which keeps both alive.
 */
static void msinfo_let_go(struct msinfo_drive *drive)
{
	put_device(disk_to_dev(drive->disk));
	put_device(&drive->sdev->sdev_gendev);
}

static void msinfo_attach(struct scsi_device *sdev)
{
	struct msinfo_drive *drive;
	struct gendisk *disk = NULL;
	int err;

	device_for_each_child(&sdev->sdev_gendev, &disk, msinfo_match_disk);
	if (!disk)
		return;

	mutex_lock(&msinfo_drives_lock);
	if (msinfo_exiting || msinfo_find_locked(sdev))
		goto out_unlock;

	drive = kzalloc(sizeof(*drive), GFP_KERNEL);
	if (!drive)
		goto out_nomem;
	drive->reply = kmalloc(MSINFO_REPLY_MAX, GFP_KERNEL);
	drive->probe_reply = kmalloc(MSINFO_REPLY_MAX, GFP_KERNEL);
	if (!drive->reply || !drive->probe_reply) {
		kfree(drive->probe_reply);
		kfree(drive->reply);
		kfree(drive);
		goto out_nomem;
	}
	atomic_inc(&msinfo_nr_drives);
	get_device(&sdev->sdev_gendev);
	get_device(disk_to_dev(disk));
	drive->sdev = sdev;
	drive->disk = disk;
	seqlock_init(&drive->snap_lock);
	init_waitqueue_head(&drive->publish_wq);
	drive->snap.chosen_type = CDROM_MSINFO_TYPE_NONE;
	drive->snap.state.media_state = CDROM_MSINFO_MEDIA_UNKNOWN;
	mutex_init(&drive->io_lock);
	spin_lock_init(&drive->lock);
	INIT_DELAYED_WORK(&drive->work, msinfo_refresh_work);
	drive->watched_diskseq = READ_ONCE(disk->diskseq);
	drive->changed_at = jiffies;
	drive->udev_window = true;
	drive->others_done = msinfo_others_done(drive);

	/* From here on, the kobject owns the drive. */
	err = kobject_init_and_add(&drive->kobj, &msinfo_ktype,
				   &disk_to_dev(disk)->kobj, "multisession");
	if (err) {
		msinfo_let_go(drive);
		kobject_put(&drive->kobj);
		sdev_printk(KERN_WARNING, sdev, "cdrom_msinfo: cannot add sysfs: %d\n", err);
		goto out_unlock;
	}
	list_add_tail(&drive->node, &msinfo_drives);
	msinfo_kick(drive, 0);
	if (list_is_singular(&msinfo_drives))
		msinfo_watch_later(false);
	goto out_unlock;

out_nomem:
	sdev_printk(KERN_WARNING, sdev, "cdrom_msinfo: out of memory, not attached\n");
out_unlock:
	mutex_unlock(&msinfo_drives_lock);
}

/*
 * Every publisher stops before sysfs goes: a publication calls
 * sysfs_notify() and sends a uevent, which must not meet a removed node.
 */
static void msinfo_detach_drive(struct msinfo_drive *drive)
{
	/* No new work from here on: the watcher no longer sees the drive. */
	spin_lock(&drive->lock);
	drive->dead = true;
	spin_unlock(&drive->lock);
	/* WAIT callers: the drive is gone */
	wake_up_all(&drive->publish_wq);
	cancel_delayed_work_sync(&drive->work);
	/*
	 * A refresh or choice of type under way (sysfs, ioctl) finishes; any
	 * later one sees dead under io_lock and publishes nothing.
	 */
	mutex_lock(&drive->io_lock);
	mutex_unlock(&drive->io_lock);
	/* Waits for sysfs readers and writers that are inside the drive. */
	kobject_del(&drive->kobj);
	msinfo_let_go(drive);
	kobject_put(&drive->kobj);
}

static void msinfo_detach(struct scsi_device *sdev)
{
	struct msinfo_drive *drive;

	mutex_lock(&msinfo_drives_lock);
	drive = msinfo_find_locked(sdev);
	if (drive)
		list_del(&drive->node);
	mutex_unlock(&msinfo_drives_lock);
	if (drive)
		msinfo_detach_drive(drive);
}

static int msinfo_bus_notify(struct notifier_block *nb, unsigned long action,
			     void *data)
{
	struct device *dev = data;

	switch (action) {
	case BUS_NOTIFY_BOUND_DRIVER:
		if (msinfo_is_sr_drive(dev))
			msinfo_attach(to_scsi_device(dev));
		break;
	case BUS_NOTIFY_UNBIND_DRIVER:
	case BUS_NOTIFY_DEL_DEVICE:
		if (scsi_is_sdev_device(dev))
			msinfo_detach(to_scsi_device(dev));
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block msinfo_bus_nb = {
	.notifier_call = msinfo_bus_notify,
};

static int msinfo_add_dev(MSINFO_CLASS_INTF_ARGS)
{
	struct device *gendev = dev->parent;
	int err;

	if (!gendev || !scsi_is_sdev_device(gendev))
		return 0;

	mutex_lock(&msinfo_bus_lock);
	if (!msinfo_bus && !msinfo_bus_closed) {
		err = bus_register_notifier(gendev->bus, &msinfo_bus_nb);
		if (err)
			pr_warn("cannot watch the SCSI bus: %d\n", err);
		else
			msinfo_bus = gendev->bus;
	}
	mutex_unlock(&msinfo_bus_lock);

	device_lock(gendev);
	if (msinfo_is_sr_drive(gendev))
		msinfo_attach(to_scsi_device(gendev));
	device_unlock(gendev);
	return 0;
}

static void msinfo_remove_dev(MSINFO_CLASS_INTF_ARGS)
{
	if (dev->parent && scsi_is_sdev_device(dev->parent))
		msinfo_detach(to_scsi_device(dev->parent));
}

static struct class_interface msinfo_interface = {
	.add_dev	= msinfo_add_dev,
	.remove_dev	= msinfo_remove_dev,
};

/*
 * Whether a burner could have changed the medium: any but none (a closed
 * CD-RW can be blanked; for a pressed disc, one command finds it as it
 * was).
 */
static bool msinfo_writable(struct msinfo_drive *drive)
{
	struct msinfo_snapshot snap;

	msinfo_snapshot_read(drive, &snap);
	return !snap.valid ||
	       snap.state.media_state != CDROM_MSINFO_MEDIA_NONE;
}

/*
 * A burst of others' commands, over: the drive is asked once, as after a
 * claim, whether it was written.  That covers the burners that claim
 * nothing (through /dev/sgN) and the claims that come and go between two
 * looks.  Not what udev's programs send for a new medium: a burst over
 * within MSINFO_UDEV_WAIT_MS of the change.  Returns whether a burst goes
 * on.
 */
static bool msinfo_watch_others(struct msinfo_drive *drive, bool claimed)
{
	u32 done = msinfo_others_done(drive);
	s32 more = done - drive->others_done;

	if (drive->udev_window &&
	    time_after_eq(jiffies, drive->changed_at +
			  msecs_to_jiffies(MSINFO_UDEV_WAIT_MS)))
		drive->udev_window = false;
	/* Counted at completion, the block layer's a little later: new highs. */
	if (more <= 0)
		more = 0;
	else
		drive->others_done = done;
	/* A command still running (a burner's fixation) is no pause. */
	if (more >= 2 || (drive->others_burst &&
			  (more || scsi_device_busy(drive->sdev)))) {
		drive->others_burst += more;
		drive->others_at = jiffies;
		drive->others_udev = drive->udev_window;
		goto out;
	}
	if (!drive->others_burst || claimed ||
	    time_before(jiffies, drive->others_at +
			msecs_to_jiffies(MSINFO_OTHERS_QUIET_MS)))
		goto out;
	if (drive->others_burst >= MSINFO_OTHERS_MIN && !drive->others_udev &&
	    msinfo_writable(drive)) {
		set_bit(MSINFO_EV_RELEASED, &drive->events);
		msinfo_kick(drive, 0);
	}
	drive->others_burst = 0;
out:
	/* The quick second look: for a burst that will bring a command. */
	return drive->others_burst >= MSINFO_OTHERS_MIN && !claimed;
}

/*
 * Media changes show up as a new disk sequence number, the end of a burn
 * as an exclusive claim going away or as others' commands ending; all are
 * read without I/O.  The block layer offers no notification of either to
 * other modules.
 */
static void msinfo_watch(struct work_struct *work)
{
	struct msinfo_drive *drive;
	bool claimed, burst = false;
	u64 seq;

	mutex_lock(&msinfo_drives_lock);
	list_for_each_entry(drive, &msinfo_drives, node) {
		seq = READ_ONCE(drive->disk->diskseq);
		claimed = msinfo_disk_claimed_by_user(drive->disk);
		if (seq != drive->watched_diskseq) {
			drive->watched_diskseq = seq;
			drive->changed_at = jiffies;
			drive->udev_window = true;
			/* A reader may have had the new medium read already. */
			if (msinfo_medium_unread(drive, seq))
				msinfo_kick(drive, 0);
		} else if (drive->claimed && !claimed && msinfo_writable(drive)) {
			/*
			 * A burner let go: written media may have changed.
			 * Burners close and open again between steps: the
			 * drive is theirs until the claim stays away a while.
			 * Its commands are this probe's: not a burst too.
			 */
			set_bit(MSINFO_EV_RELEASED, &drive->events);
			msinfo_kick(drive,
				    msecs_to_jiffies(MSINFO_RELEASE_SETTLE_MS));
			drive->others_done = msinfo_others_done(drive);
			drive->others_burst = 0;
		} else if (READ_ONCE(drive->deferred_pm) &&
			   !pm_runtime_suspended(&drive->sdev->sdev_gendev)) {
			WRITE_ONCE(drive->deferred_pm, false);
			msinfo_kick(drive, 0);
		}
		burst |= msinfo_watch_others(drive, claimed);
		drive->claimed = claimed;
	}
	if (!list_empty(&msinfo_drives) && !msinfo_exiting)
		msinfo_watch_later(burst);
	mutex_unlock(&msinfo_drives_lock);
}

static int __init msinfo_init(void)
{
	int err;

	msinfo_wq = alloc_workqueue("cdrom_msinfo", WQ_UNBOUND | WQ_FREEZABLE, 0);
	if (!msinfo_wq)
		return -ENOMEM;

	err = msinfo_ioctl_register();
	if (err)
		goto err_wq;

	err = scsi_register_interface(&msinfo_interface);
	if (err)
		goto err_ioctl;
	return 0;

err_ioctl:
	msinfo_ioctl_unregister();
err_wq:
	destroy_workqueue(msinfo_wq);
	return err;
}

static void __exit msinfo_exit(void)
{
	struct msinfo_drive *drive;

	msinfo_ioctl_unregister();

	mutex_lock(&msinfo_drives_lock);
	msinfo_exiting = true;
	mutex_unlock(&msinfo_drives_lock);

	/* No new attach from here on; then detach everything. */
	mutex_lock(&msinfo_bus_lock);
	msinfo_bus_closed = true;
	mutex_unlock(&msinfo_bus_lock);
	if (msinfo_bus)
		bus_unregister_notifier(msinfo_bus, &msinfo_bus_nb);
	scsi_unregister_interface(&msinfo_interface);
	for (;;) {
		mutex_lock(&msinfo_drives_lock);
		drive = list_first_entry_or_null(&msinfo_drives,
						 struct msinfo_drive, node);
		if (drive)
			list_del(&drive->node);
		mutex_unlock(&msinfo_drives_lock);
		if (!drive)
			break;
		msinfo_detach_drive(drive);
	}
	cancel_delayed_work_sync(&msinfo_watch_work);
	cancel_delayed_work_sync(&msinfo_backstop_work);
	destroy_workqueue(msinfo_wq);
	/* A kobject's release may come later (a holder of a sysfs file). */
	wait_event(msinfo_release_wq, !atomic_read(&msinfo_nr_drives));
}

module_init(msinfo_init);
module_exit(msinfo_exit);

MODULE_DESCRIPTION("Cached multisession state of optical drives");
MODULE_AUTHOR("The cdrom-msinfo developers");
MODULE_LICENSE("GPL");
/* MSINFO_VERSION: from dkms.conf, by Kbuild */
MODULE_VERSION(MSINFO_VERSION);
MODULE_SOFTDEP("pre: sr_mod");

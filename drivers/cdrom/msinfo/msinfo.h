/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdrom_msinfo: the module's shell around the pure core of msinfo_derive.c.
 */
#ifndef _MSINFO_H
#define _MSINFO_H

#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "msinfo_derive.h"

/*
 * What readers see: one consistent copy, replaced as a whole under the
 * drive's seqlock, so a reader never mixes values of two media.
 */
struct msinfo_snapshot {
	struct msinfo_state state;
	u64 diskseq;		/* the disk sequence number the state was read for */
	u64 generation;		/* incremented on every publication */
	int error;		/* 0 or the negative errno of the last refresh */
	u32 chosen_type;	/* CDROM_MSINFO_TYPE_NONE: automatic */
	bool valid;		/* false until a refresh has completed */
	char reason[CDROM_MSINFO_ERROR_LEN];
};

struct msinfo_drive {
	struct kobject kobj;		/* /sys/block/srN/multisession, holds the refcount */
	struct list_head node;		/* in msinfo_drives, under msinfo_drives_lock */
	struct scsi_device *sdev;	/* device reference held */
	struct gendisk *disk;		/* device reference held on disk_to_dev() */

	seqlock_t snap_lock;
	struct msinfo_snapshot snap;
	wait_queue_head_t publish_wq;	/* WAIT: woken by each publication */

	/* Serialises refreshes (work, sysfs, ioctl) and owns the buffers. */
	struct mutex io_lock;
	struct msinfo_plan plan;
	u8 *reply;			/* MSINFO_REPLY_MAX bytes, DMA-safe */
	u8 *probe_reply;		/* the last refresh's reply to msinfo_probe() */
	u32 probe_len;			/* its length; 0: none kept */
	unsigned long last_user_refresh;	/* jiffies, for rate limiting */
	u64 busy_diskseq;		/* the medium a refresh is reading, or 0 */
	bool timed_out;			/* a command of this refresh timed out */
	unsigned int timeouts;		/* refreshes in a row that timed out */
	unsigned long rest_until;	/* jiffies: no command before, or 0 */

	struct delayed_work work;	/* the automatic refresh */
	unsigned int retries;		/* consecutive deferrals of the automatic refresh */
	u64 retries_diskseq;		/* the medium those deferrals were for */
	bool deferred_pm;		/* skipped while runtime-suspended */
	unsigned long events;		/* MSINFO_EV_* bits, set by the watcher */
	u64 opened_diskseq;		/* the change the module's open cleared */
	atomic_t own_done;		/* commands the module caused, done */
	u64 since_diskseq;		/* the medium the work first saw at ... */
	unsigned long since;		/* ... this time (jiffies) */

	spinlock_t lock;		/* protects dead against queueing work */
	bool dead;			/* detached: no new I/O, no new work */

	/* Watcher state, only touched by the watcher. */
	u64 watched_diskseq;
	unsigned long changed_at;	/* jiffies: diskseq last seen moving */
	bool udev_window;		/* less than MSINFO_UDEV_WAIT_MS since */
	bool claimed;
	u32 others_done;		/* highest count of others' commands */
	u32 others_burst;		/* others' commands in the burst going on */
	unsigned long others_at;	/* jiffies: the burst's last one seen */
	bool others_udev;		/* ... within the udev window */
};

/* msinfo_drive.events */
#define MSINFO_EV_RELEASED	0	/* a burner let go since the last refresh */

/* How long 61-cdrom-msinfo.rules waits for a new medium's state. */
#define MSINFO_UDEV_WAIT_MS	4000

/* msinfo_main.c */
extern struct workqueue_struct *msinfo_wq;
extern unsigned int msinfo_timeout_ms;
extern unsigned int msinfo_rest_ms;
extern unsigned int msinfo_user_refresh_interval_ms;
struct msinfo_drive *msinfo_drive_get_by_disk(struct gendisk *disk);
int msinfo_snapshot_by_devt(dev_t devt, struct msinfo_snapshot *snap);
struct msinfo_drive *msinfo_drive_get_by_devt(dev_t devt);
void msinfo_drive_put(struct msinfo_drive *drive);
void msinfo_drive_free(struct msinfo_drive *drive);

/* msinfo_refresh.c */
enum msinfo_refresh_why {
	MSINFO_REFRESH_AUTO,		/* attach, media change, burn noticed */
	MSINFO_REFRESH_AUTO_LAST,	/* its last retry of a drive not ready */
	MSINFO_REFRESH_RELEASED,	/* a burner let go: was anything written? */
	MSINFO_REFRESH_USER,		/* explicit request: may wake the drive */
};

int msinfo_refresh(struct msinfo_drive *drive, enum msinfo_refresh_why why);
int msinfo_refresh_user(struct msinfo_drive *drive);
void msinfo_refresh_work(struct work_struct *work);
void msinfo_kick(struct msinfo_drive *drive, unsigned long delay);
u32 msinfo_others_done(struct msinfo_drive *drive);
void msinfo_snapshot_read(struct msinfo_drive *drive, struct msinfo_snapshot *snap);
bool msinfo_medium_unread(struct msinfo_drive *drive, u64 diskseq);
bool msinfo_snapshot_stale(struct msinfo_drive *drive, const struct msinfo_snapshot *snap);
int msinfo_choose_type(struct msinfo_drive *drive, u32 type);
u32 msinfo_type_in_use(const struct msinfo_snapshot *snap);

/* msinfo_sysfs.c */
extern const struct kobj_type msinfo_ktype;
void msinfo_notify(struct msinfo_drive *drive);

/* msinfo_uevent.c */
void msinfo_uevent(struct msinfo_drive *drive, const struct msinfo_snapshot *snap);

/* msinfo_ioctl.c */
int msinfo_ioctl_register(void);
void msinfo_ioctl_unregister(void);

#endif /* _MSINFO_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: when to refresh, the refresh itself, and publication.
 *
 * A refresh sends the commands the pure core asks for through the SCSI
 * passthrough path, derives the state from the replies and publishes it as
 * one snapshot.  Only side-effect-free reads are sent; see msinfo_derive.c
 * for which.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cdrom.h>
#include <linux/jiffies.h>
#include <linux/part_stat.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>

#include "compat.h"
#include "msinfo.h"

/* Backoff of the automatic refresh while the drive is not ready. */
#define MSINFO_BACKOFF_FIRST_MS	100
#define MSINFO_BACKOFF_MAX_MS	5000
#define MSINFO_BACKOFF_TRIES	12

/* Runs of the command plan before a refresh gives up on a changing medium. */
#define MSINFO_PLAN_TRIES	3

/*
 * As sr's own commands: the midlayer retries transport errors (never a
 * timeout or a CHECK CONDITION of a passthrough command) up to 3 times.
 */
#define MSINFO_RETRIES		3

void msinfo_snapshot_read(struct msinfo_drive *drive, struct msinfo_snapshot *snap)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&drive->snap_lock);
		*snap = drive->snap;
	} while (read_seqretry(&drive->snap_lock, seq));
}

/* Run the automatic refresh after delay, sooner or later than planned. */
void msinfo_kick(struct msinfo_drive *drive, unsigned long delay)
{
	spin_lock(&drive->lock);
	if (!drive->dead)
		mod_delayed_work(msinfo_wq, &drive->work, delay);
	spin_unlock(&drive->lock);
}

/* The same, but a refresh already queued keeps its delay. */
static void msinfo_queue(struct msinfo_drive *drive, unsigned long delay)
{
	spin_lock(&drive->lock);
	if (!drive->dead)
		queue_delayed_work(msinfo_wq, &drive->work, delay);
	spin_unlock(&drive->lock);
}

/*
 * Whether no refresh has read the medium of diskseq, nor is reading it,
 * nor waits to retry it (a drive not ready yet: the retry keeps its delay).
 */
bool msinfo_medium_unread(struct msinfo_drive *drive, u64 diskseq)
{
	struct msinfo_snapshot snap;

	msinfo_snapshot_read(drive, &snap);
	if (snap.valid && snap.diskseq == diskseq)
		return false;
	return READ_ONCE(drive->busy_diskseq) != diskseq &&
	       READ_ONCE(drive->retries_diskseq) != diskseq;
}

/*
 * True when the snapshot does not describe the medium in the drive now:
 * no refresh has completed, or the block layer has seen a media change
 * since.  Such a snapshot is never shown as fresh; a refresh is queued.
 */
bool msinfo_snapshot_stale(struct msinfo_drive *drive, const struct msinfo_snapshot *snap)
{
	u64 diskseq = READ_ONCE(drive->disk->diskseq);

	if (snap->valid && snap->diskseq == diskseq)
		return false;
	/*
	 * Readers must not add refreshes: none while one is reading this
	 * medium already, and none that cuts short a pending retry (a drive
	 * not ready yet).
	 */
	if (READ_ONCE(drive->busy_diskseq) != diskseq)
		msinfo_queue(drive, 0);
	return true;
}

u32 msinfo_type_in_use(const struct msinfo_snapshot *snap)
{
	if (snap->chosen_type != CDROM_MSINFO_TYPE_NONE)
		return snap->chosen_type;
	return snap->state.auto_type;
}

/*
 * A unit attention is news of the device for whoever receives it.  On a
 * removable device the kernel's own consumers (scsi_test_unit_ready(), sg,
 * sr_ioctl, scsi_ioctl) pass it on to sr through sdev->changed; so do we,
 * or sr would keep the previous medium's capacity and, seeing GESN report
 * a change that its TEST UNIT READY does not confirm, stop trusting GESN.
 */
static void msinfo_pass_on_ua(struct msinfo_drive *drive,
			      const struct scsi_sense_hdr *sshdr)
{
	if (sshdr->sense_key == UNIT_ATTENTION && drive->sdev->removable)
		drive->sdev->changed = 1;
}

/*
 * The commands of others the drive completed: programs' SG_IO through
 * /dev/srN or /dev/sgN (a burner writing through /dev/sgN claims nothing)
 * and sr's own (its opens, its media event poll); neither the block
 * layer's requests nor the module's.  Counters only, no I/O.
 */
u32 msinfo_others_done(struct msinfo_drive *drive)
{
	struct block_device *part0 = drive->disk->part0;
	u32 done = atomic_read(&drive->sdev->iodone_cnt);
	int group;

	for (group = 0; group < NR_STAT_GROUPS; group++)
		done -= part_stat_read(part0, ios[group]);
	return done - atomic_read(&drive->own_done);
}

/* Counts what the drive completed since done_before as the module's. */
static void msinfo_own_since(struct msinfo_drive *drive, u32 done_before)
{
	atomic_add(atomic_read(&drive->sdev->iodone_cnt) - done_before,
		   &drive->own_done);
}

static enum msinfo_status msinfo_exec(struct msinfo_drive *drive,
				      const struct msinfo_cmd *cmd, u32 *received)
{
	unsigned long timeout = msecs_to_jiffies(msinfo_timeout_ms);
	unsigned long start = jiffies;
	struct scsi_sense_hdr sshdr = {};
	enum msinfo_status status;
	u32 done = atomic_read(&drive->sdev->iodone_cnt);
	int resid = 0;
	int ret;

	*received = 0;
	/* A short reply must not show the bytes of an earlier one. */
	memset(drive->reply, 0, cmd->alloc_len);
	ret = msinfo_scsi_read(drive->sdev, cmd->cdb, drive->reply,
			       cmd->alloc_len, timeout, MSINFO_RETRIES,
			       &sshdr, &resid);
	msinfo_own_since(drive, done);
	/*
	 * Timed out: DID_TIME_OUT after an abort by the host's handler; libata
	 * has none, and completes the command with sense of its own making.
	 */
	if ((ret > 0 && host_byte(ret) == DID_TIME_OUT) ||
	    time_after_eq(jiffies, start + timeout)) {
		drive->timed_out = true;
		return MSINFO_ST_OTHER;
	}
	if (ret < 0)
		return MSINFO_ST_OTHER;
	/* Deferred sense is of an earlier command: this one did not run. */
	if (ret > 0 && (!scsi_sense_valid(&sshdr) ||
			scsi_sense_is_deferred(&sshdr)))
		return MSINFO_ST_OTHER;
	status = ret ? msinfo_classify_sense(sshdr.sense_key, sshdr.asc,
					     sshdr.ascq) : MSINFO_ST_GOOD;
	if (ret)
		msinfo_pass_on_ua(drive, &sshdr);
	/* RECOVERED ERROR and NO SENSE come with the data: keep them. */
	if (status == MSINFO_ST_GOOD)
		*received = cmd->alloc_len -
			    clamp_t(int, resid, 0, cmd->alloc_len);
	return status;
}

static const char *msinfo_status_reason(enum msinfo_status status)
{
	switch (status) {
	case MSINFO_ST_NO_MEDIUM:
		return "no_medium";
	case MSINFO_ST_BECOMING_READY:
		return "becoming_ready";
	case MSINFO_ST_NOT_READY:
		return "not_ready";
	case MSINFO_ST_MEDIA_CHANGED:
		return "media_changed";
	case MSINFO_ST_ILLEGAL_REQUEST:
		return "illegal_request";
	case MSINFO_ST_MEDIUM_ERROR:
		return "medium_error";
	case MSINFO_ST_HARDWARE_ERROR:
		return "hardware_error";
	default:
		return "io_error";
	}
}

/*
 * Run the command plan once.  Returns 0 with the plan complete, -EAGAIN
 * when the drive is not ready yet, -ESTALE when the medium changed under
 * us, -EBUSY when a burner claimed the drive, or another negative errno
 * with plan->error_reason set.
 */
static int msinfo_run_plan(struct msinfo_drive *drive, struct msinfo_plan *plan)
{
	enum msinfo_status status;
	bool answered = false, resent = false;
	struct msinfo_cmd cmd;
	u32 received;
	int err;

	msinfo_plan_init(plan);
	drive->probe_len = 0;
	while (msinfo_plan_next(plan, &cmd)) {
		/* A burner that grabbed the drive meanwhile gets it alone. */
		if (msinfo_disk_claimed_by_user(drive->disk))
			return -EBUSY;
		status = msinfo_exec(drive, &cmd, &received);
		/*
		 * A unit attention goes to the first command not exempt from
		 * it.  When only GET CONFIGURATION, which drives answer
		 * despite one, came before, every reply so far is of the
		 * medium in the drive now: this command alone is sent again.
		 */
		if (status == MSINFO_ST_MEDIA_CHANGED && !answered && !resent &&
		    !drive->timed_out) {
			resent = true;
			status = msinfo_exec(drive, &cmd, &received);
		}
		if (drive->timed_out) {
			/* No second command to a drive that hangs. */
			snprintf(plan->error_reason, sizeof(plan->error_reason),
				 "timeout: %s", cmd.name);
			return -ETIMEDOUT;
		}
		switch (status) {
		case MSINFO_ST_BECOMING_READY:
		case MSINFO_ST_NOT_READY:
			strscpy(plan->error_reason, msinfo_status_reason(status),
				sizeof(plan->error_reason));
			return -EAGAIN;
		case MSINFO_ST_MEDIA_CHANGED:
			return -ESTALE;
		default:
			break;
		}
		if (cmd.cdb[0] != GPCMD_GET_CONFIGURATION)
			answered = true;
		err = msinfo_plan_feed(plan, status, drive->reply, received);
		if (err) {
			if (!plan->error_reason[0])
				snprintf(plan->error_reason, sizeof(plan->error_reason),
					 "%s: %s", msinfo_status_reason(status), cmd.name);
			return err;
		}
		/* Kept to tell, after a burner, whether it wrote. */
		if (msinfo_probe(plan, NULL) == plan->step) {
			memcpy(drive->probe_reply, drive->reply, received);
			drive->probe_len = received;
		}
	}
	return 0;
}

/*
 * Whether a burner that held the drive left the medium as the snapshot
 * has it: the one reply that a write changes is asked for again, and
 * comes back byte for byte the same.  One command instead of a refresh
 * after each "xorriso -toc" or "cdrskin -msinfo".  A timeout leaves
 * drive->timed_out set, with the reason in the plan.
 */
static bool msinfo_unwritten(struct msinfo_drive *drive, u64 diskseq)
{
	struct msinfo_plan *plan = &drive->plan;
	enum msinfo_status status;
	struct msinfo_cmd cmd;
	unsigned int seq;
	u32 received;
	bool same;

	do {
		seq = read_seqbegin(&drive->snap_lock);
		same = drive->snap.valid && !drive->snap.error &&
		       drive->snap.diskseq == diskseq;
	} while (read_seqretry(&drive->snap_lock, seq));
	/* The plan that got the kept reply is the snapshot's. */
	if (!same || !plan->finished || !drive->probe_len ||
	    msinfo_probe(plan, &cmd) == MSINFO_STEP_DONE ||
	    msinfo_disk_claimed_by_user(drive->disk))
		return false;
	status = msinfo_exec(drive, &cmd, &received);
	if (drive->timed_out) {
		snprintf(plan->error_reason, sizeof(plan->error_reason),
			 "timeout: %s", cmd.name);
		return false;
	}
	return status == MSINFO_ST_GOOD && received == drive->probe_len &&
	       !memcmp(drive->reply, drive->probe_reply, received) &&
	       READ_ONCE(drive->disk->diskseq) == diskseq;
}

/* Whether the snapshot holds these values of this medium already. */
static bool msinfo_same_state(struct msinfo_drive *drive, u64 diskseq,
			      const struct msinfo_state *state)
{
	struct msinfo_snapshot old;

	msinfo_snapshot_read(drive, &old);
	return old.valid && !old.error && old.diskseq == diskseq &&
	       !memcmp(&old.state, state, sizeof(*state));
}

/*
 * Replace the snapshot.  Every refresh is published, so that generation
 * counts refreshes and poll() on it wakes after each; but the one after a
 * burner that finds nothing written, as its probe.
 */
static void msinfo_publish(struct msinfo_drive *drive, u64 diskseq, int error,
			   const char *reason, const struct msinfo_state *state)
{
	struct msinfo_snapshot *snap = &drive->snap;
	struct msinfo_snapshot old;
	bool same_medium, late;
	u32 chosen;

	msinfo_snapshot_read(drive, &old);
	same_medium = old.valid && old.diskseq == diskseq;
	/* A choice of type holds for one medium, and while it stays valid. */
	chosen = same_medium ? old.chosen_type : CDROM_MSINFO_TYPE_NONE;
	if (chosen != CDROM_MSINFO_TYPE_NONE && msinfo_check_type(state, chosen))
		chosen = CDROM_MSINFO_TYPE_NONE;

	write_seqlock(&drive->snap_lock);
	snap->state = *state;
	snap->diskseq = diskseq;
	snap->generation++;
	snap->error = error;
	snap->chosen_type = chosen;
	snap->valid = true;
	strscpy(snap->reason, reason, sizeof(snap->reason));
	write_sequnlock(&drive->snap_lock);

	msinfo_notify(drive);
	/*
	 * udev hears of media changes from the block layer already, and waits
	 * for the state of that diskseq, MSINFO_UDEV_WAIT_MS at most.  A
	 * uevent of our own is for what it cannot know: the first state after
	 * attach, a new medium's state published after udev stopped waiting
	 * (a disc slow to spin up), a state that changed on the same medium
	 * (a burn), and a success after a failed refresh.
	 */
	late = !same_medium && READ_ONCE(drive->since_diskseq) == diskseq &&
	       time_after_eq(jiffies, READ_ONCE(drive->since) +
			     msecs_to_jiffies(MSINFO_UDEV_WAIT_MS));
	if (!error && (!old.valid || late ||
		       (same_medium && (old.error ||
					memcmp(&old.state, state, sizeof(*state))))))
		msinfo_uevent(drive, snap);
}

/*
 * Whether a refresh that found the drive not ready is published.  It is
 * when it replaces values of the same medium, which can no longer be
 * vouched for, and when the automatic refresh gives up.  For a new medium
 * it is not: the snapshot of the previous one reads EAGAIN already, and
 * udev, waiting for the state of the new medium, gets it at once when the
 * drive is ready, rather than "not ready" first and the values in a
 * uevent of ours after.
 */
static bool msinfo_publish_not_ready(struct msinfo_drive *drive,
				     enum msinfo_refresh_why why, u64 diskseq)
{
	struct msinfo_snapshot old;

	if (why == MSINFO_REFRESH_AUTO_LAST)
		return true;
	msinfo_snapshot_read(drive, &old);
	return old.valid && old.diskseq == diskseq;
}

/*
 * How long the drive is still left alone after a command timed out: the
 * error handler aborted it, and the next timeout could escalate to a
 * reset of the device, bus or link, under whoever else uses the drive.
 */
static unsigned long msinfo_rest_left(struct msinfo_drive *drive)
{
	unsigned long until = READ_ONCE(drive->rest_until);
	unsigned long now = jiffies;

	return until && time_before(now, until) ? until - now : 0;
}

/*
 * A drive that keeps hanging gets longer rests: rest_ms, doubled for each
 * timeout in a row, up to 16 times.  A command that completes ends it.
 */
#define MSINFO_REST_DOUBLINGS	4

static void msinfo_start_rest(struct msinfo_drive *drive)
{
	unsigned long rest = msecs_to_jiffies(msinfo_rest_ms);

	rest <<= min(drive->timeouts, MSINFO_REST_DOUBLINGS);
	if (drive->timeouts < MSINFO_REST_DOUBLINGS)
		drive->timeouts++;
	WRITE_ONCE(drive->rest_until, (jiffies + rest) ?: 1);
}

/* Called with io_lock held. */
static int msinfo_refresh_locked(struct msinfo_drive *drive, enum msinfo_refresh_why why)
{
	struct msinfo_plan *plan = &drive->plan;
	struct msinfo_state state;
	unsigned long left;
	int attempt, err;
	u64 diskseq;
	bool hung;

	if (drive->dead)
		return -ENODEV;
	left = msinfo_rest_left(drive);
	if (left) {
		/* The automatic refresh comes back when the rest is over. */
		if (why != MSINFO_REFRESH_USER)
			msinfo_kick(drive, left);
		return -ETIMEDOUT;
	}
	/* Never disturb a burner: its end brings a refresh of its own. */
	if (msinfo_disk_claimed_by_user(drive->disk))
		return -EBUSY;
	/* Never wake a sleeping drive, unless asked to. */
	if (why != MSINFO_REFRESH_USER &&
	    pm_runtime_suspended(&drive->sdev->sdev_gendev)) {
		WRITE_ONCE(drive->deferred_pm, true);
		return -EHOSTDOWN;
	}

	diskseq = READ_ONCE(drive->disk->diskseq);
	if (why == MSINFO_REFRESH_RELEASED && msinfo_unwritten(drive, diskseq)) {
		drive->timeouts = 0;
		return 0;
	}
	/* No plan for a drive that hung on that command. */
	hung = drive->timed_out;
	err = -ETIMEDOUT;
	/*
	 * The replies must all be of one medium.  A unit attention says the
	 * medium changed before the command that got it; a diskseq that moved
	 * while the commands ran says the block layer saw a change meanwhile.
	 * Either way the replies so far may be of two media: start over.
	 */
	for (attempt = 0; !hung && attempt < MSINFO_PLAN_TRIES; attempt++) {
		diskseq = READ_ONCE(drive->disk->diskseq);
		WRITE_ONCE(drive->busy_diskseq, diskseq);
		err = msinfo_run_plan(drive, plan);
		/* A drive that hangs gets no second plan either. */
		if (err == -ETIMEDOUT ||
		    (err != -ESTALE && READ_ONCE(drive->disk->diskseq) == diskseq))
			break;
		err = -ESTALE;
		strscpy(plan->error_reason, "media_changed", sizeof(plan->error_reason));
	}
	if (drive->timed_out) {
		drive->timed_out = false;
		msinfo_start_rest(drive);
	} else {
		/* the drive answered: no longer one that hangs */
		drive->timeouts = 0;
	}

	/* Nothing read while a burner holds the drive: nothing to publish. */
	if (err == -EBUSY)
		return err;
	if (err == -EAGAIN && why == MSINFO_REFRESH_USER) {
		/* Whoever asked, the module tries again by itself. */
		msinfo_queue(drive, msecs_to_jiffies(MSINFO_BACKOFF_FIRST_MS));
	}
	if (err == -EAGAIN && !msinfo_publish_not_ready(drive, why, diskseq))
		return err;
	memset(&state, 0, sizeof(state));
	if (!err)
		err = msinfo_derive(plan, &state);
	if (err) {
		memset(&state, 0, sizeof(state));
		state.media_state = CDROM_MSINFO_MEDIA_UNKNOWN;
		state.auto_type = CDROM_MSINFO_TYPE_NONE;
		msinfo_publish(drive, diskseq, err, plan->error_reason, &state);
		return err;
	}
	/* As when the probe gets the same reply: nothing was written. */
	if (why == MSINFO_REFRESH_RELEASED &&
	    msinfo_same_state(drive, diskseq, &state))
		return 0;
	msinfo_publish(drive, diskseq, 0, "", &state);
	return 0;
}

int msinfo_refresh(struct msinfo_drive *drive, enum msinfo_refresh_why why)
{
	int err;

	mutex_lock(&drive->io_lock);
	err = msinfo_refresh_locked(drive, why);
	/* Only now: until published, the medium is being read. */
	WRITE_ONCE(drive->busy_diskseq, 0);
	mutex_unlock(&drive->io_lock);
	return err;
}

/*
 * A refresh asked for by an unprivileged user: at most one per
 * user_refresh_interval_ms and drive, so no user can keep a drive busy.
 */
int msinfo_refresh_user(struct msinfo_drive *drive)
{
	unsigned long next;
	int err;

	mutex_lock(&drive->io_lock);
	if (!capable(CAP_SYS_ADMIN)) {
		next = drive->last_user_refresh +
		       msecs_to_jiffies(msinfo_user_refresh_interval_ms);
		if (drive->last_user_refresh && time_before(jiffies, next)) {
			mutex_unlock(&drive->io_lock);
			return -EAGAIN;
		}
		drive->last_user_refresh = jiffies ?: 1;
	}
	err = msinfo_refresh_locked(drive, MSINFO_REFRESH_USER);
	WRITE_ONCE(drive->busy_diskseq, 0);
	mutex_unlock(&drive->io_lock);
	return err;
}

/*
 * Without udev nothing may open the disk for hours, and the block layer
 * reports no further media change until something does: before reading
 * a new medium, open the disk as udev's cdrom_id would, once per change.
 * Not while a burner holds it, a sleeping drive, nor one resting after a
 * timeout: sr's open sends commands of its own.
 */
static void msinfo_open_for_change(struct msinfo_drive *drive, u64 diskseq)
{
	u32 done;

	if (diskseq == drive->opened_diskseq || msinfo_rest_left(drive) ||
	    msinfo_disk_claimed_by_user(drive->disk) ||
	    pm_runtime_suspended(&drive->sdev->sdev_gendev))
		return;
	drive->opened_diskseq = diskseq;
	done = atomic_read(&drive->sdev->iodone_cnt);
	msinfo_open_close_disk(drive->disk);
	msinfo_own_since(drive, done);
}

void msinfo_refresh_work(struct work_struct *work)
{
	struct msinfo_drive *drive = container_of(to_delayed_work(work),
						  struct msinfo_drive, work);
	u64 diskseq = READ_ONCE(drive->disk->diskseq);
	enum msinfo_refresh_why why = MSINFO_REFRESH_AUTO;
	unsigned int delay_ms;
	int err;

	if (diskseq != drive->retries_diskseq) {
		WRITE_ONCE(drive->retries_diskseq, diskseq);
		drive->retries = 0;
	}
	/* Written outside io_lock: a user refresh may publish meanwhile. */
	if (diskseq != READ_ONCE(drive->since_diskseq)) {
		WRITE_ONCE(drive->since, jiffies);
		WRITE_ONCE(drive->since_diskseq, diskseq);
	}
	/* Taken even if this refresh is put off: the next is a full one. */
	if (test_and_clear_bit(MSINFO_EV_RELEASED, &drive->events))
		why = MSINFO_REFRESH_RELEASED;
	if (drive->retries >= MSINFO_BACKOFF_TRIES)
		why = MSINFO_REFRESH_AUTO_LAST;
	/*
	 * Open first: until the open clears the block layer's pending event,
	 * a further swap moves no diskseq, and a refresh reading across it
	 * (its unit attention taken by sr's poll) could not tell.
	 */
	msinfo_open_for_change(drive, diskseq);
	err = msinfo_refresh(drive, why);
	if (err != -EAGAIN) {
		/*
		 * -EBUSY and -EHOSTDOWN: the watcher kicks us when the burner
		 * lets go or the drive wakes up.  The medium is not read: the
		 * watcher must not take it for one waiting to be retried.
		 */
		if (err == -EBUSY || err == -EHOSTDOWN)
			WRITE_ONCE(drive->retries_diskseq, 0);
		drive->retries = 0;
		return;
	}
	if (drive->retries >= MSINFO_BACKOFF_TRIES)
		return;
	delay_ms = min(MSINFO_BACKOFF_FIRST_MS << drive->retries, MSINFO_BACKOFF_MAX_MS);
	drive->retries++;
	msinfo_kick(drive, msecs_to_jiffies(delay_ms));
}

/* Choose the type in use, following put_MultisessionInterfaces. */
int msinfo_choose_type(struct msinfo_drive *drive, u32 type)
{
	struct msinfo_snapshot snap;
	int err;

	mutex_lock(&drive->io_lock);
	if (drive->dead) {
		err = -ENODEV;
		goto out;
	}
	msinfo_snapshot_read(drive, &snap);
	if (msinfo_snapshot_stale(drive, &snap)) {
		err = -EAGAIN;
		goto out;
	}
	if (type != CDROM_MSINFO_TYPE_NONE) {
		err = msinfo_check_type(&snap.state, type);
		if (err)
			goto out;
	}
	err = 0;
	if (snap.chosen_type == type)
		goto out;
	write_seqlock(&drive->snap_lock);
	drive->snap.chosen_type = type;
	drive->snap.generation++;
	write_sequnlock(&drive->snap_lock);
	msinfo_notify(drive);
out:
	mutex_unlock(&drive->io_lock);
	return err;
}

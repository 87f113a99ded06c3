// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: a simulated MMC optical drive for tests.
 *
 * Each drive configured under /sys/kernel/config/mmcsim/ is one SCSI host
 * with one peripheral device type 5 logical unit, so that sr binds to it
 * as to an ATAPI drive. Commands run in process context on a workqueue:
 * medium images are read with kernel_read() and delays can sleep.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "compat.h"
#include "mmcsim.h"

struct mmcsim_cmd {
	struct work_struct work;
	struct scsi_cmnd *cmd;
	struct mmcsim_drive *drive;
	bool aborted;
};

static struct workqueue_struct *mmcsim_wq;
static struct device *mmcsim_root;

static struct mmcsim_drive *host_drive(struct Scsi_Host *shost)
{
	return *(struct mmcsim_drive **)shost_priv(shost);
}

/*
 * Sleep on behalf of a command; returns true, early, when the command is
 * aborted or the drive goes away.
 */
bool mmcsim_cmd_sleep(struct scsi_cmnd *cmd, unsigned int ms)
{
	struct mmcsim_cmd *c = scsi_cmd_priv(cmd);
	struct mmcsim_drive *d = c->drive;

	if (!ms)
		return false;
	return wait_event_timeout(d->wq,
				  READ_ONCE(c->aborted) || READ_ONCE(d->gone),
				  msecs_to_jiffies(ms)) > 0;
}

static void mmcsim_cmd_work(struct work_struct *work)
{
	struct mmcsim_cmd *c = container_of(work, struct mmcsim_cmd, work);
	struct scsi_cmnd *cmd = c->cmd;
	struct mmcsim_drive *d = c->drive;
	unsigned int us = READ_ONCE(d->latency_us);

	if (us >= 20000)
		mmcsim_cmd_sleep(cmd, us / 1000);
	else if (us)
		usleep_range(us, us + us / 8 + 1);

	if (READ_ONCE(d->gone))
		set_host_byte(cmd, DID_NO_CONNECT);
	else if (!READ_ONCE(c->aborted))
		mmcsim_execute(d, cmd);

	/* an aborted command belongs to the error handler now */
	if (READ_ONCE(c->aborted))
		return;
	mmcsim_scsi_done(cmd);
}

static int mmcsim_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
{
	struct mmcsim_cmd *c = scsi_cmd_priv(cmd);

	INIT_WORK(&c->work, mmcsim_cmd_work);
	c->cmd = cmd;
	c->drive = host_drive(shost);
	return 0;
}

static int mmcsim_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
{
	struct mmcsim_drive *d = host_drive(shost);
	struct mmcsim_cmd *c = scsi_cmd_priv(cmd);

	if (READ_ONCE(d->gone)) {
		cmd->result = 0;
		set_host_byte(cmd, DID_NO_CONNECT);
		mmcsim_scsi_done(cmd);
		return 0;
	}
	cmd->result = 0;
	c->cmd = cmd;
	c->drive = d;
	WRITE_ONCE(c->aborted, false);
	queue_work(mmcsim_wq, &c->work);
	return 0;
}

static void eh_count(struct scsi_cmnd *cmd, enum mmcsim_eh which)
{
	struct mmcsim_drive *d = host_drive(cmd->device->host);

	mutex_lock(&d->lock);
	d->eh_counters[which]++;
	mutex_unlock(&d->lock);
}

static int mmcsim_abort(struct scsi_cmnd *cmd)
{
	struct mmcsim_cmd *c = scsi_cmd_priv(cmd);

	eh_count(cmd, MMCSIM_EH_ABORT);
	WRITE_ONCE(c->aborted, true);
	wake_up_all(&c->drive->wq);
	/* once this returns, the command is not ours to complete */
	flush_work(&c->work);
	return SUCCESS;
}

/*
 * Resets only count: the abort, which error handling tries first, always
 * ends the command. The command given may be the midlayer's own
 * (SG_SCSI_RESET), its private part not set up.
 */
static int mmcsim_device_reset(struct scsi_cmnd *cmd)
{
	eh_count(cmd, MMCSIM_EH_DEVICE_RESET);
	return SUCCESS;
}

static int mmcsim_target_reset(struct scsi_cmnd *cmd)
{
	eh_count(cmd, MMCSIM_EH_TARGET_RESET);
	return SUCCESS;
}

static int mmcsim_bus_reset(struct scsi_cmnd *cmd)
{
	eh_count(cmd, MMCSIM_EH_BUS_RESET);
	return SUCCESS;
}

static int mmcsim_host_reset(struct scsi_cmnd *cmd)
{
	eh_count(cmd, MMCSIM_EH_HOST_RESET);
	return SUCCESS;
}

static int mmcsim_configure(struct scsi_device *sdev)
{
	/* as libata does for ATAPI devices, which have no MODE SENSE(6) */
	sdev->use_10_for_ms = 1;
	sdev->use_10_for_rw = 1;
	return 0;
}

MMCSIM_DEFINE_CONFIGURE(mmcsim_configure)

static MMCSIM_SHT_CONST struct scsi_host_template mmcsim_sht = {
	.module			= THIS_MODULE,
	.name			= "mmcsim",
	.proc_name		= "mmcsim",
	.queuecommand		= mmcsim_queuecommand,
	.init_cmd_priv		= mmcsim_init_cmd_priv,
	.eh_abort_handler	= mmcsim_abort,
	.eh_device_reset_handler = mmcsim_device_reset,
	.eh_target_reset_handler = mmcsim_target_reset,
	.eh_bus_reset_handler	= mmcsim_bus_reset,
	.eh_host_reset_handler	= mmcsim_host_reset,
	/* no bus to settle: no 10 s sleep after a bus or host reset */
	.skip_settle_delay	= 1,
	MMCSIM_SDEV_CONFIGURE(mmcsim_configure)
	.can_queue		= 1,
	.cmd_per_lun		= 1,
	.this_id		= -1,
	.sg_tablesize		= SG_ALL,
	.max_sectors		= 256,
	.cmd_size		= sizeof(struct mmcsim_cmd),
};

/* Called with d->cfg_lock held */
int mmcsim_power_on(struct mmcsim_drive *d)
{
	struct Scsi_Host *shost;
	int ret;

	if (d->shost)
		return 0;
	shost = scsi_host_alloc(&mmcsim_sht, sizeof(d));
	if (!shost)
		return -ENOMEM;
	*(struct mmcsim_drive **)shost_priv(shost) = d;
	shost->max_id = 1;
	shost->max_lun = 1;
	shost->max_channel = 0;
	shost->max_cmd_len = 16;
	WRITE_ONCE(d->gone, false);

	ret = scsi_add_host(shost, mmcsim_root);
	if (ret)
		goto put;
	ret = scsi_add_device(shost, 0, 0, 0);
	if (ret)
		goto remove;
	d->shost = shost;
	d->powered = true;
	return 0;

remove:
	WRITE_ONCE(d->gone, true);
	scsi_remove_host(shost);
put:
	flush_workqueue(mmcsim_wq);
	scsi_host_put(shost);
	return ret;
}

/* Called with d->cfg_lock held */
void mmcsim_power_off(struct mmcsim_drive *d)
{
	struct Scsi_Host *shost = d->shost;

	d->powered = false;
	if (!shost)
		return;
	WRITE_ONCE(d->gone, true);
	wake_up_all(&d->wq);
	scsi_remove_host(shost);
	/* commands have completed; let their work items return */
	flush_workqueue(mmcsim_wq);
	scsi_host_put(shost);
	d->shost = NULL;
}

static void mmcsim_vanish_work(struct work_struct *work)
{
	struct mmcsim_drive *d = container_of(work, struct mmcsim_drive,
					      vanish_work);

	mutex_lock(&d->cfg_lock);
	mmcsim_power_off(d);
	mutex_unlock(&d->cfg_lock);
}

void mmcsim_drive_init(struct mmcsim_drive *d)
{
	INIT_WORK(&d->vanish_work, mmcsim_vanish_work);
}

/* The drive disappears while cmd is in flight: it never completes it */
void mmcsim_vanish(struct mmcsim_drive *d, struct scsi_cmnd *cmd)
{
	WRITE_ONCE(d->gone, true);
	wake_up_all(&d->wq);
	schedule_work(&d->vanish_work);
	set_host_byte(cmd, DID_NO_CONNECT);
}

void mmcsim_drive_release(struct mmcsim_drive *d)
{
	cancel_work_sync(&d->vanish_work);
	mutex_lock(&d->cfg_lock);
	mmcsim_power_off(d);
	mutex_unlock(&d->cfg_lock);
}

static int __init mmcsim_init(void)
{
	int ret;

	mmcsim_wq = alloc_workqueue("mmcsim", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!mmcsim_wq)
		return -ENOMEM;
	mmcsim_root = root_device_register("mmcsim");
	if (IS_ERR(mmcsim_root)) {
		ret = PTR_ERR(mmcsim_root);
		goto wq;
	}
	ret = mmcsim_configfs_init();
	if (ret)
		goto root;
	return 0;
root:
	root_device_unregister(mmcsim_root);
wq:
	destroy_workqueue(mmcsim_wq);
	return ret;
}

static void __exit mmcsim_exit(void)
{
	mmcsim_configfs_exit();
	root_device_unregister(mmcsim_root);
	destroy_workqueue(mmcsim_wq);
}

module_init(mmcsim_init);
module_exit(mmcsim_exit);

MODULE_DESCRIPTION("Simulated MMC optical drives for tests, configured through configfs");
MODULE_LICENSE("GPL");

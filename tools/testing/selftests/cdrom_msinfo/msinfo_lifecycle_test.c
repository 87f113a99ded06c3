// SPDX-License-Identifier: GPL-2.0
/*
 * Attach and detach in every order: cdrom_msinfo unloaded and loaded with
 * drives present, sr unbound and rebound, sr_mod unloaded and loaded after
 * cdrom_msinfo, drives removed and added, and both modules unloaded while
 * refreshes are in flight on slow drives.  Each round checks that the
 * multisession directory comes and goes and that the state is right; the
 * VM runner fails the run on any warning in the kernel log.
 */
#include "kselftest_harness.h"
#include "msinfo_values.h"

#define NDRIVES	4

static const char *const drive_media[NDRIVES][2] = {
	{ "cd-r.appendable-2.txt", "appendable" },
	{ "dvd+rw.formatted.txt", "overwritable" },
	{ "bd-r.blank.txt", "blank" },
	{ "dvd-rom.closed.txt", "complete" },
};

static int rounds(void)
{
	return msinfo_env_int("MSINFO_LIFECYCLE_ROUNDS", 100);
}

static int modprobe_sr(void)
{
	char cmd[PATH_MAX + 64];

	snprintf(cmd, sizeof(cmd), "modprobe -d '%s' sr_mod", getenv("MSINFO_KROOT") ?: "/");
	return system(cmd) ? -EIO : 0;
}

FIXTURE(drives) {
	struct mmcsim_drive d[NDRIVES];
};

FIXTURE_SETUP(drives)
{
	char name[32];
	int i;

	/* A test killed by its timeout leaves no teardown behind it. */
	ASSERT_EQ(0, modprobe_sr());
	ASSERT_EQ(0, msinfo_load_module());
	ASSERT_EQ(0, mmcsim_load_module());
	for (i = 0; i < NDRIVES; i++) {
		snprintf(name, sizeof(name), "life%d", i);
		ASSERT_EQ(0, mmcsim_setup(&self->d[i], name, drive_media[i][0]));
	}
}

FIXTURE_TEARDOWN(drives)
{
	int i;

	/* Leave both modules loaded, as the runner expects. */
	modprobe_sr();
	msinfo_load_module();
	for (i = 0; i < NDRIVES; i++)
		mmcsim_destroy(&self->d[i]);
}

/* Every drive is attached and shows its medium's state. */
static void check_attached(struct __test_metadata *_metadata, struct mmcsim_drive *d)
{
	char state[32];
	int i, tries, err;

	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, mmcsim_wait_disk(&d[i], 10000));
		/*
		 * The block layer may report a media change on a drive just
		 * bound, after the first state was published: EAGAIN then
		 * until the module has read the medium again.
		 */
		for (tries = 0; tries < 5; tries++) {
			ASSERT_LT(0, msinfo_wait_fresh(d[i].disk, 1, 20)) TH_LOG("%s", d[i].disk);
			err = msinfo_attr(d[i].disk, "media_state", state, sizeof(state));
			if (err != -EAGAIN)
				break;
		}
		ASSERT_EQ(0, err) TH_LOG("%s", d[i].disk);
		ASSERT_STREQ(drive_media[i][1], state);
	}
}

TEST_F_TIMEOUT(drives, module_reload, 300)
{
	int r, i;

	for (r = 0; r < rounds(); r++) {
		ASSERT_EQ(0, msinfo_unload_module("cdrom_msinfo")) TH_LOG("round %d", r);
		for (i = 0; i < NDRIVES; i++)
			ASSERT_FALSE(msinfo_attached(self->d[i].disk));
		ASSERT_EQ(0, msinfo_load_module());
		check_attached(_metadata, self->d);
	}
}

TEST_F_TIMEOUT(drives, sr_unbind_rebind, 300)
{
	int r, i;

	for (r = 0; r < rounds(); r++) {
		i = r % NDRIVES;
		ASSERT_EQ(0, msinfo_sr_bind(self->d[i].host, false));
		ASSERT_FALSE(msinfo_attached(self->d[i].disk));
		self->d[i].disk[0] = '\0';
		ASSERT_EQ(0, msinfo_sr_bind(self->d[i].host, true));
		check_attached(_metadata, self->d);
	}
}

/*
 * sr_mod goes and comes back: cdrom_msinfo is loaded first then.  Each
 * round probes every drive again (seconds under TCG), so fewer rounds.
 */
TEST_F_TIMEOUT(drives, sr_mod_reload, 300)
{
	int r, i, n = rounds() / 10 ?: 1;

	for (r = 0; r < n; r++) {
		ASSERT_EQ(0, msinfo_unload_module_wait("sr_mod")) TH_LOG("round %d", r);
		for (i = 0; i < NDRIVES; i++)
			self->d[i].disk[0] = '\0';
		ASSERT_EQ(0, modprobe_sr());
		check_attached(_metadata, self->d);
	}
}

/* cdrom_msinfo loaded while sr_mod is absent, sr_mod loaded after it. */
TEST_F(drives, sr_mod_after_msinfo)
{
	int i;

	ASSERT_EQ(0, msinfo_unload_module_wait("sr_mod"));
	ASSERT_EQ(0, msinfo_unload_module("cdrom_msinfo"));
	ASSERT_EQ(0, msinfo_load_module());
	for (i = 0; i < NDRIVES; i++)
		self->d[i].disk[0] = '\0';
	ASSERT_EQ(0, modprobe_sr());
	check_attached(_metadata, self->d);
}

TEST_F_TIMEOUT(drives, drive_remove_add, 300)
{
	int r, i;

	for (r = 0; r < rounds(); r++) {
		i = r % NDRIVES;
		ASSERT_EQ(0, mmcsim_power(&self->d[i], 0));
		ASSERT_EQ(0, mmcsim_power(&self->d[i], 1));
		check_attached(_metadata, self->d);
	}
}

/* Slow drives: a refresh is in flight when each module goes away. */
static void make_slow(struct __test_metadata *_metadata, struct mmcsim_drive *d, bool slow)
{
	int i;

	for (i = 0; i < NDRIVES; i++)
		ASSERT_EQ(0, mmcsim_attr_write(&d[i], "latency_us", "%d", slow ? 300000 : 0));
}

static void refresh_all_async(struct mmcsim_drive *d)
{
	int i;

	for (i = 0; i < NDRIVES; i++) {
		if (fork() == 0) {
			msinfo_refresh_sysfs(d[i].disk);
			_exit(0);
		}
	}
}

TEST_F_TIMEOUT(drives, unload_msinfo_during_refresh, 120)
{
	int r, status;

	make_slow(_metadata, self->d, true);
	for (r = 0; r < 3; r++) {
		refresh_all_async(self->d);
		usleep(100000);
		/* busy while a sysfs writer is inside; retry until it is out */
		while (msinfo_unload_module("cdrom_msinfo") == -EAGAIN)
			usleep(20000);
		ASSERT_FALSE(access("/sys/module/cdrom_msinfo", F_OK) == 0);
		while (wait(&status) > 0)
			;
		ASSERT_EQ(0, msinfo_load_module());
		usleep(100000);
	}
	make_slow(_metadata, self->d, false);
	check_attached(_metadata, self->d);
}

TEST_F_TIMEOUT(drives, unload_sr_during_refresh, 120)
{
	int r, i, status;

	make_slow(_metadata, self->d, true);
	for (r = 0; r < 3; r++) {
		refresh_all_async(self->d);
		usleep(100000);
		while (msinfo_unload_module("sr_mod") == -EAGAIN)
			usleep(20000);
		while (wait(&status) > 0)
			;
		for (i = 0; i < NDRIVES; i++) {
			ASSERT_FALSE(msinfo_attached(self->d[i].disk));
			self->d[i].disk[0] = '\0';
		}
		ASSERT_EQ(0, modprobe_sr());
		for (i = 0; i < NDRIVES; i++)
			ASSERT_EQ(0, mmcsim_wait_disk(&self->d[i], 10000));
	}
	make_slow(_metadata, self->d, false);
	check_attached(_metadata, self->d);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Many simulated drives: 256 at once, created and removed twice over,
 * powered on and off from several processes at a time. sr has 256
 * minors, so the drives beyond those the machine's other drives leave
 * stay SCSI devices without a disk. Nothing may stay behind: no disk, no
 * SCSI host, no configfs entry (and the VM runner fails the run on any
 * warning or leak in the kernel log).
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mmcsim_lib.h"

#define MANY		256
#define MANY_WORKERS	16

/* Power drives on or off from several processes at once */
static int power_many(struct mmcsim_drive *d, int n, int on)
{
	int w, st, failed = 0;

	for (w = 0; w < MANY_WORKERS; w++) {
		if (fork() == 0) {
			int i, ret = 0;

			for (i = w; i < n; i += MANY_WORKERS)
				if (mmcsim_attr_write(&d[i], "power", "%d", on))
					ret = 1;
			_exit(ret);
		}
	}
	while (wait(&st) > 0)
		failed |= !WIFEXITED(st) || WEXITSTATUS(st);
	return failed;
}

/* Drives bound to sr in the low bits, drives sr has no minor for above */
static int count_disks(struct mmcsim_drive *d, int n)
{
	int i, bound = 0;

	for (i = 0; i < n; i++) {
		char path[PATH_MAX];

		d[i].host = -1;
		d[i].disk[0] = '\0';
		if (mmcsim_wait_disk(&d[i], 0) == 0) {
			bound++;
			continue;
		}
		/* no minor left for sr: the SCSI device is still there */
		snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%d:0:0:0",
			 d[i].host);
		if (d[i].host >= 0 && access(path, F_OK) == 0)
			bound += 0x10000;
	}
	return bound;
}

static int count_entries(const char *dir_path, const char *prefix)
{
	struct dirent *e;
	DIR *dir = opendir(dir_path);
	int n = 0;

	while (dir && (e = readdir(dir)) != NULL)
		n += e->d_name[0] != '.' && !strncmp(e->d_name, prefix, strlen(prefix));
	if (dir)
		closedir(dir);
	return n;
}

FIXTURE(many) {
	int unused;
};

FIXTURE_SETUP(many)
{
	/*
	 * The simulator alone: cdrom_msinfo's scale is the storm test's and
	 * the bench's, and its work for 256 drives (a refresh and an open of
	 * each) would take this test past its time under a busy host.
	 */
	int ret = msinfo_unload_module_wait("cdrom_msinfo");

	ASSERT_TRUE(!ret || ret == -ENOENT) TH_LOG("unload cdrom_msinfo: %d", ret);
	ASSERT_EQ(0, mmcsim_load_module());
}

FIXTURE_TEARDOWN(many)
{
	msinfo_load_module();
}

/* 256 drives at once, twice over; nothing may stay behind */
TEST_F_TIMEOUT(many, drives, 110)
{
	struct mmcsim_drive *d = calloc(MANY, sizeof(*d));
	int round, i, others, want, got = 0, hosts_before;
	double end;

	ASSERT_NE(NULL, d);
	others = count_entries("/sys/class/block", "sr");
	/* sr has 256 minors; the other drives of the machine hold some */
	want = MANY - others;
	hosts_before = count_entries("/sys/class/scsi_host", "host");
	for (round = 0; round < 2; round++) {
		for (i = 0; i < MANY; i++) {
			char name[32];

			snprintf(name, sizeof(name), "t-many%d", i);
			ASSERT_EQ(0, mmcsim_create(&d[i], name));
		}
		EXPECT_EQ(0, power_many(d, MANY, 1));
		for (end = msinfo_now() + 60; msinfo_now() < end;) {
			got = count_disks(d, MANY);
			if ((got & 0xffff) == want && got >> 16 == MANY - want)
				break;
			mmcsim_msleep(100);
		}
		EXPECT_EQ(want, got & 0xffff);
		EXPECT_EQ(MANY - want, got >> 16);
		EXPECT_EQ(hosts_before + MANY,
			  count_entries("/sys/class/scsi_host", "host"));
		EXPECT_EQ(0, power_many(d, MANY, 0));
		for (i = 0; i < MANY; i++)
			ASSERT_EQ(0, mmcsim_destroy(&d[i]));
		EXPECT_EQ(others, count_entries("/sys/class/block", "sr"));
		EXPECT_EQ(hosts_before,
			  count_entries("/sys/class/scsi_host", "host"));
		EXPECT_EQ(0, count_entries(MMCSIM_CONFIGFS, "t-many"));
	}
	free(d);
}

TEST_HARNESS_MAIN

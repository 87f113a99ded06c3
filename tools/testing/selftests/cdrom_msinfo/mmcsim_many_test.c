// SPDX-License-Identifier: GPL-2.0
/*
 * Many simulated drives: 256 at once, created and removed twice over,
 * powered on and off from several processes at a time. sr has 256
 * minors, so the drives beyond those the machine's other drives leave
 * stay SCSI devices without a disk. Nothing may stay behind: no disk, no
 * SCSI host, no configfs entry (and the VM runner fails the run on any
 * warning or leak in the kernel log).
 *
 * Then as many drives as sr has minors left, each with a medium, and
 * cdrom_msinfo loaded: every one of them, and the machine's own drives,
 * must publish the state of its medium, its values those of the medium's
 * media/NAME.msinfo.
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

/* Media of the drives, in turn; NULL: no medium */
static const char * const many_media[] = {
	"cd-r.appendable-2", "dvd+r.appendable-2", "bd-re.formatted",
	"cd-rom.closed", "dvd-r.blank", "bd-r.pow", NULL,
};

/* "media_state" and "msinfo" of media/NAME.msinfo (ENODATA when absent) */
static int expected_values(const char *name, char *state, char *ms, size_t len)
{
	char path[PATH_MAX], file[64], line[256];
	FILE *f;

	snprintf(state, len, "none");
	snprintf(ms, len, "ENOMEDIUM");
	if (!name)
		return 0;
	snprintf(file, sizeof(file), "%s.msinfo", name);
	mmcsim_media_path(path, sizeof(path), file);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	snprintf(ms, len, "ENODATA");
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "media_state ", 12))
			snprintf(state, len, "%.*s", (int)len - 1, line + 12);
		else if (!strncmp(line, "msinfo ", 7))
			snprintf(ms, len, "%.*s", (int)len - 1, line + 7);
	}
	fclose(f);
	return 0;
}

/* A value as sysfs gives it, or the name of its error */
static void read_value(const char *disk, const char *attr, char *buf, size_t len)
{
	int err = msinfo_attr(disk, attr, buf, len);

	if (err)
		snprintf(buf, len, "%s", err == -ENODATA ? "ENODATA" :
			 err == -ENOMEDIUM ? "ENOMEDIUM" : strerror(-err));
}

FIXTURE(values) {
	int unused;
};

FIXTURE_SETUP(values)
{
	ASSERT_EQ(0, mmcsim_load_module());
	ASSERT_EQ(0, msinfo_load_module());
}

FIXTURE_TEARDOWN(values)
{
}

TEST_F_TIMEOUT(values, every_drive, 300)
{
	struct mmcsim_drive *d = calloc(MANY, sizeof(*d));
	int i, n, others, checked = 0, wrong = 0;
	double start = msinfo_now();
	struct dirent *e;
	DIR *dir;

	ASSERT_NE(NULL, d);
	others = count_entries("/sys/class/block", "sr");
	n = MANY - others;
	for (i = 0; i < n; i++) {
		const char *m = many_media[i % ARRAY_SIZE(many_media)];
		char name[32], file[64];

		snprintf(name, sizeof(name), "t-values%d", i);
		ASSERT_EQ(0, mmcsim_create(&d[i], name));
		if (m) {
			snprintf(file, sizeof(file), "%s.txt", m);
			ASSERT_EQ(0, mmcsim_load(&d[i], file));
		}
	}
	EXPECT_EQ(0, power_many(d, n, 1));

	for (i = 0; i < n; i++) {
		const char *m = many_media[i % ARRAY_SIZE(many_media)];
		char want_state[64], want_ms[64], state[64], ms[64];

		if (mmcsim_wait_disk(&d[i], 60000) ||
		    msinfo_wait_fresh(d[i].disk, 1, 60) < 0) {
			if (wrong++ < 8)
				TH_LOG("%s (%s): no disk, or no fresh state",
				       d[i].name, m ?: "no medium");
			continue;
		}
		ASSERT_EQ(0, expected_values(m, want_state, want_ms,
					     sizeof(want_state)));
		read_value(d[i].disk, "media_state", state, sizeof(state));
		read_value(d[i].disk, "msinfo", ms, sizeof(ms));
		checked++;
		if (strcmp(state, want_state) || strcmp(ms, want_ms)) {
			if (wrong++ < 8)
				TH_LOG("%s %s (%s): %s %s, want %s %s", d[i].name,
				       d[i].disk, m ?: "no medium", state, ms,
				       want_state, want_ms);
		}
	}
	TH_LOG("%d simulated drives checked in %.0f s", checked,
	       msinfo_now() - start);
	EXPECT_EQ(n, checked);
	EXPECT_EQ(0, wrong);

	/* the machine's own drives (QEMU's CD-ROM) are read as well */
	dir = opendir("/sys/class/block");
	while (dir && (e = readdir(dir)) != NULL) {
		bool ours = false;
		char state[64];

		if (strncmp(e->d_name, "sr", 2))
			continue;
		for (i = 0; i < n; i++)
			ours |= !strcmp(d[i].disk, e->d_name);
		if (ours)
			continue;
		EXPECT_LT(0, msinfo_wait_fresh(e->d_name, 1, 30))
			TH_LOG("%s: no fresh state", e->d_name);
		read_value(e->d_name, "media_state", state, sizeof(state));
		EXPECT_STRNE("unknown", state);
		TH_LOG("%s (not simulated): %s", e->d_name, state);
	}
	if (dir)
		closedir(dir);

	EXPECT_EQ(0, power_many(d, n, 0));
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, mmcsim_destroy(&d[i]));
	EXPECT_EQ(0, count_entries(MMCSIM_CONFIGFS, "t-values"));
	free(d);
}

TEST_HARNESS_MAIN

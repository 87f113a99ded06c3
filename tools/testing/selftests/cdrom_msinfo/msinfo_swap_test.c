// SPDX-License-Identifier: GPL-2.0
/*
 * Media swap, eject and reload on a simulated drive: the published state
 * follows within one event-poll interval, diskseq and generation move,
 * poll() on generation wakes, and the block layer's media-change uevent
 * carries the diskseq the new state is published for.
 *
 * The block layer reports a media change once, then holds it pending until
 * someone opens the disk; udev's cdrom_id does on every change.  With no
 * udev in the guest, the test opens the disk after each change instead.
 */
#include "kselftest_harness.h"
#include "mmcsim_lib.h"

#define POLL_MS		200

FIXTURE(swap) {
	struct mmcsim_drive d;
	int uevents;
};

/*
 * Wait for a change uevent of /dev/<disk> with DISK_MEDIA_CHANGE=1; returns
 * its DISKSEQ, or -1 on timeout.
 */
static long long wait_media_uevent(int fd, const char *disk, int timeout_ms)
{
	char buf[8192];
	const char *seq;
	int n;

	n = msinfo_wait_uevent(fd, disk, "DISK_MEDIA_CHANGE=1", timeout_ms, buf, sizeof(buf));
	seq = n > 0 ? msinfo_uevent_var(buf, n, "DISKSEQ") : NULL;
	return seq ? strtoll(seq, NULL, 10) : -1;
}

FIXTURE_SETUP(swap)
{
	self->uevents = msinfo_uevent_socket();
	ASSERT_LE(0, self->uevents);
	ASSERT_EQ(0, mmcsim_setup(&self->d, "swap0", "cd-r.appendable-1.txt"));
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, POLL_MS));
	msinfo_touch_disk(self->d.disk);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, 1, 30));
	/* forget the uevents of the drive's arrival */
	while (wait_media_uevent(self->uevents, self->d.disk, 300) >= 0)
		;
}

FIXTURE_TEARDOWN(swap)
{
	mmcsim_destroy(&self->d);
	if (self->uevents >= 0)
		close(self->uevents);
}

/*
 * After a change of medium: the block layer's uevent (*seq, its DISKSEQ,
 * or -1), an open as udev's cdrom_id does, then the module's state of the
 * new medium; returns its generation, or -1.
 */
static long long media_changed(int uevents, const char *disk, long long gen, long long *seq)
{
	*seq = wait_media_uevent(uevents, disk, 10000);
	if (*seq < 0)
		return -1;
	msinfo_touch_disk(disk);
	return msinfo_wait_fresh(disk, gen + 1, 15);
}

/* What the module shows, for the log of a failure. */
static const char *module_view(const char *disk)
{
	static char out[256];
	char state[32] = "", err[96] = "", mseq[32] = "";

	msinfo_attr(disk, "media_state", state, sizeof(state));
	msinfo_attr(disk, "error", err, sizeof(err));
	msinfo_attr(disk, "diskseq", mseq, sizeof(mseq));
	snprintf(out, sizeof(out),
		 "disk diskseq %lld, module diskseq %s generation %lld state '%s' error '%s'",
		 (long long)msinfo_disk_seq(disk), mseq, msinfo_attr_num(disk, "generation"),
		 state, err);
	return out;
}

/* Arm a poll() on generation: read it once, as sysfs_notify() wants. */
static int arm_generation(const char *disk)
{
	char path[128], buf[32];
	int fd;

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/generation", disk);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && read(fd, buf, sizeof(buf)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

TEST_F_TIMEOUT(swap, swap_eject_reload, 120)
{
	long long gen0, seq0, seq, gen;
	char buf[64];
	struct pollfd p;
	double t0, woke;
	int fd;

	gen0 = msinfo_attr_num(self->d.disk, "generation");
	seq0 = msinfo_attr_num(self->d.disk, "diskseq");
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	ASSERT_STREQ("cd-r", buf);

	/* swap to another medium */
	fd = arm_generation(self->d.disk);
	ASSERT_LE(0, fd);
	t0 = msinfo_now();
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+rw.formatted.txt"));
	p = (struct pollfd){ .fd = fd, .events = POLLPRI | POLLERR };
	ASSERT_EQ(1, poll(&p, 1, 10000));
	woke = msinfo_now() - t0;
	close(fd);
	TH_LOG("poll() on generation woke %.0f ms after the swap", woke * 1000);

	gen = media_changed(self->uevents, self->d.disk, gen0, &seq);
	ASSERT_LT(seq0, seq);
	ASSERT_LT(gen0, gen) TH_LOG("%s", module_view(self->d.disk));
	TH_LOG("state published %.0f ms after the swap", (msinfo_now() - t0) * 1000);
	/* one poll interval, plus the refresh; generous for TCG */
	EXPECT_GT(POLL_MS / 1000.0 + 3.0, msinfo_now() - t0);
	EXPECT_LE(seq, msinfo_attr_num(self->d.disk, "diskseq"));
	EXPECT_EQ(msinfo_disk_seq(self->d.disk), msinfo_attr_num(self->d.disk, "diskseq"));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	EXPECT_STREQ("dvd+rw", buf);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("overwritable", buf);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "type", buf, sizeof(buf)));
	EXPECT_STREQ("[random_write]", buf);

	/* eject: no medium, values read ENOMEDIUM */
	gen0 = gen;
	seq0 = seq;
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	gen = media_changed(self->uevents, self->d.disk, gen0, &seq);
	ASSERT_LT(seq0, seq);
	ASSERT_LT(gen0, gen) TH_LOG("%s", module_view(self->d.disk));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("none", buf);
	EXPECT_EQ(-ENOMEDIUM, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	EXPECT_EQ(-ENOMEDIUM, msinfo_attr(self->d.disk, "msinfo", buf, sizeof(buf)));
	EXPECT_EQ(-ENOMEDIUM,
		  msinfo_attr(self->d.disk, "random_write/total_sectors", buf, sizeof(buf)));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "random_write/supported", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);

	/* reload the same medium: a new diskseq, the old values back */
	gen0 = msinfo_attr_num(self->d.disk, "generation");
	seq0 = seq;
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "1"));
	gen = media_changed(self->uevents, self->d.disk, gen0, &seq);
	ASSERT_LT(seq0, seq);
	ASSERT_LT(gen0, gen) TH_LOG("%s", module_view(self->d.disk));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	EXPECT_STREQ("dvd+rw", buf);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("overwritable", buf);
}

/* A choice of type holds for one medium only. */
TEST_F_TIMEOUT(swap, type_choice_is_per_medium, 60)
{
	char buf[64], attr[128];
	long long gen, seq;

	snprintf(attr, sizeof(attr), "/sys/block/%s/multisession/type", self->d.disk);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "type", buf, sizeof(buf)));
	EXPECT_STREQ("[sequential]", buf);
	EXPECT_EQ(-EOPNOTSUPP, msinfo_write_file(attr, "random_write"));
	EXPECT_EQ(0, msinfo_write_file(attr, "sequential"));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "sequential/in_use", buf, sizeof(buf)));
	EXPECT_STREQ("1", buf);

	gen = msinfo_attr_num(self->d.disk, "generation");
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.closed.txt"));
	ASSERT_LT(gen, media_changed(self->uevents, self->d.disk, gen, &seq));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("complete", buf);
	/* closed: no type, and choosing one says why */
	EXPECT_EQ(-EROFS, msinfo_write_file(attr, "sequential"));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "sequential/in_use", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);

	gen = msinfo_attr_num(self->d.disk, "generation");
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.blank.txt"));
	ASSERT_LT(gen, media_changed(self->uevents, self->d.disk, gen, &seq));
	EXPECT_EQ(-ENODATA, msinfo_write_file(attr, "sequential"));
}

/*
 * Wait for the module's own change uevent for /dev/<disk>; fills state,
 * msinfo and nwa from its MSINFO_* variables ("" for one it lacks).
 */
static int wait_msinfo_uevent(int fd, const char *disk, int timeout_ms,
			      char *state, char *msinfo, char *nwa, size_t len)
{
	char buf[8192];
	const char *v;
	int n;

	n = msinfo_wait_uevent(fd, disk, "MSINFO_STATE=", timeout_ms, buf, sizeof(buf));
	if (n < 0)
		return n;
	snprintf(state, len, "%s", msinfo_uevent_var(buf, n, "MSINFO_STATE"));
	v = msinfo_uevent_var(buf, n, "MSINFO_MSINFO");
	snprintf(msinfo, len, "%s", v ? v : "");
	v = msinfo_uevent_var(buf, n, "MSINFO_NEXT_WRITABLE_LBA");
	snprintf(nwa, len, "%s", v ? v : "");
	return 0;
}

/*
 * A burner appends a session: the medium changes with no media event.
 * While the burner holds the disk open for exclusive write nothing is
 * refreshed; when it lets go, the module refreshes and tells udev.
 */
TEST_F_TIMEOUT(swap, burn_noticed, 60)
{
	char path[PATH_MAX], before[64], after[64], state[64], msinfo[64];
	char nwa[64], nwa_sysfs[64];
	long long seq, gen;
	int fd;

	ASSERT_EQ(0, msinfo_attr(self->d.disk, "msinfo", before, sizeof(before)));
	seq = msinfo_attr_num(self->d.disk, "diskseq");
	gen = msinfo_attr_num(self->d.disk, "generation");

	snprintf(path, sizeof(path), "/dev/%s", self->d.disk);
	fd = open(path, O_RDWR | O_NONBLOCK | O_EXCL | O_CLOEXEC);
	ASSERT_LE(0, fd);
	mmcsim_media_path(path, sizeof(path), "cd-r.appendable-2.txt");
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "burn", "%s", path));
	usleep(500000);
	/* the burner still holds the disk: the old state stands */
	EXPECT_EQ(gen, msinfo_attr_num(self->d.disk, "generation"));
	close(fd);

	ASSERT_EQ(0, wait_msinfo_uevent(self->uevents, self->d.disk, 10000,
					state, msinfo, nwa, sizeof(msinfo)));
	EXPECT_STREQ("appendable", state);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "msinfo", after, sizeof(after)));
	EXPECT_STRNE(before, after);
	EXPECT_STREQ(after, msinfo);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "sequential/next_writable",
				 nwa_sysfs, sizeof(nwa_sysfs)));
	EXPECT_STREQ(nwa_sysfs, nwa);
	EXPECT_EQ(seq, msinfo_attr_num(self->d.disk, "diskseq"));
	EXPECT_LT(gen, msinfo_attr_num(self->d.disk, "generation"));
	EXPECT_EQ(2, msinfo_attr_num(self->d.disk, "sessions"));
}

TEST_HARNESS_MAIN

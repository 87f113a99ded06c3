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
#include <linux/netlink.h>
#include <sys/socket.h>

#include "kselftest_harness.h"
#include "mmcsim_lib.h"
#include "msinfo_lib.h"

#define POLL_MS		200

FIXTURE(swap) {
	struct mmcsim_drive d;
	int uevents;
};

static int uevent_socket(void)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1,	/* kernel uevents */
	};
	int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * Wait for a change uevent of /dev/<disk> with DISK_MEDIA_CHANGE=1; returns
 * its DISKSEQ, or -1 on timeout.
 */
static long long wait_media_uevent(int fd, const char *disk, int timeout_ms)
{
	double end = msinfo_now() + timeout_ms / 1000.0;
	char buf[8192], want[64];

	snprintf(want, sizeof(want), "DEVNAME=%s", disk);
	while (msinfo_now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		bool ours = false, media = false;
		long long seq = -1;
		ssize_t n;
		char *s;

		if (poll(&p, 1, 100) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (s = buf; s < buf + n; s += strlen(s) + 1) {
			if (!strcmp(s, want))
				ours = true;
			else if (!strcmp(s, "DISK_MEDIA_CHANGE=1"))
				media = true;
			else if (!strncmp(s, "DISKSEQ=", 8))
				seq = strtoll(s + 8, NULL, 10);
		}
		if (ours && media)
			return seq;
	}
	return -1;
}

/* What udev's cdrom_id does to the disk after each change event. */
static void open_like_udev(const char *disk)
{
	int fd = msinfo_open_disk(disk);

	if (fd >= 0)
		close(fd);
}

FIXTURE_SETUP(swap)
{
	char path[128], val[16];

	self->uevents = uevent_socket();
	ASSERT_LE(0, self->uevents);
	ASSERT_EQ(0, mmcsim_setup(&self->d, "swap0", "cd-r.appendable-1.txt"));
	snprintf(path, sizeof(path), "/sys/block/%s/events_poll_msecs", self->d.disk);
	snprintf(val, sizeof(val), "%d", POLL_MS);
	ASSERT_EQ(0, msinfo_write_file(path, val));
	open_like_udev(self->d.disk);
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

static long long disk_diskseq(const char *disk)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", disk);
	if (msinfo_read_file(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 10);
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
	char buf[64], path[PATH_MAX];
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
	mmcsim_media_path(path, sizeof(path), "dvd+rw.formatted.txt");
	t0 = msinfo_now();
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "load", "%s", path));
	p = (struct pollfd){ .fd = fd, .events = POLLPRI | POLLERR };
	ASSERT_EQ(1, poll(&p, 1, 10000));
	woke = msinfo_now() - t0;
	close(fd);
	TH_LOG("poll() on generation woke %.0f ms after the swap", woke * 1000);

	seq = wait_media_uevent(self->uevents, self->d.disk, 10000);
	ASSERT_LT(seq0, seq);
	open_like_udev(self->d.disk);
	gen = msinfo_wait_fresh(self->d.disk, gen0 + 1, 10);
	ASSERT_LT(gen0, gen);
	TH_LOG("state published %.0f ms after the swap", (msinfo_now() - t0) * 1000);
	/* one poll interval, plus the refresh; generous for TCG */
	EXPECT_GT(POLL_MS / 1000.0 + 3.0, msinfo_now() - t0);
	EXPECT_LE(seq, msinfo_attr_num(self->d.disk, "diskseq"));
	EXPECT_EQ(disk_diskseq(self->d.disk), msinfo_attr_num(self->d.disk, "diskseq"));
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
	seq = wait_media_uevent(self->uevents, self->d.disk, 10000);
	ASSERT_LT(seq0, seq);
	open_like_udev(self->d.disk);
	ASSERT_LT(gen0, msinfo_wait_fresh(self->d.disk, gen0 + 1, 10));
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
	seq = wait_media_uevent(self->uevents, self->d.disk, 10000);
	ASSERT_LT(seq0, seq);
	open_like_udev(self->d.disk);
	ASSERT_LT(gen0, msinfo_wait_fresh(self->d.disk, gen0 + 1, 10));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	EXPECT_STREQ("dvd+rw", buf);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("overwritable", buf);
}

/* A choice of type holds for one medium only. */
TEST_F_TIMEOUT(swap, type_choice_is_per_medium, 60)
{
	char buf[64], path[PATH_MAX], attr[128];
	long long gen;

	snprintf(attr, sizeof(attr), "/sys/block/%s/multisession/type", self->d.disk);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "type", buf, sizeof(buf)));
	EXPECT_STREQ("[sequential]", buf);
	EXPECT_EQ(-EOPNOTSUPP, msinfo_write_file(attr, "random_write"));
	EXPECT_EQ(0, msinfo_write_file(attr, "sequential"));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "sequential/in_use", buf, sizeof(buf)));
	EXPECT_STREQ("1", buf);

	gen = msinfo_attr_num(self->d.disk, "generation");
	mmcsim_media_path(path, sizeof(path), "cd-r.closed.txt");
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "load", "%s", path));
	ASSERT_LT(0, wait_media_uevent(self->uevents, self->d.disk, 10000));
	open_like_udev(self->d.disk);
	ASSERT_LT(gen, msinfo_wait_fresh(self->d.disk, gen + 1, 15));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("complete", buf);
	/* closed: no type, and choosing one says why */
	EXPECT_EQ(-EROFS, msinfo_write_file(attr, "sequential"));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "sequential/in_use", buf, sizeof(buf)));
	EXPECT_STREQ("0", buf);

	gen = msinfo_attr_num(self->d.disk, "generation");
	mmcsim_media_path(path, sizeof(path), "cd-r.blank.txt");
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "load", "%s", path));
	ASSERT_LT(0, wait_media_uevent(self->uevents, self->d.disk, 10000));
	open_like_udev(self->d.disk);
	ASSERT_LT(gen, msinfo_wait_fresh(self->d.disk, gen + 1, 15));
	EXPECT_EQ(-ENODATA, msinfo_write_file(attr, "sequential"));
}

/*
 * Wait for the module's own change uevent for /dev/<disk>; fills state
 * and msinfo from its MSINFO_* variables.
 */
static int wait_msinfo_uevent(int fd, const char *disk, int timeout_ms,
			      char *state, char *msinfo, size_t len)
{
	double end = msinfo_now() + timeout_ms / 1000.0;
	char buf[8192], want[64];

	snprintf(want, sizeof(want), "DEVNAME=%s", disk);
	while (msinfo_now() < end) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		bool ours = false;
		ssize_t n;
		char *s;

		if (poll(&p, 1, 100) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		state[0] = '\0';
		msinfo[0] = '\0';
		for (s = buf; s < buf + n; s += strlen(s) + 1) {
			if (!strcmp(s, want))
				ours = true;
			else if (!strncmp(s, "MSINFO_STATE=", 13))
				snprintf(state, len, "%s", s + 13);
			else if (!strncmp(s, "MSINFO_MSINFO=", 14))
				snprintf(msinfo, len, "%s", s + 14);
		}
		if (ours && state[0])
			return 0;
	}
	return -ETIMEDOUT;
}

/*
 * A burner appends a session: the medium changes with no media event.
 * While the burner holds the disk open for exclusive write nothing is
 * refreshed; when it lets go, the module refreshes and tells udev.
 */
TEST_F_TIMEOUT(swap, burn_noticed, 60)
{
	char path[PATH_MAX], before[64], after[64], state[64], msinfo[64];
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
					state, msinfo, sizeof(msinfo)));
	EXPECT_STREQ("appendable", state);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "msinfo", after, sizeof(after)));
	EXPECT_STRNE(before, after);
	EXPECT_STREQ(after, msinfo);
	EXPECT_EQ(seq, msinfo_attr_num(self->d.disk, "diskseq"));
	EXPECT_LT(gen, msinfo_attr_num(self->d.disk, "generation"));
	EXPECT_EQ(2, msinfo_attr_num(self->d.disk, "sessions"));
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * An ordinary user cannot keep a drive busy: with an fd of /dev/srN that
 * root opened and passed down, uid 1000 calls CDROM_MSINFO_IOC_REFRESH in
 * a tight loop for 5 s.  The simulated drive counts the MMC commands that
 * reach it: at most one refresh per user_refresh_interval_ms, so at most
 * (1000 / user_refresh_interval_ms) * (commands of one refresh) commands
 * per second, whatever the loop does.
 */
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define LOOP_S		5
#define USER_UID	1000

static const char *const interval_param =
	"/sys/module/cdrom_msinfo/parameters/user_refresh_interval_ms";

FIXTURE(user) {
	struct mmcsim_drive d;
	char interval[32];
};

FIXTURE_SETUP(user)
{
	double still = msinfo_now();
	long long seq, last = 0;

	ASSERT_EQ(0, msinfo_read_file(interval_param, self->interval, sizeof(self->interval)));
	ASSERT_EQ(0, mmcsim_setup(&self->d, "user0", "cd-r.appendable-2.txt"));
	/*
	 * Quiet first: the block layer reports the new drive's medium as a
	 * change, which refreshes it once more; an open, as udev's, clears
	 * the event.  Then diskseq must stay put for a second.
	 */
	do {
		msinfo_touch_disk(self->d.disk);
		usleep(200000);
		seq = msinfo_disk_seq(self->d.disk);
		ASSERT_LT(0, seq);
		if (seq != last) {
			last = seq;
			still = msinfo_now();
		}
	} while (msinfo_now() < still + 1);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, 1, 30));
}

FIXTURE_TEARDOWN(user)
{
	msinfo_write_file(interval_param, self->interval);
	mmcsim_destroy(&self->d);
}

struct loop_result {
	long ok, again, other;
};

/* The user's loop, in a child that drops to uid 1000. */
static int user_loop(int fd, struct loop_result *res)
{
	struct cdrom_msinfo_refresh r = { .size = sizeof(r), .fd = fd };
	int ctl, pipefd[2];
	pid_t pid;

	if (pipe(pipefd))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		struct loop_result mine = { 0 };
		double end;

		close(pipefd[0]);
		if (setresgid(USER_UID, USER_UID, USER_UID) ||
		    setresuid(USER_UID, USER_UID, USER_UID))
			_exit(10);
		/* the device node is 0666; the drive only through root's fd */
		ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
		if (ctl < 0)
			_exit(11);
		end = msinfo_now() + LOOP_S;
		while (msinfo_now() < end) {
			if (!ioctl(ctl, CDROM_MSINFO_IOC_REFRESH, &r))
				mine.ok++;
			else if (errno == EAGAIN)
				mine.again++;
			else
				mine.other++;
		}
		if (write(pipefd[1], &mine, sizeof(mine)) != sizeof(mine))
			_exit(12);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], res, sizeof(*res)) != sizeof(*res))
		res->other = -1;
	close(pipefd[0]);
	waitpid(pid, NULL, 0);
	return 0;
}

static void measure(struct __test_metadata *_metadata, struct mmcsim_drive *d,
		    unsigned int interval_ms)
{
	struct loop_result res = { 0 };
	long long per_refresh, cmds, allowed;
	char buf[32];
	double t0, secs, rate, bound;
	int fd;

	snprintf(buf, sizeof(buf), "%u", interval_ms);
	ASSERT_EQ(0, msinfo_write_file(interval_param, buf));

	/* the commands of one refresh, asked by root */
	ASSERT_EQ(0, mmcsim_attr_write(d, "counters", "0"));
	ASSERT_EQ(0, msinfo_refresh_sysfs(d->disk));
	per_refresh = msinfo_sim_commands(d, -1);
	ASSERT_LT(0, per_refresh);

	fd = msinfo_open_disk(d->disk);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, mmcsim_attr_write(d, "counters", "0"));
	t0 = msinfo_now();
	ASSERT_EQ(0, user_loop(fd, &res));
	secs = msinfo_now() - t0;
	cmds = msinfo_sim_commands(d, -1);
	close(fd);

	rate = cmds / secs;
	bound = 1000.0 / interval_ms * per_refresh;
	TH_LOG("interval %u ms: %ld refreshes, %ld EAGAIN in %.2f s", interval_ms, res.ok,
	       res.again, secs);
	TH_LOG("%lld MMC commands, %.2f commands/s (bound %.2f, %lld commands per refresh)",
	       cmds, rate, bound, per_refresh);
	EXPECT_EQ(0, res.other);
	/* one refresh per interval that began in the loop, the first at once */
	allowed = (long long)(secs * 1000 / interval_ms) + 1;
	EXPECT_GE(allowed, res.ok);
	/* not refused for good (a slow refresh may eat into an interval) */
	EXPECT_LE(2, res.ok) TH_LOG("refreshes refused that the interval allows");
	EXPECT_LT(1000, res.again) TH_LOG("not a tight loop");
	/* every command belongs to an accepted refresh */
	EXPECT_EQ(res.ok * per_refresh, cmds);
	EXPECT_GE(allowed * per_refresh, cmds);
	/* the bound per second, but for the one refresh the loop starts with */
	EXPECT_GE(bound + (double)per_refresh / secs, rate);
}

TEST_F_TIMEOUT(user, refresh_loop_default_interval, 60)
{
	measure(_metadata, &self->d, atoi(self->interval));
}

TEST_F_TIMEOUT(user, refresh_loop_short_interval, 60)
{
	measure(_metadata, &self->d, 100);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the cache costs the drive nothing: every way msinfo shows the
 * state (the report, --json, -C, --udev; by node, by name, all drives)
 * sends no command to the drive and leaves a runtime-suspended drive
 * suspended.  Only --refresh makes the drive work.  The simulator counts
 * every command it receives; the block layer's polling is off meanwhile,
 * so that each count is msinfo's alone.
 */
#include <libgen.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "kselftest_harness.h"
#include "mmcsim_lib.h"
#include "msinfo_values.h"

#define OUT_SIZE	16384

/* Every command the drive received, of any opcode; -1 if unreadable. */
static long long all_commands(const struct mmcsim_drive *d)
{
	char buf[4096], *line, *save;
	unsigned long long n;
	long long sum = 0;
	unsigned int op;

	if (mmcsim_attr_read(d, "counters", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%x %llu", &op, &n) == 2)
			sum += n;
	return sum;
}

/* A program built beside this test. */
static void beside(const char *prog, char *path, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	snprintf(path, len, "%s/%s", dirname(exe), prog);
}

static void msinfo_path(char *path, size_t len)
{
	beside("msinfo", path, len);
}

/* argv of up to four arguments after prog; unused ones NULL */
static void make_argv(char **argv, char *prog, char *a, char *b, char *c)
{
	argv[0] = prog;
	argv[1] = a;
	argv[2] = b;
	argv[3] = c;
	argv[4] = NULL;
}

/* How a program waited: the system calls it was seen blocked in. */
struct watched {
	int status;		/* exit status, or -1 */
	double seconds;
	bool in_ioctl;		/* ioctl(2): the WAIT */
	bool in_sleep;		/* nanosleep(2), clock_nanosleep(2) */
	bool in_poll;		/* poll(2), ppoll(2) */
	char out[4096];
};

/*
 * Run argv with its output in w->out, sampling /proc/PID/syscall (the
 * number of the call it is blocked in) every 10 ms until it exits; then
 * call then(arg) once, after delay_ms and once it was seen waiting, to
 * end its wait.
 */
static void run_watched(char *const argv[], struct watched *w, int delay_ms,
			void (*then)(void *), void *arg)
{
	char path[64], buf[64];
	double t0 = msinfo_now();
	bool done = false;
	int fds[2], st;
	ssize_t n;
	pid_t pid;
	long nr;

	memset(w, 0, sizeof(*w));
	w->status = -1;
	if (pipe(fds))
		return;
	pid = fork();
	if (pid < 0)
		return;
	if (!pid) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		alarm(30);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	while (waitpid(pid, &st, WNOHANG) == 0) {
		/* "running" when not in a call: no number */
		if (!msinfo_read_file(path, buf, sizeof(buf)) &&
		    buf[0] >= '0' && buf[0] <= '9') {
			nr = strtol(buf, NULL, 10);
			w->in_ioctl |= nr == SYS_ioctl;
			w->in_sleep |= nr == SYS_nanosleep || nr == SYS_clock_nanosleep;
			w->in_poll |= nr == SYS_poll || nr == SYS_ppoll;
		}
		/* once it waits: a slow start must not miss what ends it */
		if (!done && msinfo_now() - t0 >= delay_ms / 1000.0 &&
		    (w->in_ioctl || w->in_sleep || w->in_poll)) {
			done = true;
			if (then)
				then(arg);
		}
		usleep(10000);
	}
	w->seconds = msinfo_now() - t0;
	w->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	n = read(fds[0], w->out, sizeof(w->out) - 1);
	w->out[n > 0 ? n : 0] = '\0';
	close(fds[0]);
}

static void refresh_drive(void *disk)
{
	msinfo_refresh_sysfs(disk);
}

/* /sys/block/<disk>/device/power/<attr> */
static int power_attr(const char *disk, const char *attr, char *buf, size_t len,
		      const char *val)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/block/%s/device/power/%s", disk, attr);
	return val ? msinfo_write_file(path, val) : msinfo_read_file(path, buf, len);
}

static bool runtime_suspended(const char *disk)
{
	char buf[32];

	return !power_attr(disk, "runtime_status", buf, sizeof(buf), NULL) &&
	       !strcmp(buf, "suspended");
}

struct mode {
	const char *opt;	/* NULL: the report */
	bool by_name;		/* srN rather than /dev/srN */
	bool all;		/* no DEVICE: every drive */
};

static const struct mode modes[] = {
	{ NULL, false, false }, { "--json", false, false },
	{ "-C", false, false }, { "--udev", false, false },
	{ "--sysfs", false, false },
	{ NULL, true, false }, { "--json", true, false }, { "-C", true, false },
	{ NULL, false, true }, { "--json", false, true },
};

static const char *mode_name(const struct mode *m, char *buf, size_t len)
{
	snprintf(buf, len, "msinfo %s%s", m->opt ? m->opt : "",
		 m->all ? "" : m->by_name ? " srN" : " /dev/srN");
	return buf;
}

/* What the output of mode m holds for cd-r.appendable-1 */
static const char *expected_output(const struct mode *m)
{
	if (!m->opt)
		return "appendable";
	if (!strcmp(m->opt, "-C"))
		return "0,11700\n";
	if (!strcmp(m->opt, "--udev"))
		return "ID_CDROM_MSINFO_MSINFO=0,11700\n";
	if (!strcmp(m->opt, "--json"))
		return "\"msinfo\": \"0,11700\"";
	return "msinfo:";
}

/* Run msinfo in mode m on the disk; its exit status, output in out. */
static int run_mode(const char *disk, const struct mode *m, char *out)
{
	char prog[PATH_MAX], dev[64];
	char *argv[4];
	int argc = 0;

	msinfo_path(prog, sizeof(prog));
	snprintf(dev, sizeof(dev), "%s%s", m->by_name ? "" : "/dev/", disk);
	argv[argc++] = prog;
	if (m->opt)
		argv[argc++] = (char *)m->opt;
	if (!m->all)
		argv[argc++] = dev;
	argv[argc] = NULL;
	return mmcsim_runv(out, OUT_SIZE, 30, argv);
}

FIXTURE(quiet) {
	struct mmcsim_drive d;
	char *out;
};

FIXTURE_SETUP(quiet)
{
	self->out = malloc(OUT_SIZE);
	ASSERT_NE(NULL, self->out);
	ASSERT_EQ(0, msinfo_load_module());
	ASSERT_EQ(0, mmcsim_setup(&self->d, "quiet0", "cd-r.appendable-1.txt"));
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 200));
	msinfo_touch_disk(self->d.disk);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, 1, 30));
}

FIXTURE_TEARDOWN(quiet)
{
	power_attr(self->d.disk, "control", NULL, 0, "on");
	mmcsim_destroy(&self->d);
	free(self->out);
}

/* No command from any mode, and each says what the medium holds. */
/* slow kernels (the debug kernel) take seconds for each run of msinfo */
TEST_F_TIMEOUT(quiet, every_mode_sends_nothing, 240)
{
	char prog[PATH_MAX], name[64];
	char *argv[5];
	size_t i;
	int st;

	/* no polling: what the drive receives from here on is msinfo's */
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 0));
	usleep(500000);
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		const struct mode *m = &modes[i];

		mode_name(m, name, sizeof(name));
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
		st = run_mode(self->d.disk, m, self->out);
		EXPECT_EQ(0, st) TH_LOG("%s: %s", name, self->out);
		EXPECT_EQ(0, all_commands(&self->d))
			TH_LOG("%s sent commands to the drive", name);
		EXPECT_NE(NULL, strstr(self->out, expected_output(m)))
			TH_LOG("%s: %s", name, self->out);
	}
	/* the oracle that the counters count: --refresh does make it work */
	msinfo_path(prog, sizeof(prog));
	make_argv(argv, prog, "--refresh", "-C", self->d.disk);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
	EXPECT_EQ(0, mmcsim_runv(self->out, OUT_SIZE, 30, argv)) TH_LOG("%s", self->out);
	EXPECT_LT(0, all_commands(&self->d));
}

/*
 * An empty drive that sr let suspend: every mode reads "no medium" and the
 * drive stays suspended.  The autosuspend delay is made long once it
 * sleeps, so that a wake-up would leave it awake for the check to see.
 */
TEST_F_TIMEOUT(quiet, suspended_drive_stays_suspended, 240)
{
	char name[64], buf[32];
	long long gen;
	double end;
	size_t i;
	int st;

	gen = msinfo_attr_num(self->d.disk, "generation");
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 30));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	ASSERT_STREQ("none", buf);
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 0));
	if (power_attr(self->d.disk, "autosuspend_delay_ms", buf, sizeof(buf), NULL) == -ENOENT)
		SKIP(return, "this kernel has no runtime power management");
	/*
	 * sr lets a drive suspend only once it knows the drive empty, which
	 * it learns on an open (TEST UNIT READY): the module's open after
	 * the change may have come before the eject reached sr.
	 */
	msinfo_touch_disk(self->d.disk);
	ASSERT_EQ(0, power_attr(self->d.disk, "autosuspend_delay_ms", NULL, 0, "0"));
	ASSERT_EQ(0, power_attr(self->d.disk, "control", NULL, 0, "auto"));
	end = msinfo_now() + 40;
	while (!runtime_suspended(self->d.disk) && msinfo_now() < end)
		usleep(50000);
	/*
	 * Under a heavy load sr has been seen to keep the drive active for
	 * the whole wait: then there is nothing to check here (the same
	 * promise is checked by msinfo_pm_test.sh).
	 */
	if (!runtime_suspended(self->d.disk)) {
		power_attr(self->d.disk, "runtime_status", buf, sizeof(buf), NULL);
		SKIP(return, "sr did not let the empty drive suspend in 40 s (%s)", buf);
	}
	ASSERT_EQ(0, power_attr(self->d.disk, "autosuspend_delay_ms", NULL, 0, "10000"));
	ASSERT_TRUE(runtime_suspended(self->d.disk));

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		const struct mode *m = &modes[i];

		mode_name(m, name, sizeof(name));
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
		st = run_mode(self->d.disk, m, self->out);
		/* -C: no medium (3); the others show it */
		EXPECT_EQ(m->opt && !strcmp(m->opt, "-C") ? 3 : 0, st)
			TH_LOG("%s: %s", name, self->out);
		EXPECT_TRUE(runtime_suspended(self->d.disk)) TH_LOG("%s woke the drive", name);
		EXPECT_EQ(0, all_commands(&self->d)) TH_LOG("%s sent commands", name);
	}
}

/* A WAIT by device number ends with ENODEV when sr lets go of the drive. */
TEST_F_TIMEOUT(quiet, wait_ends_when_the_drive_goes, 120)
{
	struct cdrom_msinfo_wait w = { .size = sizeof(w) };
	char path[64];
	struct stat sb;
	pid_t pid;
	int ctl, st;

	snprintf(path, sizeof(path), "/dev/%s", self->d.disk);
	ASSERT_EQ(0, stat(path, &sb));
	ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, ctl);
	w.fd = CDROM_MSINFO_FD_DEVNUM;
	w.dev_major = major(sb.st_rdev);
	w.dev_minor = minor(sb.st_rdev);
	w.flags = CDROM_MSINFO_WAIT_DISKSEQ;
	w.diskseq = ~0ULL;
	w.timeout_ms = 30000;
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid)
		_exit(ioctl(ctl, CDROM_MSINFO_IOC_WAIT, &w) ? errno : 0);
	usleep(500000);
	ASSERT_EQ(0, msinfo_sr_bind(self->d.host, false));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(ENODEV, WEXITSTATUS(st));
	close(ctl);
	EXPECT_EQ(0, msinfo_sr_bind(self->d.host, true));
}

/* msinfo --wait blocks in the WAIT ioctl until the next publication. */
TEST_F_TIMEOUT(quiet, msinfo_wait_blocks_in_the_kernel, 120)
{
	char prog[PATH_MAX], *argv[5];
	struct watched w;

	msinfo_path(prog, sizeof(prog));
	make_argv(argv, prog, "--wait", "-C", self->d.disk);
	run_watched(argv, &w, 1000, refresh_drive, self->d.disk);
	EXPECT_EQ(0, w.status) TH_LOG("%s", w.out);
	EXPECT_STREQ("0,11700\n", w.out);
	EXPECT_LE(0.9, w.seconds) TH_LOG("returned before the refresh");
	EXPECT_TRUE(w.in_ioctl);
	EXPECT_FALSE(w.in_sleep);
	EXPECT_FALSE(w.in_poll);
}

/*
 * The documentation's example, right after a media change on a drive
 * that spins up for 1.5 s: GET answers EAGAIN, and the example waits in
 * WAIT for the new medium's state, not in a sleep loop.
 */
TEST_F_TIMEOUT(quiet, example_waits_for_a_new_medium, 120)
{
	char prog[PATH_MAX], dev[64], *argv[5];
	struct watched w;
	long long seq;
	double end;

	beside("cdrom-msinfo-example", prog, sizeof(prog));
	snprintf(dev, sizeof(dev), "/dev/%s", self->d.disk);
	make_argv(argv, prog, dev, NULL, NULL);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "1500"));
	seq = msinfo_disk_seq(self->d.disk);
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.appendable-2.txt"));
	end = msinfo_now() + 10;
	while (msinfo_disk_seq(self->d.disk) == seq && msinfo_now() < end)
		usleep(10000);
	ASSERT_LT(seq, msinfo_disk_seq(self->d.disk));
	run_watched(argv, &w, 0, NULL, NULL);
	EXPECT_EQ(0, w.status) TH_LOG("%s", w.out);
	EXPECT_NE(NULL, strstr(w.out, "msinfo=11700,19100\n")) TH_LOG("%s", w.out);
	EXPECT_TRUE(w.in_ioctl);
	EXPECT_FALSE(w.in_sleep);
	EXPECT_LE(0.5, w.seconds) TH_LOG("the medium was read before: no wait to see");
}

TEST_HARNESS_MAIN

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

#include "kselftest_harness.h"
#include "mmcsim_lib.h"

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

/* The msinfo built beside this test. */
static void msinfo_path(char *path, size_t len)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	snprintf(path, len, "%s/msinfo", dirname(exe));
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
TEST_F(quiet, every_mode_sends_nothing)
{
	char prog[PATH_MAX], name[64];
	char *argv[] = { prog, "--refresh", "-C", self->d.disk, NULL };
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
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
	EXPECT_EQ(0, mmcsim_runv(self->out, OUT_SIZE, 30, argv)) TH_LOG("%s", self->out);
	EXPECT_LT(0, all_commands(&self->d));
}

/*
 * An empty drive that sr let suspend: every mode reads "no medium" and the
 * drive stays suspended.  The autosuspend delay is made long once it
 * sleeps, so that a wake-up would leave it awake for the check to see.
 */
TEST_F_TIMEOUT(quiet, suspended_drive_stays_suspended, 90)
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
	ASSERT_EQ(0, power_attr(self->d.disk, "autosuspend_delay_ms", NULL, 0, "0"));
	ASSERT_EQ(0, power_attr(self->d.disk, "control", NULL, 0, "auto"));
	end = msinfo_now() + 20;
	while (!runtime_suspended(self->d.disk) && msinfo_now() < end)
		usleep(50000);
	ASSERT_TRUE(runtime_suspended(self->d.disk)) TH_LOG("sr never let the drive suspend");
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

TEST_HARNESS_MAIN

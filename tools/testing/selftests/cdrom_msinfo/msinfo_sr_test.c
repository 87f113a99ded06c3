// SPDX-License-Identifier: GPL-2.0
/*
 * The module in sr's stack: what it does to the drive and to sr.
 *
 * - A unit attention that the module's command takes is passed on to sr,
 *   as every kernel consumer of one does: sr then re-reads the capacity
 *   of the new medium, and its GESN/TUR cross-check never finds GESN
 *   reporting changes that TEST UNIT READY does not confirm (after a few
 *   such, sr polls with TEST UNIT READY for good).
 * - No background command escalates into SCSI error handling: a slow
 *   command is waited for as long as sr waits for its own; one that hangs
 *   costs one abort, then the drive gets no command for rest_ms.
 * - Media changes and ejects are all seen with nothing else opening the
 *   drive (no udev): the module opens it after each change, as udev's
 *   cdrom_id would, so that the block layer reports the next one.
 * - Exclusive opens by userspace (burners) hold refreshes off and bring
 *   one when they end; a user's refresh meanwhile fails with EBUSY.  One
 *   that wrote nothing costs one command, and publishes nothing.  One far
 *   shorter than the look is seen by the drive's command counters.
 * - A disc the drive is still identifying (Current Profile 0) is not
 *   published as "none".
 * - Detaching a drive (sr unbind, drive removal, module unload) while
 *   refreshes and choices of type run: the kernel log stays clean (the
 *   runner checks it; the debug kernel delays kobject releases).
 */
#include <pthread.h>
#include <scsi/sg.h>
#include <stdatomic.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "mmcsim_lib.h"
#include "msinfo_values.h"

#define POLL_MS		200
#define PARAM		"/sys/module/cdrom_msinfo/parameters/"

/* Every error handler callback the drive received. */
static long long eh_total(const struct mmcsim_drive *d)
{
	static const char *const kinds[] = {
		"abort", "device_reset", "target_reset", "bus_reset", "host_reset",
	};
	long long n, sum = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		n = mmcsim_eh_count(d, kinds[i]);
		if (n < 0)
			return -1;
		sum += n;
	}
	return sum;
}

/* The blocks READ CAPACITY reports for the loaded medium, from its model. */
static long long readable_blocks(const struct mmcsim_drive *d)
{
	char buf[4096];
	const char *p;

	if (mmcsim_attr_read(d, "medium", buf, sizeof(buf)) < 0)
		return -1;
	p = strstr(buf, " readable ");
	return p ? strtoll(p + 10, NULL, 10) : -1;
}

/* sr's capacity of the disk, in 512-byte sectors. */
static long long disk_size(const char *disk)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/block/%s/size", disk);
	return msinfo_read_file(path, buf, sizeof(buf)) ? -1 : strtoll(buf, NULL, 10);
}

/* Wait until diskseq moves past seq; the new one, or -1. */
static long long wait_diskseq(const char *disk, long long seq, double timeout)
{
	double end = msinfo_now() + timeout;
	long long now;

	do {
		now = msinfo_disk_seq(disk);
		if (now > seq)
			return now;
		usleep(10000);
	} while (msinfo_now() < end);
	return -1;
}

static int set_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), PARAM "%s", name);
	return msinfo_write_file(path, val);
}

FIXTURE(sr) {
	struct mmcsim_drive d;
	char timeout_ms[32], rest_ms[32];
};

FIXTURE_SETUP(sr)
{
	ASSERT_EQ(0, msinfo_load_module());
	ASSERT_EQ(0, msinfo_read_file(PARAM "timeout_ms", self->timeout_ms,
				      sizeof(self->timeout_ms)));
	/* the test of the rest says so if there is none */
	if (msinfo_read_file(PARAM "rest_ms", self->rest_ms, sizeof(self->rest_ms)))
		self->rest_ms[0] = '\0';
	ASSERT_EQ(0, mmcsim_setup(&self->d, "srtest0", "cd-r.appendable-1.txt"));
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, POLL_MS));
	msinfo_touch_disk(self->d.disk);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, 1, 30));
}

FIXTURE_TEARDOWN(sr)
{
	set_param("timeout_ms", self->timeout_ms);
	if (self->rest_ms[0])
		set_param("rest_ms", self->rest_ms);
	mmcsim_attr_write(&self->d, "faults", "clear");
	mmcsim_destroy(&self->d);
}

/*
 * 20 swaps between media of different sizes, on a drive that raises "not
 * ready to ready" when its spin-up ends, as drives do.  The block layer
 * sees the change and the disk is opened (by the module, as by udev's
 * cdrom_id) while the drive spins up, so sr cannot read the new capacity
 * yet; the module's retry then takes the unit attention.  sr must learn
 * from it: the next open finds sr's capacity right.  And sr keeps
 * trusting GESN: polling the idle drive sends no TEST UNIT READY.
 */
TEST_F_TIMEOUT(sr, unit_attention_reaches_sr, 240)
{
	static const char *const media[] = {
		"cd-r.appendable-2.txt", "cd-r.appendable-1.txt",
	};
	long long seq, blocks, gen;
	long long tur, gesn;
	int i;

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "ua_at_ready", "1"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "1000"));
	for (i = 0; i < 20; i++) {
		seq = msinfo_disk_seq(self->d.disk);
		gen = msinfo_attr_num(self->d.disk, "generation");
		ASSERT_EQ(0, mmcsim_load(&self->d, media[i % 2]));
		ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 10)) TH_LOG("swap %d not seen", i);
		/* as udev's cdrom_id: at once, while the drive spins up */
		msinfo_touch_disk(self->d.disk);
		ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 20))
			TH_LOG("swap %d: no state published", i);
		msinfo_touch_disk(self->d.disk);
		blocks = readable_blocks(&self->d);
		ASSERT_LT(0, blocks);
		EXPECT_EQ(blocks * 4, disk_size(self->d.disk)) TH_LOG("swap %d", i);
	}
	/*
	 * Ten polls of the idle drive: GESN only.  Idle: no media change
	 * reported meanwhile (the last unit attention, passed on, may still
	 * bring one: its open sends TEST UNIT READY); then look again.
	 */
	for (i = 0; i < 5; i++) {
		usleep(4 * POLL_MS * 1000);
		seq = msinfo_disk_seq(self->d.disk);
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
		usleep(10 * POLL_MS * 1000);
		tur = msinfo_sim_commands(&self->d, 0x00);
		gesn = msinfo_sim_commands(&self->d, 0x4a);
		if (msinfo_disk_seq(self->d.disk) == seq)
			break;
	}
	ASSERT_GT(5, i) TH_LOG("the drive never stayed idle for ten polls");
	EXPECT_EQ(0, tur) TH_LOG("sr polls with TEST UNIT READY: it stopped trusting GESN");
	EXPECT_LE(5, gesn);
}

/* A command slower than before, but within sr's 30 s: no error handling. */
TEST_F_TIMEOUT(sr, slow_command_waited_for, 120)
{
	char state[32];
	double t0;

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "eh_counters", "0"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "delay op=0x51 ms=15000"));
	t0 = msinfo_now();
	EXPECT_EQ(0, msinfo_refresh_sysfs(self->d.disk));
	EXPECT_LE(15, msinfo_now() - t0);
	EXPECT_EQ(0, eh_total(&self->d));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", state, sizeof(state)));
	EXPECT_STREQ("appendable", state);
}

/*
 * A command that hangs: one abort, then no command for rest_ms, whoever
 * asks and whatever happens (a refresh request, a media change); then
 * the automatic refresh comes back by itself.  A refresh starts with GET
 * CONFIGURATION, which only the module sends here: its count is the
 * module's refreshes that reached the drive.
 */
TEST_F_TIMEOUT(sr, hung_command_then_rest, 120)
{
	long long seq;
	char err[96];
	double t0;

	ASSERT_EQ(0, set_param("timeout_ms", "1000"));
	ASSERT_EQ(0, set_param("rest_ms", "6000"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "eh_counters", "0"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults",
				       "delay op=0x51 ms=3000 count=0"));
	t0 = msinfo_now();
	EXPECT_EQ(-ETIMEDOUT, msinfo_refresh_sysfs(self->d.disk));
	EXPECT_EQ(1, mmcsim_eh_count(&self->d, "abort"));
	EXPECT_EQ(1, eh_total(&self->d));
	EXPECT_EQ(1, msinfo_sim_commands(&self->d, 0x46));
	EXPECT_EQ(1, msinfo_sim_commands(&self->d, 0x51));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "error", err, sizeof(err)));
	EXPECT_STREQ("timeout: READ DISC INFORMATION", err);

	/* Resting: a request fails at once, a media change waits. */
	EXPECT_EQ(-ETIMEDOUT, msinfo_refresh_sysfs(self->d.disk));
	seq = msinfo_disk_seq(self->d.disk);
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.appendable-2.txt"));
	ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 5));
	while (msinfo_now() - t0 < 5) {
		EXPECT_EQ(1, msinfo_sim_commands(&self->d, 0x46));
		EXPECT_EQ(1, msinfo_sim_commands(&self->d, 0x51));
		EXPECT_EQ(1, eh_total(&self->d));
		usleep(100000);
	}
	/* The rest over, the new medium is read: one more abort, no more. */
	while (msinfo_now() - t0 < 40 && msinfo_sim_commands(&self->d, 0x46) < 2)
		usleep(50000);
	EXPECT_LE(5.5, msinfo_now() - t0);
	EXPECT_EQ(2, msinfo_sim_commands(&self->d, 0x46));
	usleep(3000000);
	EXPECT_EQ(2, mmcsim_eh_count(&self->d, "abort"));
	EXPECT_EQ(2, eh_total(&self->d));
	EXPECT_EQ(2, msinfo_sim_commands(&self->d, 0x46));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "clear"));
}

/* Wait until media_state reads want; false on timeout. */
static bool wait_state(const char *disk, const char *want, double timeout)
{
	double end = msinfo_now() + timeout;
	char buf[32];

	do {
		if (!msinfo_attr(disk, "media_state", buf, sizeof(buf)) &&
		    !strcmp(buf, want))
			return true;
		usleep(20000);
	} while (msinfo_now() < end);
	return false;
}

/*
 * Three swaps and an eject, with nothing opening the drive in between:
 * each shows within a poll interval and a refresh.
 */
TEST_F_TIMEOUT(sr, changes_without_open, 120)
{
	static const struct {
		const char *file, *profile;
	} media[] = {
		{ "dvd+rw.formatted.txt", "dvd+rw" },
		{ "bd-r.appendable-1.txt", "bd-r-srm" },
		{ "cd-r.appendable-2.txt", "cd-r" },
	};
	long long seq, gen;
	char buf[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(media); i++) {
		seq = msinfo_disk_seq(self->d.disk);
		gen = msinfo_attr_num(self->d.disk, "generation");
		ASSERT_EQ(0, mmcsim_load(&self->d, media[i].file));
		ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 5))
			TH_LOG("swap %zu to %s: the block layer reported no change",
			       i + 1, media[i].profile);
		ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 10));
		ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
		EXPECT_STREQ(media[i].profile, buf);
	}
	/* A disc read, then ejected: "none", not the disc. */
	seq = msinfo_disk_seq(self->d.disk);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 5)) TH_LOG("eject not reported");
	EXPECT_TRUE(wait_state(self->d.disk, "none", 10));
	EXPECT_EQ(-ENOMEDIUM, msinfo_attr(self->d.disk, "msinfo", buf, sizeof(buf)));
	/* and back */
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "1"));
	EXPECT_TRUE(wait_state(self->d.disk, "appendable", 10));
}

/*
 * An exclusive open by userspace, read-only (growisofs burns through one,
 * writing with SG_IO) or read-write (xorriso, cdrskin, wodim), holds the
 * module's refreshes off: one asked for meanwhile fails with EBUSY; its
 * end brings one refresh, which shows what was written.  A mount's
 * exclusive claim is no burn.
 */
TEST_F_TIMEOUT(sr, exclusive_opens, 60)
{
	static const struct {
		int flags;
		const char *medium, *sessions;
	} opens[] = {
		{ O_RDONLY, "cd-r.appendable-2.txt", "2" },
		{ O_RDWR, "cd-r.appendable-1.txt", "1" },
	};
	char buf[32], path[PATH_MAX];
	long long gen;
	size_t i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(opens); i++) {
		gen = msinfo_attr_num(self->d.disk, "generation");
		fd = open(self->d.dev, opens[i].flags | O_EXCL | O_NONBLOCK | O_CLOEXEC);
		ASSERT_LE(0, fd);
		EXPECT_EQ(-EBUSY, msinfo_refresh_sysfs(self->d.disk));
		/* what a burner's writes do: a medium changed in place */
		mmcsim_media_path(path, sizeof(path), opens[i].medium);
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "burn", "%s", path));
		/* held past the 2 s look that may wake a CPU */
		usleep(2500000);
		EXPECT_EQ(gen, msinfo_attr_num(self->d.disk, "generation"));
		close(fd);
		ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 5))
			TH_LOG("open %zu: no refresh after the claim", i);
		ASSERT_EQ(0, msinfo_attr(self->d.disk, "sessions", buf, sizeof(buf)));
		EXPECT_STREQ(opens[i].sessions, buf);
	}
}

/*
 * A burner that held the drive and wrote nothing (xorriso -toc, cdrskin
 * -msinfo) costs one command when it lets go: the reply that a write
 * changes (the track written next; on a closed disc, the disc's status)
 * comes back the same, and nothing is published.
 */
TEST_F_TIMEOUT(sr, claim_without_write, 90)
{
	static const struct {
		const char *medium;
		int opcode;
	} media[] = {
		{ "dvd+r.appendable-1.txt", 0x52 },	/* READ TRACK INFORMATION */
		{ "cd-r.appendable-2.txt", 0x52 },
		{ "cd-rw.closed.txt", 0x51 },		/* READ DISC INFORMATION */
	};
	long long seq, gen, n;
	size_t i;
	double end;
	int fd;

	for (i = 0; i < ARRAY_SIZE(media); i++) {
		seq = msinfo_disk_seq(self->d.disk);
		gen = msinfo_attr_num(self->d.disk, "generation");
		ASSERT_EQ(0, mmcsim_load(&self->d, media[i].medium));
		/* fresh for the new medium, not for the last one */
		ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 10));
		ASSERT_LT(gen, msinfo_wait_fresh(self->d.disk, gen + 1, 30));
		/* sr reads the new capacity now, not when the burner is done */
		msinfo_touch_disk(self->d.disk);
		usleep(500000);
		gen = msinfo_attr_num(self->d.disk, "generation");
		fd = open(self->d.dev, O_RDWR | O_EXCL | O_NONBLOCK | O_CLOEXEC);
		ASSERT_LE(0, fd);
		/* held past the 2 s look that may wake a CPU */
		usleep(2500000);
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
		close(fd);
		end = msinfo_now() + 5;
		while (msinfo_sim_commands(&self->d, media[i].opcode) < 1 &&
		       msinfo_now() < end)
			usleep(20000);
		/* whatever else the module would send */
		usleep(1000000);
		n = msinfo_sim_commands(&self->d, -1);
		EXPECT_EQ(1, n)
			TH_LOG("%s: %lld commands after the claim", media[i].medium, n);
		EXPECT_EQ(1, msinfo_sim_commands(&self->d, media[i].opcode));
		EXPECT_EQ(gen, msinfo_attr_num(self->d.disk, "generation"));
	}
}

/* INQUIRY through SG_IO, as a burner asks before it writes */
static int inquiry(int fd)
{
	unsigned char cdb[6] = { 0x12, 0, 0, 0, 96, 0 }, buf[96], sense[32];
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = SG_DXFER_FROM_DEV,
		.cmd_len = sizeof(cdb),
		.mx_sb_len = sizeof(sense),
		.dxfer_len = sizeof(buf),
		.dxferp = buf,
		.cmdp = cdb,
		.sbp = sense,
		.timeout = 5000,
	};

	return ioctl(fd, SG_IO, &io) || io.status ? -1 : 0;
}

/*
 * A claim far shorter than the look (20 ms), in which the burner sends
 * the commands of a small burn (20) and the medium changes: seen every
 * time, by the drive's command counters if not by the look.
 */
TEST_F_TIMEOUT(sr, short_claim_that_wrote, 120)
{
	static const char *const media[] = {
		"cd-r.appendable-2.txt", "cd-r.appendable-1.txt",
	};
	char buf[32], path[PATH_MAX];
	long long gen;
	int i, n, fd;

	/* the block layer polls as under systemd, leaving pauses */
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 2000));
	/* past the seconds in which udev's programs read a new medium */
	usleep(4500000);
	for (i = 0; i < 10; i++) {
		gen = msinfo_attr_num(self->d.disk, "generation");
		fd = open(self->d.dev, O_RDWR | O_EXCL | O_NONBLOCK | O_CLOEXEC);
		ASSERT_LE(0, fd);
		for (n = 0; n < 20; n++)
			ASSERT_EQ(0, inquiry(fd));
		mmcsim_media_path(path, sizeof(path), media[i % 2]);
		ASSERT_EQ(0, mmcsim_attr_write(&self->d, "burn", "%s", path));
		usleep(20000);
		close(fd);
		ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 5))
			TH_LOG("round %d: no refresh after a 20 ms claim", i);
		ASSERT_EQ(0, msinfo_attr(self->d.disk, "sessions", buf,
					 sizeof(buf)));
		EXPECT_STREQ(i % 2 ? "1" : "2", buf);
	}
}

/* A burner blanks a closed CD-RW: the module shows the blank disc. */
TEST_F_TIMEOUT(sr, closed_disc_blanked, 60)
{
	char buf[32], path[PATH_MAX];
	long long seq, gen;
	int fd;

	seq = msinfo_disk_seq(self->d.disk);
	gen = msinfo_attr_num(self->d.disk, "generation");
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-rw.closed.txt"));
	ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 10));
	ASSERT_LT(gen, msinfo_wait_fresh(self->d.disk, gen + 1, 30));
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	ASSERT_STREQ("complete", buf);
	gen = msinfo_attr_num(self->d.disk, "generation");
	fd = open(self->d.dev, O_RDWR | O_EXCL | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, fd);
	mmcsim_media_path(path, sizeof(path), "cd-rw.blank.txt");
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "burn", "%s", path));
	usleep(2500000);
	close(fd);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 5))
		TH_LOG("no refresh after the blanking");
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("blank", buf);
}

/*
 * A drive reports no current profile while it identifies a loaded disc:
 * that is no "none".  The module publishes the disc once identified, and
 * never "none" meanwhile.
 */
TEST_F_TIMEOUT(sr, disc_being_identified, 60)
{
	double end;
	char buf[32];
	bool none = false;
	long long seq;

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "identify_ms", "800"));
	seq = msinfo_disk_seq(self->d.disk);
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_LT(0, wait_diskseq(self->d.disk, seq, 5));
	end = msinfo_now() + 10;
	while (msinfo_now() < end) {
		if (!msinfo_attr(self->d.disk, "media_state", buf, sizeof(buf))) {
			if (!strcmp(buf, "none"))
				none = true;
			if (!strcmp(buf, "appendable"))
				break;
		}
		usleep(10000);
	}
	EXPECT_STREQ("appendable", buf);
	EXPECT_FALSE(none);
	ASSERT_EQ(0, msinfo_attr(self->d.disk, "profile", buf, sizeof(buf)));
	EXPECT_STREQ("dvd+r", buf);
}

/* Refreshes and choices of type, as fast as they go, while detaching. */
struct hammer {
	const char *disk;
	atomic_bool stop;
	long ops;
};

static void *hammer_run(void *arg)
{
	struct hammer *h = arg;
	char path[128], buf[64];
	int i = 0;

	while (!h->stop) {
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/%s",
			 h->disk, i % 2 ? "refresh" : "type");
		msinfo_write_file(path, i % 4 == 0 ? "sequential" :
				  i % 4 == 2 ? "auto" : "1");
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/generation",
			 h->disk);
		msinfo_read_file(path, buf, sizeof(buf));
		h->ops++;
		i++;
	}
	return NULL;
}

/*
 * Unbind sr, remove the drive, unload the module, each while refreshes
 * and choices of type run, for MSINFO_DETACH_SECONDS (default 20; 300 in
 * make check-debug) and at least MSINFO_DETACH_ROUNDS rounds.
 */
TEST_F_TIMEOUT(sr, detach_while_busy, 2400)
{
	int secs = msinfo_env_int("MSINFO_DETACH_SECONDS", 20);
	int min_rounds = msinfo_env_int("MSINFO_DETACH_ROUNDS", 30);
	double end = msinfo_now() + secs;
	struct hammer h = {};
	pthread_t thr;
	int round = 0;

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "latency_us", "2000"));
	while (msinfo_now() < end || round < min_rounds) {
		ASSERT_EQ(0, msinfo_load_module());
		h.disk = self->d.disk;
		h.stop = false;
		ASSERT_EQ(0, pthread_create(&thr, NULL, hammer_run, &h));
		usleep(20000 + (round % 5) * 7000);
		switch (round % 3) {
		case 0:
			EXPECT_EQ(0, msinfo_sr_bind(self->d.host, false));
			usleep(5000);
			EXPECT_EQ(0, msinfo_sr_bind(self->d.host, true));
			break;
		case 1:
			EXPECT_EQ(0, mmcsim_power(&self->d, 0));
			EXPECT_EQ(0, mmcsim_power(&self->d, 1));
			break;
		default:
			/* busy while a sysfs file is in use: try again */
			while (msinfo_unload_module("cdrom_msinfo") == -EAGAIN)
				usleep(1000);
			break;
		}
		h.stop = true;
		pthread_join(thr, NULL);
		ASSERT_EQ(0, mmcsim_wait_disk(&self->d, 10000));
		round++;
	}
	ASSERT_EQ(0, msinfo_load_module());
	TH_LOG("%d rounds, %ld writes and reads in %d s", round, h.ops, secs);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * GET is one consistent snapshot, whatever happens to the drive meanwhile.
 *
 * Two simulated drives, each with a reader thread looping GET and sysfs
 * reads and a thread asking for refreshes, while another process swaps
 * their media between A and B hundreds of times (MSINFO_TORN_ROUNDS, at
 * most a minute).  A swap is what it is on a drive: the new medium is not
 * ready for a while (SPINUP_MS) after it goes in.  The values of A and B
 * are taken first, from a GET on each medium, and those of a drive that
 * is not ready (N).  Every GET must then return wholly A's values, B's or
 * N's (everything but diskseq and generation), EAGAIN while the module
 * has not read the new medium yet, or the error alone of a refresh that
 * gave up (the medium kept changing under it, say); each sysfs file must
 * show A's, B's or
 * N's value, and a set of files read while the generation did not move
 * must all be of one of them.
 *
 * Also: a drive that goes away between the open of /dev/srN and the
 * ioctl gives ENODEV, and keeps giving it when a drive comes back.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define NDRIVES		2
#define POLL_MS		50
#define SPINUP_MS	"100"
#define SWAP_SECONDS	60
#define MIN_ROUNDS	50

static const char *const medium_name[2] = {
	"cd-r.appendable-1.txt", "dvd+rw.formatted.txt",
};

/* The snapshots a reader may see: A, B and "not ready". */
#define NREFS		3
static const char *const ref_name[NREFS] = { "A", "B", "N" };

static const char *const type_name[MSINFO_TYPES] = {
	"sequential", "random_write", "pseudo_overwrite",
};

/*
 * NULL when a and b describe one medium alike, everything compared but
 * what moves with each refresh or is the caller's; else what differs.
 */
static const char *info_diff(const struct cdrom_msinfo *a, const struct cdrom_msinfo *b)
{
	int t;

	if (msinfo_same_state(a, b))
		return NULL;
	if (a->media_state != b->media_state)
		return "media_state";
	if (a->profile != b->profile)
		return "profile";
	if (a->sessions != b->sessions || a->tracks != b->tracks ||
	    a->last_session != b->last_session)
		return "sessions";
	if (a->msinfo_start != b->msinfo_start || a->msinfo_next != b->msinfo_next)
		return "msinfo";
	if (a->types_supported != b->types_supported || a->type_in_use != b->type_in_use)
		return "types";
	for (t = 0; t < MSINFO_TYPES; t++)
		if (memcmp(&a->type[t], &b->type[t], sizeof(a->type[t])))
			return type_name[t];
	return "flags or error";
}

struct shared {
	struct cdrom_msinfo ref[NREFS];	/* GET on A, on B, not ready */
	/*
	 * Their sysfs files; ENODATA ("does not apply") is a value too.  No
	 * "error" among them: it tells why the last refresh failed even while
	 * that state is stale (the refresh saw the medium change).
	 */
	struct msinfo_values sref[NREFS];
	atomic_int stop;
};

struct reader {
	struct shared *sh;
	const char *disk;
	int ctl, fd;
	/* GET: A, B, N, EAGAIN, anything else, a failed refresh's error */
	long get[NREFS + 3];
	/*
	 * sysfs sets: all of A, of B, of N, some EAGAIN, generation moved, a
	 * failed refresh's
	 */
	long sets[NREFS + 3];
	/* single files that only A's values match, and only B's */
	long files[2];
	long refreshes, refresh_errors;
	int refresh_errno;		/* of the last refresh that failed */
	/* snapshots (generations) that were neither A nor B */
	long torn_snaps;
	__u64 torn_gen;
	long bad;
	char first_bad[1024];
};

/* The first bad read is kept; a message starting with ';' adds to it. */
static void note_bad(struct reader *r, const char *fmt, ...)
{
	size_t n = strlen(r->first_bad);
	va_list ap;

	if (fmt[0] == ';' ? r->bad != 1 : r->bad++)
		return;
	if (fmt[0] != ';')
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->first_bad + n, sizeof(r->first_bad) - n, fmt, ap);
	va_end(ap);
}

static void check_get(struct reader *r)
{
	struct shared *sh = r->sh;
	struct cdrom_msinfo info;
	const char *diff;
	int err = msinfo_get(r->ctl, r->fd, &info);
	int m;

	if (err == -EAGAIN) {
		r->get[NREFS]++;
		return;
	}
	if (err) {
		r->get[NREFS + 1]++;
		note_bad(r, "%s: GET: %s", r->disk, strerror(-err));
		return;
	}
	for (m = 0; m < NREFS; m++) {
		if (!info_diff(&info, &sh->ref[m])) {
			r->get[m]++;
			return;
		}
	}
	if (msinfo_failed_state(&info)) {
		r->get[NREFS + 2]++;
		return;
	}
	{
		char what[160];

		/* tell what differs from the medium of the same profile */
		m = info.profile == sh->ref[1].profile;
		diff = info_diff(&info, &sh->ref[m]);
		r->get[NREFS + 1]++;
		if (info.generation != r->torn_gen)
			r->torn_snaps++;
		r->torn_gen = info.generation;
		snprintf(what, sizeof(what), "state %u profile 0x%x sessions %u msinfo %llu,%llu",
			 info.media_state, info.profile, info.sessions,
			 (unsigned long long)info.msinfo_start,
			 (unsigned long long)info.msinfo_next);
		note_bad(r, "%s: GET is neither A, B nor N (%s differs from %s): %s, error %d '%s'",
			 r->disk, diff, ref_name[m], what, info.error,
			 info.error_reason);
		note_bad(r, "; diskseq %llu (the disk's %lld), generation %llu",
			 (unsigned long long)info.diskseq, msinfo_disk_seq(r->disk),
			 (unsigned long long)info.generation);
	}
}

static long long generation(const char *disk)
{
	return msinfo_attr_num(disk, "generation");
}

static void check_sysfs(struct reader *r)
{
	struct shared *sh = r->sh;
	bool again = false, all[NREFS] = { true, true, true };
	struct msinfo_values v;
	long long g1, g2;
	unsigned int i, m;

	g1 = generation(r->disk);
	msinfo_read_values(r->disk, &v);
	g2 = generation(r->disk);
	if (g1 == g2 && msinfo_values_not_unknown(&v) < 0) {
		r->sets[NREFS + 2]++;
		return;
	}

	for (i = 0; i < MSINFO_NVALUES; i++) {
		bool any = false;

		if (!strcmp(v.v[i], "EAGAIN")) {
			again = true;
			continue;
		}
		for (m = 0; m < NREFS; m++) {
			bool same = !strcmp(v.v[i], sh->sref[m].v[i]);

			all[m] &= same;
			any |= same;
		}
		if (strcmp(sh->sref[0].v[i], sh->sref[1].v[i])) {
			if (!strcmp(v.v[i], sh->sref[0].v[i]))
				r->files[0]++;
			else if (!strcmp(v.v[i], sh->sref[1].v[i]))
				r->files[1]++;
		}
		if (!any)
			note_bad(r, "%s: %s is '%s', A has '%s', B '%s', N '%s'", r->disk,
				 msinfo_value_attrs[i], v.v[i], sh->sref[0].v[i], sh->sref[1].v[i],
				 sh->sref[2].v[i]);
	}
	if (again) {
		r->sets[NREFS]++;
		return;
	}
	if (g1 != g2) {
		r->sets[NREFS + 1]++;
		return;
	}
	for (m = 0; m < NREFS; m++) {
		if (all[m]) {
			r->sets[m]++;
			return;
		}
	}
	{
		char mix[1024] = "";
		size_t n = 0;

		for (i = 0; i < MSINFO_NVALUES && n < sizeof(mix) - 1; i++)
			n += snprintf(mix + n, sizeof(mix) - n, " %s=%s",
				      msinfo_value_attrs[i], v.v[i]);
		note_bad(r, "%s: sysfs of generation %lld mixes media:%s",
			 r->disk, g1, mix);
	}
}

static void *reader_thread(void *arg)
{
	struct reader *r = arg;

	while (!atomic_load(&r->sh->stop)) {
		check_get(r);
		check_sysfs(r);
		mmcsim_msleep(1);
	}
	return NULL;
}

/* Refreshes asked for while the media change: GET must not see one half done. */
static void *refresh_thread(void *arg)
{
	struct reader *r = arg;
	struct cdrom_msinfo_refresh rq;

	while (!atomic_load(&r->sh->stop)) {
		memset(&rq, 0, sizeof(rq));
		rq.size = sizeof(rq);
		rq.fd = r->fd;
		if (ioctl(r->ctl, CDROM_MSINFO_IOC_REFRESH, &rq)) {
			r->refresh_errors++;
			r->refresh_errno = errno;
		} else {
			r->refreshes++;
		}
		mmcsim_msleep(30);
	}
	return NULL;
}

/*
 * The swapping process: each round gives every drive its other medium;
 * sometimes at once, sometimes after the module has read the last one.
 * It stops after n rounds or SWAP_SECONDS, whichever comes first (the
 * machine may be slow); the exit status is the number of rounds done
 * divided by 10, or 0 on error.
 */
static int swapper(struct mmcsim_drive *d, int n)
{
	double end = msinfo_now() + SWAP_SECONDS;
	char path[NDRIVES][2][PATH_MAX];
	int cur[NDRIVES], r, i;

	srand(getpid());
	for (i = 0; i < NDRIVES; i++) {
		cur[i] = i & 1;
		mmcsim_media_path(path[i][0], PATH_MAX, medium_name[0]);
		mmcsim_media_path(path[i][1], PATH_MAX, medium_name[1]);
	}
	for (r = 0; r < n && msinfo_now() < end; r++) {
		for (i = 0; i < NDRIVES; i++) {
			cur[i] ^= 1;
			if (mmcsim_attr_write(&d[i], "load", "%s", path[i][cur[i]]))
				return 0;
			msinfo_touch_disk(d[i].disk);
		}
		if (r % 4 == 3) {
			for (i = 0; i < NDRIVES; i++)
				if (msinfo_wait_fresh(d[i].disk, 1, 20) < 0)
					return 0;
		} else {
			mmcsim_msleep(rand() % 150);
		}
	}
	return r / 10;
}

FIXTURE(torn) {
	struct mmcsim_drive d[NDRIVES];
	int ctl;
};

FIXTURE_SETUP(torn)
{
	char name[32];
	int i, ret;

	ret = mmcsim_load_module();
	if (ret)
		SKIP(return, "cannot load mmcsim: %s", strerror(-ret));
	self->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	for (i = 0; i < NDRIVES; i++) {
		snprintf(name, sizeof(name), "torn%d", i);
		ASSERT_EQ(0, mmcsim_setup(&self->d[i], name, medium_name[i & 1]));
		ASSERT_EQ(0, msinfo_set_poll_ms(self->d[i].disk, POLL_MS));
		ASSERT_LT(0, msinfo_wait_fresh(self->d[i].disk, 1, 30));
		ASSERT_EQ(0, mmcsim_attr_write(&self->d[i], "spinup_ms", SPINUP_MS));
	}
}

FIXTURE_TEARDOWN(torn)
{
	int i;

	for (i = 0; i < NDRIVES; i++)
		mmcsim_destroy(&self->d[i]);
	if (self->ctl > 0)
		close(self->ctl);
}

/*
 * N: what a drive that is not ready shows, taken on the first drive with
 * an injected "becoming ready"; then the drive recovers by itself.
 */
static void read_not_ready(struct __test_metadata *_metadata, struct mmcsim_drive *d,
			   struct reader *r, struct shared *sh)
{
	struct cdrom_msinfo_refresh rq = { .size = sizeof(rq), .fd = r->fd };
	char state[32] = "";
	unsigned int i;

	ASSERT_EQ(0, mmcsim_attr_write(d, "faults", "not-ready ms=300"));
	EXPECT_EQ(-1, ioctl(r->ctl, CDROM_MSINFO_IOC_REFRESH, &rq));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(0, msinfo_get(r->ctl, r->fd, &sh->ref[2]));
	EXPECT_EQ(-EAGAIN, sh->ref[2].error);
	EXPECT_STREQ("becoming_ready", sh->ref[2].error_reason);
	msinfo_read_values(r->disk, &sh->sref[2]);
	EXPECT_STREQ("unknown", sh->sref[2].v[0]);
	for (i = 0; i < 100; i++) {
		mmcsim_msleep(100);
		if (!msinfo_attr(r->disk, "media_state", state, sizeof(state)) &&
		    strcmp(state, "unknown"))
			break;
	}
	ASSERT_STREQ(sh->sref[0].v[0], state) TH_LOG("not ready still");
}

TEST_F_TIMEOUT(torn, get_never_torn, 110)
{
	struct reader rd[NDRIVES] = {};
	pthread_t rt[NDRIVES], ft[NDRIVES];
	struct shared sh = {};
	unsigned int i, m;
	int st, n = msinfo_env_int("MSINFO_TORN_ROUNDS", 200);
	double start;
	pid_t pid;

	/* A on the first drive and B on the second, read as they are. */
	for (i = 0; i < NDRIVES; i++) {
		rd[i].sh = &sh;
		rd[i].disk = self->d[i].disk;
		rd[i].ctl = self->ctl;
		rd[i].fd = msinfo_open_disk(self->d[i].disk);
		ASSERT_LE(0, rd[i].fd);
	}
	for (m = 0; m < 2; m++) {
		ASSERT_EQ(0, msinfo_get(self->ctl, rd[m].fd, &sh.ref[m]));
		ASSERT_EQ(0, sh.ref[m].error) TH_LOG("%s", sh.ref[m].error_reason);
		msinfo_read_values(rd[m].disk, &sh.sref[m]);
	}
	/* Nothing to tell apart otherwise. */
	ASSERT_NE(sh.ref[0].profile, sh.ref[1].profile);
	ASSERT_NE(sh.ref[0].media_state, sh.ref[1].media_state);
	read_not_ready(_metadata, &self->d[0], &rd[0], &sh);
	TH_LOG("A: %s, state %u profile 0x%x; B: %s, state %u profile 0x%x; up to %d rounds",
	       medium_name[0], sh.ref[0].media_state, sh.ref[0].profile,
	       medium_name[1], sh.ref[1].media_state, sh.ref[1].profile, n);

	start = msinfo_now();
	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, pthread_create(&rt[i], NULL, reader_thread, &rd[i]));
		ASSERT_EQ(0, pthread_create(&ft[i], NULL, refresh_thread, &rd[i]));
	}
	pid = fork();
	if (!pid)
		_exit(swapper(self->d, n));
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	/* Let the readers see the last media too. */
	for (i = 0; i < NDRIVES; i++)
		msinfo_wait_fresh(self->d[i].disk, 1, 20);
	mmcsim_msleep(200);
	atomic_store(&sh.stop, 1);
	for (i = 0; i < NDRIVES; i++) {
		pthread_join(rt[i], NULL);
		pthread_join(ft[i], NULL);
	}
	ASSERT_TRUE(WIFEXITED(st));
	TH_LOG("%d0 rounds or more in %.1f s", WEXITSTATUS(st), msinfo_now() - start);
	/* the swapper failed, or the test proved little */
	EXPECT_LE(MIN_ROUNDS / 10, WEXITSTATUS(st));

	for (i = 0; i < NDRIVES; i++) {
		struct reader *r = &rd[i];

		TH_LOG("%s: GET A %ld B %ld N %ld EAGAIN %ld failed %ld other %ld",
		       r->disk, r->get[0], r->get[1], r->get[2], r->get[3],
		       r->get[5], r->get[4]);
		TH_LOG("%s: sysfs sets A %ld B %ld N %ld EAGAIN %ld failed %ld moved %ld",
		       r->disk, r->sets[0], r->sets[1], r->sets[2], r->sets[3],
		       r->sets[5], r->sets[4]);
		TH_LOG("%s: files A %ld B %ld", r->disk, r->files[0],
		       r->files[1]);
		TH_LOG("%s: refreshes %ld, %ld failed (%s)", r->disk,
		       r->refreshes, r->refresh_errors,
		       r->refresh_errors ? strerror(r->refresh_errno) : "-");
		EXPECT_EQ(0, r->bad) TH_LOG("%ld bad reads of %ld snapshots, the first: %s",
					    r->bad, r->torn_snaps, r->first_bad);
		/* Both media were seen, or the test proved nothing. */
		EXPECT_LT(10, r->get[0]);
		EXPECT_LT(10, r->get[1]);
		/*
		 * Files of both, one by one: under a debug kernel a whole set
		 * rarely comes between two publications.
		 */
		EXPECT_LT(10, r->files[0]);
		EXPECT_LT(10, r->files[1]);
		close(r->fd);
	}
}

/* The drive is gone between the open and the ioctl. */
TEST_F(torn, detached_drive_enodev)
{
	struct cdrom_msinfo_set_type set = {
		.size = sizeof(set), .type = CDROM_MSINFO_TYPE_NONE,
	};
	struct cdrom_msinfo_refresh rq = { .size = sizeof(rq) };
	struct mmcsim_drive *d = &self->d[0];
	struct cdrom_msinfo info;
	char old[32];
	int fd, fd2;

	fd = msinfo_open_disk(d->disk);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, msinfo_get(self->ctl, fd, &info));
	snprintf(old, sizeof(old), "%s", d->disk);

	ASSERT_EQ(0, mmcsim_power(d, 0));
	EXPECT_EQ(-ENODEV, msinfo_get(self->ctl, fd, &info));
	rq.fd = fd;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &rq));
	EXPECT_EQ(ENODEV, errno);
	set.fd = fd;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &set));
	EXPECT_EQ(ENODEV, errno);

	/* A drive back, maybe under the same name: the old fd is not it. */
	ASSERT_EQ(0, mmcsim_power(d, 1));
	ASSERT_LT(0, msinfo_wait_fresh(d->disk, 1, 30));
	TH_LOG("%s went away, %s came back", old, d->disk);
	EXPECT_EQ(-ENODEV, msinfo_get(self->ctl, fd, &info));
	fd2 = msinfo_open_disk(d->disk);
	ASSERT_LE(0, fd2);
	EXPECT_EQ(0, msinfo_get(self->ctl, fd2, &info));
	EXPECT_EQ(0, info.error);
	close(fd2);
	close(fd);

	/* and the other drive never noticed */
	fd = msinfo_open_disk(self->d[1].disk);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, msinfo_get(self->ctl, fd, &info));
	EXPECT_EQ(0, info.error);
	close(fd);
}

TEST_HARNESS_MAIN

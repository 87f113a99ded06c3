// SPDX-License-Identifier: GPL-2.0
/*
 * A lifecycle storm: 16 simulated drives get 1000 media swaps in all, four
 * media in turn, while readers loop over sysfs and the GET ioctl and
 * another thread unbinds and rebinds sr and removes and re-adds drives.
 * No reader may see a torn snapshot: every GET must be the state of one of
 * the four media (or of none: unknown, while a refresh fails), and every
 * sysfs value one that some medium has.  At the end every drive must show
 * the state of the medium it got last.  The VM runner fails the run on any
 * warning in the kernel log.
 *
 * MSINFO_STORM_SWAPS and MSINFO_STORM_SWAP_MS (pause between two swaps)
 * change the size of the storm.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define NDRIVES		16
#define NMEDIA		4

/* Four profiles, four media states: no two GETs of them are alike. */
static const char *const media[NMEDIA] = {
	"cd-r.appendable-2.txt",
	"dvd+rw.formatted.txt",
	"bd-r.blank.txt",
	"dvd-rom.closed.txt",
};

struct storm {
	struct mmcsim_drive d[NDRIVES];
	int last[NDRIVES];		/* the medium each drive got last */
	struct cdrom_msinfo base[NMEDIA];	/* a GET of each medium */
	struct msinfo_values vals[NMEDIA];	/* its sysfs values */
	int ctl;

	atomic_bool stop;
	atomic_long swaps, swap_errors, double_swaps, unseen;
	atomic_long unbinds, power_cycles, churn_errors, bind_retries;
	atomic_long gets, gets_unknown, gets_again, gets_gone, torn;
	atomic_long reads, reads_again, reads_gone, bad_values;
	pthread_mutex_t msg_lock;
	char msg[512];			/* the first torn snapshot or bad value */
};

static void note(struct storm *s, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&s->msg_lock);
	if (!s->msg[0]) {
		va_start(ap, fmt);
		vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&s->msg_lock);
}

/* The disk of a drive now, from its SCSI host; false while it has none. */
static bool drive_disk(struct storm *s, int i, char *disk, size_t len)
{
	char buf[32];

	if (mmcsim_attr_read(&s->d[i], "host", buf, sizeof(buf)) <= 0 || atoi(buf) < 0)
		return false;
	return mmcsim_host_disk(atoi(buf), disk, len);
}

/*
 * Before the next swap of a drive: wait until the block layer has seen the
 * last one (its diskseq moved), and open the drive as udev does on the
 * media change event.  The block layer reports no further media change
 * while one is pending, and an open clears it.
 */
static void settle(struct storm *s, int i, long long *seq)
{
	double end = msinfo_now() + 3;
	char disk[32];

	while (drive_disk(s, i, disk, sizeof(disk)) && *seq && msinfo_disk_seq(disk) <= *seq) {
		if (msinfo_now() > end) {
			s->unseen++;
			break;
		}
		mmcsim_msleep(10);
	}
	*seq = 0;
	if (drive_disk(s, i, disk, sizeof(disk))) {
		msinfo_touch_disk(disk);
		*seq = msinfo_disk_seq(disk);
	}
}

static void *swapper(void *arg)
{
	struct storm *s = arg;
	int n = msinfo_env_int("MSINFO_STORM_SWAPS", 1000);
	int pause = msinfo_env_int("MSINFO_STORM_SWAP_MS", 20);
	long long seq[NDRIVES] = { 0 };
	unsigned int seed = 2;
	int k = 0, r, i, j, reps;

	for (r = 0; k < n; r++) {
		i = r % NDRIVES;
		/* now and then a second swap while the first one's refresh runs */
		reps = rand_r(&seed) % 8 ? 1 : 2;
		for (j = 0; j < reps && k < n; j++, k++) {
			settle(s, i, &seq[i]);
			if (j)
				mmcsim_msleep(rand_r(&seed) % 150);
			s->last[i] = (s->last[i] + 1) % NMEDIA;
			if (mmcsim_load(&s->d[i], media[s->last[i]])) {
				note(s, "drive %d: cannot load %s", i, media[s->last[i]]);
				s->swap_errors++;
			}
			s->swaps++;
			s->double_swaps += j;
		}
		mmcsim_msleep(pause);
	}
	return NULL;
}

/* Unbind and rebind sr, or remove and re-add a drive, one at a time. */
static void *churner(void *arg)
{
	struct storm *s = arg;
	unsigned int seed = 1;
	char buf[32];
	int i, k, err, host;

	while (!s->stop) {
		i = rand_r(&seed) % NDRIVES;
		if (rand_r(&seed) % 2) {
			if (mmcsim_attr_read(&s->d[i], "host", buf, sizeof(buf)) <= 0)
				continue;
			host = atoi(buf);
			if (msinfo_sr_bind(host, false)) {
				note(s, "unbind %d:0:0:0 failed", host);
				s->churn_errors++;
			}
			mmcsim_msleep(rand_r(&seed) % 100);
			/*
			 * 6.1's sr fails to probe (ENOMEM) while the disk of
			 * its last binding is still open: a reader lets go soon.
			 */
			for (k = 0; k < 100; k++) {
				err = msinfo_sr_bind(host, true);
				if (err != -ENOMEM)
					break;
				s->bind_retries++;
				mmcsim_msleep(20);
			}
			if (err) {
				note(s, "bind %d:0:0:0 failed: %d", host, err);
				s->churn_errors++;
			}
			s->unbinds++;
		} else {
			if (mmcsim_power(&s->d[i], 0))
				s->churn_errors++;
			mmcsim_msleep(rand_r(&seed) % 100);
			if (mmcsim_power(&s->d[i], 1)) {
				note(s, "drive %d does not come back", i);
				s->churn_errors++;
			}
			s->power_cycles++;
		}
		mmcsim_msleep(100 + rand_r(&seed) % 200);
	}
	return NULL;
}

static void check_get(struct storm *s, int i, const struct cdrom_msinfo *info)
{
	int m;

	if (msinfo_failed_state(info)) {
		s->gets_unknown++;
		return;
	}
	for (m = 0; m < NMEDIA; m++)
		if (msinfo_same_state(info, &s->base[m]))
			return;
	s->torn++;
	note(s,
	     "drive %d: a GET of no medium: state %u profile 0x%x sessions %u tracks %u error %d '%s' msinfo %llu,%llu",
	     i, info->media_state, info->profile,
	     info->sessions, info->tracks, info->error, info->error_reason,
	     (unsigned long long)info->msinfo_start, (unsigned long long)info->msinfo_next);
}

/* GET on every drive in turn, opening the drive each time as programs do. */
static void *get_reader(void *arg)
{
	struct storm *s = arg;
	struct cdrom_msinfo info;
	char disk[32];
	int fd, i, err;

	for (i = 0; !s->stop; i = (i + 1) % NDRIVES) {
		if (!drive_disk(s, i, disk, sizeof(disk))) {
			s->gets_gone++;
			continue;
		}
		fd = msinfo_open_disk(disk);
		if (fd < 0) {
			s->gets_gone++;
			continue;
		}
		err = msinfo_get(s->ctl, fd, &info);
		close(fd);
		s->gets++;
		if (!err) {
			check_get(s, i, &info);
		} else if (err == -EAGAIN) {
			s->gets_again++;
		} else if (err == -ENODEV) {
			/* detached since the open */
			s->gets_gone++;
		} else {
			s->torn++;
			note(s, "drive %d: GET fails with %d", i, err);
		}
		usleep(1000);
	}
	return NULL;
}

/* A value some medium has, or what a failed refresh or a gone drive reads. */
static bool value_ok(struct storm *s, size_t a, const char *v)
{
	int m;

	if (!strcmp(v, "ENODATA") || !strcmp(v, "ENOMEDIUM") ||
	    (!strcmp(msinfo_value_attrs[a], "media_state") &&
	     (!strcmp(v, "unknown") || !strcmp(v, "none"))) ||
	    (strstr(msinfo_value_attrs[a], "supported") && !strcmp(v, "0")) ||
	    (strstr(msinfo_value_attrs[a], "in_use") && !strcmp(v, "0")))
		return true;
	for (m = 0; m < NMEDIA; m++)
		if (!strcmp(v, s->vals[m].v[a]))
			return true;
	return false;
}

static void *sysfs_reader(void *arg)
{
	struct storm *s = arg;
	char disk[32], v[80];
	size_t a;
	int i;

	for (i = 0; !s->stop; i = (i + 1) % NDRIVES) {
		if (!drive_disk(s, i, disk, sizeof(disk))) {
			s->reads_gone++;
			continue;
		}
		for (a = 0; a < MSINFO_NVALUES; a++) {
			msinfo_read_value(disk, msinfo_value_attrs[a], v, sizeof(v));
			s->reads++;
			if (!strcmp(v, "EAGAIN")) {
				s->reads_again++;
			} else if (!strcmp(v, "ENOENT") || !strcmp(v, "error -19")) {
				s->reads_gone++;
				break;
			} else if (!value_ok(s, a, v)) {
				s->bad_values++;
				note(s, "drive %d: %s reads %s", i, msinfo_value_attrs[a], v);
			}
		}
		usleep(1000);
	}
	return NULL;
}

FIXTURE(storm) {
	struct storm *s;
};

FIXTURE_SETUP(storm)
{
	struct storm *s;
	char name[32];
	int i, m;

	s = calloc(1, sizeof(*s));
	ASSERT_NE(NULL, s);
	self->s = s;
	pthread_mutex_init(&s->msg_lock, NULL);
	s->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, s->ctl);
	ASSERT_EQ(0, mmcsim_load_module());
	/* powered all at once: sr probes them side by side */
	for (i = 0; i < NDRIVES; i++) {
		snprintf(name, sizeof(name), "storm%d", i);
		ASSERT_EQ(0, mmcsim_create(&s->d[i], name));
		s->last[i] = i % NMEDIA;
		ASSERT_EQ(0, mmcsim_load(&s->d[i], media[s->last[i]]));
		ASSERT_EQ(0, mmcsim_attr_write(&s->d[i], "power", "1"));
	}
	for (i = 0; i < NDRIVES; i++) {
		ASSERT_EQ(0, mmcsim_wait_disk(&s->d[i], 60000)) TH_LOG("storm%d", i);
		ASSERT_LT(0, msinfo_wait_fresh(s->d[i].disk, 1, 60)) TH_LOG("storm%d", i);
	}
	/* What each medium looks like, from the first drives. */
	for (m = 0; m < NMEDIA; m++) {
		int fd = msinfo_open_disk(s->d[m].disk);

		ASSERT_LE(0, fd);
		ASSERT_EQ(0, msinfo_get(s->ctl, fd, &s->base[m]));
		close(fd);
		ASSERT_EQ(0, s->base[m].error) TH_LOG("%s: %s", media[m], s->base[m].error_reason);
		msinfo_read_values(s->d[m].disk, &s->vals[m]);
		for (i = 0; i < m; i++)
			ASSERT_FALSE(msinfo_same_state(&s->base[i], &s->base[m]));
	}
}

FIXTURE_TEARDOWN(storm)
{
	int i;

	for (i = 0; i < NDRIVES; i++)
		mmcsim_destroy(&self->s->d[i]);
	if (self->s->ctl >= 0)
		close(self->s->ctl);
	free(self->s);
}

TEST_F_TIMEOUT(storm, swaps_readers_and_churn, 3000)
{
	struct storm *s = self->s;
	pthread_t swap, churn, readers[4];
	struct cdrom_msinfo info;
	double t0 = msinfo_now();
	int i, fd;

	ASSERT_EQ(0, pthread_create(&swap, NULL, swapper, s));
	ASSERT_EQ(0, pthread_create(&churn, NULL, churner, s));
	ASSERT_EQ(0, pthread_create(&readers[0], NULL, get_reader, s));
	ASSERT_EQ(0, pthread_create(&readers[1], NULL, get_reader, s));
	ASSERT_EQ(0, pthread_create(&readers[2], NULL, sysfs_reader, s));
	ASSERT_EQ(0, pthread_create(&readers[3], NULL, sysfs_reader, s));
	/* progress, for a slow kernel */
	for (i = 1; pthread_tryjoin_np(swap, NULL); i++) {
		sleep(1);
		if (i % 30 == 0)
			TH_LOG("%d s: %ld swaps", i, (long)s->swaps);
	}
	s->stop = true;
	pthread_join(churn, NULL);
	for (i = 0; i < 4; i++)
		pthread_join(readers[i], NULL);
	TH_LOG("%ld swaps (%ld right after another, %ld not seen within 3 s) in %.1f s",
	       (long)s->swaps, (long)s->double_swaps, (long)s->unseen, msinfo_now() - t0);
	TH_LOG("%ld sr unbind/bind (%ld binds retried), %ld drive removals",
	       (long)s->unbinds, (long)s->bind_retries, (long)s->power_cycles);
	TH_LOG("%ld GETs (%ld unknown, %ld EAGAIN, %ld drive gone), %ld torn",
	       (long)s->gets, (long)s->gets_unknown, (long)s->gets_again,
	       (long)s->gets_gone, (long)s->torn);
	TH_LOG("%ld sysfs reads (%ld EAGAIN, %ld drive gone), %ld values of no medium",
	       (long)s->reads, (long)s->reads_again, (long)s->reads_gone,
	       (long)s->bad_values);
	if (s->msg[0])
		TH_LOG("first problem: %s", s->msg);
	EXPECT_EQ(0, s->torn);
	EXPECT_EQ(0, s->bad_values);
	EXPECT_EQ(0, s->swap_errors);
	EXPECT_EQ(0, s->churn_errors);
	EXPECT_LT(0, s->unbinds);
	EXPECT_LT(0, s->power_cycles);
	EXPECT_EQ(msinfo_env_int("MSINFO_STORM_SWAPS", 1000), s->swaps);

	/*
	 * Every drive ends with the state of the medium it got last, once
	 * the block layer's polling has seen the last swaps.
	 */
	t0 = msinfo_now();
	for (i = 0; i < NDRIVES; i++) {
		bool same = false;

		do {
			ASSERT_EQ(0, mmcsim_wait_disk(&s->d[i], 20000)) TH_LOG("storm%d", i);
			fd = msinfo_open_disk(s->d[i].disk);
			ASSERT_LE(0, fd);
			if (!msinfo_get(s->ctl, fd, &info))
				same = msinfo_same_state(&info, &s->base[s->last[i]]);
			close(fd);
			if (!same)
				usleep(100000);
		} while (!same && msinfo_now() < t0 + 60);
		EXPECT_TRUE(same)
			TH_LOG("storm%d (%s): state %u profile 0x%x error %d '%s', last got %s",
			       i, s->d[i].disk, info.media_state, info.profile, info.error,
			       info.error_reason, media[s->last[i]]);
	}
	TH_LOG("all drives settled in %.1f s", msinfo_now() - t0);
}

TEST_HARNESS_MAIN

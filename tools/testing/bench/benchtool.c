// SPDX-License-Identifier: GPL-2.0
/*
 * benchtool - the measuring side of the cdrom_msinfo benchmark, run in the
 * test VM by guest-bench.  Each subcommand prints one JSON object.
 *
 *   benchtool query SRNAME CFGDIR N
 *	N rounds of CDROMMULTISESSION, CDROM_MSINFO_IOC_GET, sysfs msinfo
 *	(open, read, close) and sysfs msinfo (pread on an open file), each
 *	call timed; the simulated drive's command counters around the loops.
 *   benchtool spawn NAME:COUNT:COMMAND...
 *	runs each command COUNT times, interleaved, output discarded, and
 *	times each run.
 *   benchtool swap [OPTIONS] MEDIUM CFGDIR:SRNAME...
 *	writes the description MEDIUM into every drive (8 writers), and
 *	times per drive the block layer's media change uevent, the module's
 *	first publication (poll() on generation) and the first one that
 *	describes the new medium.  Options: --until-uevent (stop waiting at
 *	the uevents, for runs without the module), --linger MS (keep
 *	watching), --timeout MS, --reader (read msinfo meanwhile and time
 *	the reads), --idle MS (... and before the swap), --per-drive.
 *   benchtool attach MODULE.ko SRNAME...
 *	loads the module and times until every drive's state is published;
 *	memory before and after.
 *   benchtool rmmod MODULE
 *	unloads the module; memory before and after.
 *   benchtool create MEDIUM CFGDIR[=MEDIUM]...
 *	makes simulated drives with the medium MEDIUM (a description file;
 *	another one after "="), powers them and waits until sr has bound
 *	them, 8 at a time; prints "CFGDIR srN" per drive.
 *   benchtool remove CFGDIR...
 *	powers the drives off and removes them.
 *   benchtool open SRNAME...
 *	opens and closes every drive, 32 at a time, as udev's cdrom_id does
 *	after a media change, so that the block layer reports the next one.
 *   benchtool opens [--hold MS] SRNAME FLAGS...
 *	opens /dev/SRNAME once per FLAGS, one after the other, as strace
 *	writes them ("O_RDWR|O_NONBLOCK|O_EXCL"), holds it MS milliseconds
 *	(default 0) and closes it; prints how many opens succeeded.
 *   benchtool eject CFGDIR SRNAME TIMEOUT_MS
 *	opens the simulated drive's tray and times until the module shows
 *	"none" (media_state), reads that failed with EAGAIN meanwhile and
 *	what msinfo reads then.
 *
 * Times are in microseconds from the start of the measured action.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/cdrom.h>
#include <linux/netlink.h>
#include <linux/cdrom_msinfo.h>

#define MAX_DRIVES	512
#define MAX_SAMPLES	(1024 * 1024)
#define UEVENT_BUF	(16 * 1024)
#define MAX_CACHES	512
#define WRITERS		8
#define OPENERS		32
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static long long us(int64_t ns)
{
	return ns < 0 ? -1 : ns / 1000;
}

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "benchtool: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

/* Read a small file without its trailing newlines; length or -errno. */
static int read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return n;
}

static long long read_number(const char *path)
{
	char buf[64];

	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	return strtoll(buf, NULL, 10);
}

static int write_file(const char *path, const char *text, size_t len)
{
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		ret = -errno;
	close(fd);
	return ret;
}

/* ---- JSON output: one object per line, members separated as needed ---- */

static bool json_first = true;

static void json_key(const char *key)
{
	printf("%s\"%s\":", json_first ? "" : ",", key);
	json_first = false;
}

static void json_open(const char *key)
{
	if (key)
		json_key(key);
	else if (!json_first)
		printf(",");
	printf("{");
	json_first = true;
}

static void json_close(void)
{
	printf("}");
	json_first = false;
}

static void json_int(const char *key, long long v)
{
	json_key(key);
	printf("%lld", v);
}

static void json_str(const char *key, const char *v)
{
	json_key(key);
	printf("\"%s\"", v);
}

static void json_bool(const char *key, bool v)
{
	json_key(key);
	printf("%s", v ? "true" : "false");
}

/* ---- statistics ---- */

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of a sorted array. */
static int64_t pct(const int64_t *v, size_t n, double p)
{
	size_t rank;

	if (!n)
		return -1;
	rank = (size_t)(p / 100.0 * n + 0.999999);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

/* "name":{"n":..,"median_ns":..,"p99_ns":..,"min_ns":..,"max_ns":..,"mean_ns":..} */
static void json_stats(const char *name, int64_t *v, size_t n)
{
	double sum = 0;
	size_t i;

	qsort(v, n, sizeof(*v), cmp_i64);
	for (i = 0; i < n; i++)
		sum += v[i];
	json_open(name);
	json_int("n", n);
	json_int("median_ns", pct(v, n, 50));
	json_int("p99_ns", pct(v, n, 99));
	json_int("min_ns", n ? v[0] : -1);
	json_int("max_ns", n ? v[n - 1] : -1);
	json_int("mean_ns", n ? (long long)(sum / n) : -1);
	json_close();
}

/* The simulator's counters as {"0x46":1,...}; their sum in *total. */
static void json_counters(const char *key, const char *cfgdir, long long *total)
{
	char path[512], buf[4096], *line, *save;

	*total = 0;
	snprintf(path, sizeof(path), "%s/counters", cfgdir);
	if (read_file(path, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	json_open(key);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned int op;
		long long n;
		char name[8];

		if (sscanf(line, "%x %lld", &op, &n) != 2)
			continue;
		snprintf(name, sizeof(name), "0x%02x", op & 0xff);
		json_int(name, n);
		*total += n;
	}
	json_close();
}

static void reset_counters(const char *cfgdir)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/counters", cfgdir);
	write_file(path, "0", 1);
}

/* ---- query ---- */

enum { Q_MULTISESSION, Q_IOCTL_GET, Q_SYSFS_OPEN, Q_SYSFS_PREAD, Q_COUNT };

static const char * const q_names[Q_COUNT] = {
	"cdrommultisession", "ioctl_get", "sysfs_read", "sysfs_pread",
};

static bool query_once(int q, int fd_sr, int fd_ctl, int fd_sys, const char *sys,
		       struct cdrom_multisession *ms, struct cdrom_msinfo *info)
{
	char buf[128];
	bool ok = false;
	int fd;

	switch (q) {
	case Q_MULTISESSION:
		ms->addr_format = CDROM_LBA;
		ok = !ioctl(fd_sr, CDROMMULTISESSION, ms);
		break;
	case Q_IOCTL_GET:
		memset(info, 0, sizeof(*info));
		info->size = sizeof(*info);
		info->fd = fd_sr;
		ok = !ioctl(fd_ctl, CDROM_MSINFO_IOC_GET, info);
		break;
	case Q_SYSFS_OPEN:
		fd = open(sys, O_RDONLY | O_CLOEXEC);
		ok = fd >= 0 && read(fd, buf, sizeof(buf)) > 0;
		if (fd >= 0)
			close(fd);
		break;
	case Q_SYSFS_PREAD:
		ok = pread(fd_sys, buf, sizeof(buf), 0) > 0;
		break;
	}
	return ok;
}

static int cmd_query(int argc, char **argv)
{
	long errors[Q_COUNT] = { 0 };
	struct cdrom_multisession ms;
	char dev[64], sys[256], buf[128], text[64];
	struct cdrom_msinfo info;
	int fd_sr, fd_ctl, fd_sys, q, k;
	int64_t *t[Q_COUNT], t0;
	long long total;
	long i, n;

	if (argc != 3)
		return 2;
	n = atol(argv[2]);
	if (n <= 0)
		return 2;
	snprintf(dev, sizeof(dev), "/dev/%s", argv[0]);
	snprintf(sys, sizeof(sys), "/sys/block/%s/multisession/msinfo", argv[0]);
	fd_sr = open(dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd_sr < 0)
		die("cannot open", dev);
	fd_ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	if (fd_ctl < 0)
		die("cannot open", CDROM_MSINFO_DEVICE);
	fd_sys = open(sys, O_RDONLY | O_CLOEXEC);
	if (fd_sys < 0)
		die("cannot open", sys);
	for (q = 0; q < Q_COUNT; q++) {
		t[q] = calloc(n, sizeof(int64_t));
		if (!t[q])
			die("cannot allocate", "samples");
	}
	/* What opening the node made sr send is not the queries' cost. */
	reset_counters(argv[1]);

	for (i = 0; i < n; i++) {
		/* Rotate the order, so that no method always runs first. */
		for (k = 0; k < Q_COUNT; k++) {
			q = (i + k) % Q_COUNT;
			t0 = now_ns();
			if (!query_once(q, fd_sr, fd_ctl, fd_sys, sys, &ms, &info))
				errors[q]++;
			t[q][i] = now_ns() - t0;
		}
	}

	json_open(NULL);
	json_int("rounds", n);
	for (q = 0; q < Q_COUNT; q++) {
		snprintf(buf, sizeof(buf), "%s_errors", q_names[q]);
		json_stats(q_names[q], t[q], n);
		json_int(buf, errors[q]);
	}
	json_counters("counters", argv[1], &total);
	json_int("commands", total);
	json_open("values");
	json_int("cdrommultisession_lba", ms.addr.lba);
	json_int("xa", ms.xa_flag);
	snprintf(text, sizeof(text), "%llu,%llu", (unsigned long long)info.msinfo_start,
		 (unsigned long long)info.msinfo_next);
	json_str("ioctl_msinfo", text);
	if (read_file(sys, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	json_str("sysfs_msinfo", buf);
	json_close();
	json_close();
	printf("\n");
	return 0;
}

/* ---- spawn ---- */

struct prog {
	char *name;
	char *argv[32];
	long count, done, failed;
	int64_t *t;
};

static int parse_prog(struct prog *p, const char *spec)
{
	char *s = strdup(spec), *tok, *save;
	int a = 0;

	if (!s)
		return -1;
	p->name = strtok_r(s, ":", &save);
	tok = strtok_r(NULL, ":", &save);
	if (!p->name || !tok)
		return -1;
	p->count = atol(tok);
	for (tok = strtok_r(NULL, " ", &save); tok && a < 31; tok = strtok_r(NULL, " ", &save))
		p->argv[a++] = tok;
	p->t = calloc(p->count + 1, sizeof(int64_t));
	return a && p->t ? 0 : -1;
}

static int cmd_spawn(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	struct prog *p = calloc(argc + 1, sizeof(*p));
	char key[64];
	bool more = true;
	int i, status;

	if (!p || !argc)
		return 2;
	for (i = 0; i < argc; i++)
		if (parse_prog(&p[i], argv[i]))
			return 2;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);

	while (more) {
		more = false;
		for (i = 0; i < argc; i++) {
			int64_t t0;
			pid_t pid;

			if (p[i].done >= p[i].count)
				continue;
			t0 = now_ns();
			if (posix_spawnp(&pid, p[i].argv[0], &fa, NULL, p[i].argv, environ))
				die("cannot run", p[i].argv[0]);
			if (waitpid(pid, &status, 0) < 0)
				die("cannot wait for", p[i].argv[0]);
			p[i].t[p[i].done++] = now_ns() - t0;
			if (!WIFEXITED(status) || WEXITSTATUS(status))
				p[i].failed++;
			more |= p[i].done < p[i].count;
		}
	}
	json_open(NULL);
	for (i = 0; i < argc; i++) {
		snprintf(key, sizeof(key), "%s_failed", p[i].name);
		json_stats(p[i].name, p[i].t, p[i].done);
		json_int(key, p[i].failed);
	}
	json_close();
	printf("\n");
	return 0;
}

/* ---- swap ---- */

struct drive {
	char cfg[256];
	char sr[32];
	int gen_fd;
	long long diskseq0, gen0, gen, mc_diskseq;
	int64_t t_write, t_mc, t_gen, t_err, t_pub, t_own;
	int n_mc, n_own;
	char error[80];
};

static struct drive drives[MAX_DRIVES];
static int ndrives;
static int64_t swap_t0;

struct sample {
	int64_t at;		/* start, relative to the swap */
	int64_t took;
	int64_t control;	/* the same for the disk's size attribute */
	int res;		/* 0 read, 1 EAGAIN, 2 another error */
};

static struct sample *samples;
static long nsamples;		/* written by the reader only */
static bool reader_stop;

/* Open, read and close a sysfs file; 0, 1 for EAGAIN, 2 for another error. */
static int timed_read(const char *path, int64_t *took)
{
	int64_t t0 = now_ns();
	char buf[128];
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	r = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (fd >= 0)
		close(fd);
	*took = now_ns() - t0;
	return r >= 0 ? 0 : errno == EAGAIN ? 1 : 2;
}

/*
 * Reads msinfo of the drives in turn, each followed by a read of the
 * block layer's size attribute of the same disk: if both are slow, the
 * reader was waiting for a CPU, not for the module.
 */
static void *reader(void *arg)
{
	char path[128];
	long i = 0;

	(void)arg;
	while (!__atomic_load_n(&reader_stop, __ATOMIC_RELAXED) && nsamples < MAX_SAMPLES) {
		struct drive *d = &drives[i++ % ndrives];
		struct sample *s = &samples[nsamples];

		s->at = now_ns() - swap_t0;
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/msinfo", d->sr);
		s->res = timed_read(path, &s->took);
		snprintf(path, sizeof(path), "/sys/block/%s/size", d->sr);
		timed_read(path, &s->control);
		nsamples++;
		/* About 700 reads a second: a busy reader, not a spinning one. */
		sleep_ms(1);
	}
	return NULL;
}

static char swap_buf[4096];
static const char *swap_medium;
static size_t swap_medium_len;
static int writer_next;
static pthread_mutex_t writer_lock = PTHREAD_MUTEX_INITIALIZER;

/* Load the medium into the drives, several at a time. */
static void *writer(void *arg)
{
	char path[sizeof(drives[0].cfg) + 16];
	struct drive *d;
	int i;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&writer_lock);
		i = writer_next++;
		pthread_mutex_unlock(&writer_lock);
		if (i >= ndrives)
			return NULL;
		d = &drives[i];
		snprintf(path, sizeof(path), "%.255s/medium", d->cfg);
		if (write_file(path, swap_medium, swap_medium_len))
			die("cannot load a medium into", d->cfg);
		d->t_write = now_ns() - swap_t0;
	}
}

static struct drive *drive_by_name(const char *sr)
{
	int i;

	for (i = 0; i < ndrives; i++)
		if (!strcmp(drives[i].sr, sr))
			return &drives[i];
	return NULL;
}

static void drive_attr(const struct drive *d, const char *attr, char *buf, size_t size)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/%s", d->sr, attr);
	if (read_file(path, buf, size) < 0)
		buf[0] = '\0';
}

/* After a publication (or to be sure): is the new medium's state out? */
static void check_published(struct drive *d, int64_t t)
{
	char path[256], buf[80];
	long long seq, disk_seq;

	if (d->gen_fd < 0 || pread(d->gen_fd, buf, sizeof(buf) - 1, 0) <= 0)
		return;
	/* Later publications are counted too. */
	d->gen = strtoll(buf, NULL, 10);
	if (d->gen == d->gen0 || d->t_pub >= 0)
		return;
	if (d->t_gen < 0)
		d->t_gen = t;
	drive_attr(d, "diskseq", buf, sizeof(buf));
	seq = strtoll(buf, NULL, 10);
	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", d->sr);
	disk_seq = read_number(path);
	drive_attr(d, "error", d->error, sizeof(d->error));
	if (seq <= d->diskseq0 || seq != disk_seq)
		return;
	if (d->error[0]) {
		if (d->t_err < 0)
			d->t_err = t;
		return;
	}
	d->t_pub = t;
}

static void handle_uevent(char *msg, ssize_t len, int64_t t)
{
	const char *devname = NULL;
	bool mc = false, own = false;
	long long seq = -1;
	struct drive *d;
	char *p;

	/* "ACTION@DEVPATH\0KEY=VALUE\0..." from the kernel */
	if (len <= 0 || !memchr(msg, '@', strnlen(msg, len)))
		return;
	msg[len - 1] = '\0';
	for (p = msg + strlen(msg) + 1; p < msg + len; p += strlen(p) + 1) {
		if (!strncmp(p, "DEVNAME=", 8))
			devname = p + 8;
		else if (!strcmp(p, "DISK_MEDIA_CHANGE=1"))
			mc = true;
		else if (!strncmp(p, "MSINFO_GENERATION=", 18))
			own = true;
		else if (!strncmp(p, "DISKSEQ=", 8))
			seq = strtoll(p + 8, NULL, 10);
	}
	if (!devname)
		return;
	if (!strncmp(devname, "/dev/", 5))
		devname += 5;
	d = drive_by_name(devname);
	if (!d)
		return;
	if (mc) {
		if (d->t_mc < 0) {
			d->t_mc = t;
			d->mc_diskseq = seq;
		}
		d->n_mc++;
	}
	if (own) {
		if (d->t_own < 0)
			d->t_own = t;
		d->n_own++;
	}
}

/*
 * Receive the pending uevents, each stamped with the time the kernel
 * queued it (SO_TIMESTAMPNS, CLOCK_REALTIME, turned into our clock).
 */
static void receive_uevents(int sock, char *msg, int64_t realtime_offset)
{
	char control[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { msg, UEVENT_BUF };
	struct msghdr mh = { 0 };
	struct cmsghdr *c;
	ssize_t len;
	int64_t t;

	for (;;) {
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = control;
		mh.msg_controllen = sizeof(control);
		len = recvmsg(sock, &mh, MSG_DONTWAIT);
		if (len <= 0)
			return;
		t = now_ns();
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			struct timespec ts;

			if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS)
				continue;
			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			t = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec - realtime_offset;
		}
		handle_uevent(msg, len, t - swap_t0);
	}
}

static int64_t get_write(const struct drive *d) { return d->t_write; }
static int64_t get_mc(const struct drive *d) { return d->t_mc; }
static int64_t get_gen(const struct drive *d) { return d->t_gen; }
static int64_t get_pub(const struct drive *d) { return d->t_pub; }
static int64_t get_own(const struct drive *d) { return d->t_own; }

static int64_t get_mc_to_pub(const struct drive *d)
{
	return d->t_pub >= 0 && d->t_mc >= 0 ? d->t_pub - d->t_mc : -1;
}

/* Median and extremes of a per-drive time, over the drives that have it. */
static void json_spread(const char *name, int64_t (*get)(const struct drive *))
{
	static int64_t v[MAX_DRIVES];
	int i, n = 0;

	for (i = 0; i < ndrives; i++)
		if (get(&drives[i]) >= 0)
			v[n++] = get(&drives[i]);
	qsort(v, n, sizeof(v[0]), cmp_i64);
	json_open(name);
	json_int("n", n);
	json_int("median_us", us(pct(v, n, 50)));
	json_int("max_us", us(n ? v[n - 1] : -1));
	json_int("min_us", us(n ? v[0] : -1));
	json_close();
}

static void json_reads(const char *name, int64_t from, int64_t to)
{
	int64_t *v = malloc((nsamples + 1) * sizeof(*v));
	int64_t *c = malloc((nsamples + 1) * sizeof(*c));
	long i, n = 0, again = 0, errs = 0;
	char key[64];

	for (i = 0; v && c && i < nsamples; i++) {
		if (samples[i].at < from || samples[i].at >= to)
			continue;
		c[n] = samples[i].control;
		v[n++] = samples[i].took;
		again += samples[i].res == 1;
		errs += samples[i].res == 2;
	}
	json_stats(name, v, n);
	snprintf(key, sizeof(key), "%s_control", name);
	json_stats(key, c, n);
	snprintf(key, sizeof(key), "%s_eagain", name);
	json_int(key, again);
	snprintf(key, sizeof(key), "%s_errors", name);
	json_int(key, errs);
	free(v);
	free(c);
}

static void json_swap(bool completed, int64_t t_done, int64_t t_end, bool with_reader,
		      unsigned int idle_ms, bool per_drive)
{
	long mc = 0, own = 0, pubs = 0, errs = 0;
	int i;

	json_open(NULL);
	json_int("drives", ndrives);
	json_bool("completed", completed);
	json_int("done_us", us(t_done));
	json_spread("write", get_write);
	json_spread("media_change_uevent", get_mc);
	json_spread("first_publication", get_gen);
	json_spread("published", get_pub);
	json_spread("uevent_to_published", get_mc_to_pub);
	json_spread("own_uevent", get_own);
	for (i = 0; i < ndrives; i++) {
		mc += drives[i].n_mc;
		own += drives[i].n_own;
		pubs += drives[i].gen0 >= 0 ? drives[i].gen - drives[i].gen0 : 0;
		errs += drives[i].t_err >= 0;
	}
	json_int("media_change_uevents", mc);
	json_int("own_uevents", own);
	json_int("publications", pubs);
	json_int("error_publications", errs);
	if (with_reader) {
		json_reads("read_idle", -(int64_t)idle_ms * 1000000, 0);
		json_reads("read_busy", 0, t_done >= 0 ? t_done : t_end);
	}
	if (per_drive) {
		json_key("per_drive");
		printf("[");
		for (i = 0; i < ndrives; i++) {
			struct drive *d = &drives[i];

			json_first = true;
			json_open(NULL);
			json_str("sr", d->sr);
			json_int("mc_us", us(d->t_mc));
			json_int("mc_diskseq", d->mc_diskseq);
			json_int("gen_us", us(d->t_gen));
			json_int("err_us", us(d->t_err));
			json_int("pub_us", us(d->t_pub));
			json_int("own_us", us(d->t_own));
			json_int("n_mc", d->n_mc);
			json_int("n_own", d->n_own);
			json_int("n_pub", d->gen0 >= 0 ? d->gen - d->gen0 : 0);
			json_str("error", d->error);
			json_close();
			printf("%s", i + 1 < ndrives ? "," : "");
		}
		printf("]");
	}
	json_close();
	printf("\n");
}

static int swap_setup(const char *spec)
{
	struct drive *d = &drives[ndrives];
	char path[256], buf[64];
	const char *colon = strchr(spec, ':');

	if (!colon || ndrives >= MAX_DRIVES)
		return -1;
	snprintf(d->cfg, sizeof(d->cfg), "%.*s", (int)(colon - spec), spec);
	snprintf(d->sr, sizeof(d->sr), "%s", colon + 1);
	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", d->sr);
	d->diskseq0 = read_number(path);
	snprintf(path, sizeof(path), "/sys/block/%s/multisession/generation", d->sr);
	d->gen_fd = open(path, O_RDONLY | O_CLOEXEC);
	d->gen0 = -1;
	if (d->gen_fd >= 0 && pread(d->gen_fd, buf, sizeof(buf) - 1, 0) > 0)
		d->gen0 = atoll(buf);
	d->gen = d->gen0;
	d->t_write = -1;
	d->t_mc = -1;
	d->t_gen = -1;
	d->t_err = -1;
	d->t_pub = -1;
	d->t_own = -1;
	d->mc_diskseq = -1;
	ndrives++;
	return 0;
}

static int netlink_uevents(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	int sock, on = 1, rcvbuf = 16 << 20;

	sock = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_KOBJECT_UEVENT);
	if (sock < 0)
		die("cannot open", "a uevent socket");
	if (setsockopt(sock, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	setsockopt(sock, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
	if (bind(sock, (struct sockaddr *)&sa, sizeof(sa)))
		die("cannot bind", "the uevent socket");
	return sock;
}

/* A medium description, into buf (4 KiB), with a final newline. */
static char *slurp(const char *path, size_t *len, char *buf)
{
	int n = read_file(path, buf, 4096 - 1);

	if (n <= 0)
		die("cannot read", path);
	buf[n++] = '\n';
	*len = n;
	return buf;
}

static int cmd_swap(int argc, char **argv)
{
	unsigned int linger_ms = 0, timeout_ms = 30000, idle_ms = 0;
	bool until_uevent = false, with_reader = false, per_drive = false;
	static struct pollfd pfd[MAX_DRIVES + 1];
	pthread_t rthr, wthr[WRITERS];
	int64_t t_done = -1, t_end, t, realtime_offset;
	struct timespec rt;
	int sock, i, ready, nwriters;
	char *msg;

	for (; argc && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "--until-uevent")) {
			until_uevent = true;
		} else if (!strcmp(argv[0], "--reader")) {
			with_reader = true;
		} else if (!strcmp(argv[0], "--per-drive")) {
			per_drive = true;
		} else if (argc > 1 && !strcmp(argv[0], "--linger")) {
			linger_ms = atoi(argv[1]);
			argc--, argv++;
		} else if (argc > 1 && !strcmp(argv[0], "--timeout")) {
			timeout_ms = atoi(argv[1]);
			argc--, argv++;
		} else if (argc > 1 && !strcmp(argv[0], "--idle")) {
			idle_ms = atoi(argv[1]);
			argc--, argv++;
		} else {
			return 2;
		}
	}
	if (argc < 2)
		return 2;
	swap_medium = slurp(argv[0], &swap_medium_len, swap_buf);
	for (i = 1; i < argc; i++)
		if (swap_setup(argv[i]))
			return 2;
	msg = malloc(UEVENT_BUF);
	if (!msg)
		die("cannot allocate", "a buffer");
	sock = netlink_uevents();
	pfd[0].fd = sock;
	pfd[0].events = POLLIN;
	for (i = 0; i < ndrives; i++) {
		pfd[i + 1].fd = drives[i].gen_fd;
		pfd[i + 1].events = POLLPRI | POLLERR;
	}
	clock_gettime(CLOCK_REALTIME, &rt);
	realtime_offset = (int64_t)rt.tv_sec * 1000000000 + rt.tv_nsec - now_ns();

	if (with_reader) {
		samples = calloc(MAX_SAMPLES, sizeof(*samples));
		if (!samples)
			die("cannot allocate", "samples");
		swap_t0 = now_ns() + (int64_t)idle_ms * 1000000;
		if (pthread_create(&rthr, NULL, reader, NULL))
			die("cannot start", "the reader");
		sleep_ms(idle_ms);
	}

	swap_t0 = now_ns();
	nwriters = ndrives < WRITERS ? ndrives : WRITERS;
	for (i = 0; i < nwriters; i++)
		if (pthread_create(&wthr[i], NULL, writer, NULL))
			die("cannot start", "a writer");

	t_end = (int64_t)timeout_ms * 1000000;
	for (;;) {
		int done = 0, wait_ms;

		t = now_ns() - swap_t0;
		for (i = 0; i < ndrives; i++)
			done += until_uevent ? drives[i].t_mc >= 0 : drives[i].t_pub >= 0;
		if (done == ndrives && t_done < 0) {
			t_done = t;
			t_end = t + (int64_t)linger_ms * 1000000;
		}
		if (t >= t_end)
			break;
		wait_ms = (t_end - t) / 1000000 + 1;
		if (wait_ms > 100)
			wait_ms = 100;
		ready = poll(pfd, ndrives + 1, wait_ms);
		if (ready < 0 && errno != EINTR)
			die("cannot", "poll");
		t = now_ns() - swap_t0;
		if (pfd[0].revents & POLLIN)
			receive_uevents(sock, msg, realtime_offset);
		/* A missed notification would only delay us: look when idle. */
		for (i = 0; i < ndrives; i++)
			if (!ready || pfd[i + 1].revents & (POLLPRI | POLLERR))
				check_published(&drives[i], t);
	}
	for (i = 0; i < nwriters; i++)
		pthread_join(wthr[i], NULL);
	if (with_reader) {
		__atomic_store_n(&reader_stop, true, __ATOMIC_RELAXED);
		pthread_join(rthr, NULL);
	}
	json_swap(t_done >= 0, t_done, t_end, with_reader, idle_ms, per_drive);
	return 0;
}

/* ---- memory ---- */

struct slab_cache {
	char name[64];
	long long active, size;
};

struct mem {
	struct slab_cache cache[MAX_CACHES];
	int ncache;
	long long slab_kb, vmalloc_kb, stack_kb, avail_kb, threads;
};

/* /proc/slabinfo: objects in use per cache. */
static int slab_read(struct slab_cache *c)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/slabinfo", "r");

	if (!f)
		return 0;
	while (n < MAX_CACHES && fgets(line, sizeof(line), f)) {
		long long num;

		if (sscanf(line, "%63s %lld %lld %lld", c[n].name, &c[n].active,
			   &num, &c[n].size) == 4)
			n++;
	}
	fclose(f);
	return n;
}

static long long slab_bytes(const struct mem *m)
{
	long long total = 0;
	int i;

	for (i = 0; i < m->ncache; i++)
		total += m->cache[i].active * m->cache[i].size;
	return total;
}

static long long meminfo_kb(const char *key)
{
	char line[256];
	size_t len = strlen(key);
	long long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, len) && line[len] == ':')
			v = strtoll(line + len + 1, NULL, 10);
	fclose(f);
	return v;
}

static void mem_read(struct mem *m)
{
	char buf[128], *slash;

	m->ncache = slab_read(m->cache);
	m->slab_kb = meminfo_kb("Slab");
	m->vmalloc_kb = meminfo_kb("VmallocUsed");
	m->stack_kb = meminfo_kb("KernelStack");
	m->avail_kb = meminfo_kb("MemAvailable");
	m->threads = -1;
	if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0) {
		slash = strchr(buf, '/');
		if (slash)
			m->threads = atoll(slash + 1);
	}
}

/* after - before; caches that changed by at least 4 KiB, by name. */
static void json_mem_delta(const struct mem *b, const struct mem *a)
{
	int i, j;

	json_int("slab_objects_bytes", slab_bytes(a) - slab_bytes(b));
	json_int("slab_kb", a->slab_kb - b->slab_kb);
	json_int("vmalloc_kb", a->vmalloc_kb - b->vmalloc_kb);
	json_int("kernel_stack_kb", a->stack_kb - b->stack_kb);
	json_int("memavailable_kb", a->avail_kb - b->avail_kb);
	json_int("threads", a->threads - b->threads);
	json_open("slab_caches");
	for (i = 0; i < a->ncache; i++) {
		long long before = 0, d;

		for (j = 0; j < b->ncache; j++)
			if (!strcmp(a->cache[i].name, b->cache[j].name))
				before = b->cache[j].active;
		d = a->cache[i].active - before;
		if (llabs(d * a->cache[i].size) < 4096)
			continue;
		json_open(a->cache[i].name);
		json_int("objects", d);
		json_int("size", a->cache[i].size);
		json_close();
	}
	json_close();
}

/* ---- attach, rmmod ---- */

static int cmd_attach(int argc, char **argv)
{
	static struct pollfd pfd[MAX_DRIVES];
	static struct mem before, after;
	int64_t t0, t_ins, t_all = -1, t_first = -1;
	int fd, i, left, ready = 0;

	if (argc < 2 || argc - 1 > MAX_DRIVES)
		return 2;
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open", argv[0]);
	ndrives = argc - 1;
	for (i = 0; i < ndrives; i++) {
		snprintf(drives[i].sr, sizeof(drives[i].sr), "%s", argv[i + 1]);
		drives[i].t_pub = -1;
	}
	sleep_ms(300);
	mem_read(&before);

	t0 = now_ns();
	if (syscall(SYS_finit_module, fd, "", 0))
		die("cannot load", argv[0]);
	t_ins = now_ns() - t0;
	close(fd);

	/*
	 * Published: a generation and no error.  The directories exist once
	 * insmod returns; generation is notified on every publication.
	 */
	for (i = 0; i < ndrives; i++) {
		char path[128];

		snprintf(path, sizeof(path), "/sys/block/%s/multisession/generation",
			 drives[i].sr);
		pfd[i].fd = open(path, O_RDONLY | O_CLOEXEC);
		pfd[i].events = POLLPRI | POLLERR;
	}
	left = ndrives;
	while (left && now_ns() - t0 < 120 * 1000000000LL) {
		for (i = 0; i < ndrives; i++) {
			struct drive *d = &drives[i];
			char buf[80];

			if (d->t_pub >= 0 || (ready && !pfd[i].revents))
				continue;
			if (pfd[i].fd < 0 || pread(pfd[i].fd, buf, sizeof(buf) - 1, 0) <= 0 ||
			    atoll(buf) < 1)
				continue;
			drive_attr(d, "error", buf, sizeof(buf));
			if (buf[0])
				continue;
			d->t_pub = now_ns() - t0;
			if (t_first < 0)
				t_first = d->t_pub;
			close(pfd[i].fd);
			pfd[i].fd = -1;
			left--;
		}
		if (left)
			ready = poll(pfd, ndrives, 100);
	}
	if (!left)
		t_all = now_ns() - t0;
	for (i = 0; i < ndrives; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	/* Let transient allocations (uevents, requests) go. */
	sleep_ms(500);
	mem_read(&after);

	json_open(NULL);
	json_int("drives", ndrives);
	json_int("published", ndrives - left);
	json_int("insmod_us", us(t_ins));
	json_int("first_us", us(t_first));
	json_int("all_us", us(t_all));
	json_mem_delta(&before, &after);
	json_close();
	printf("\n");
	return 0;
}

static int cmd_rmmod(int argc, char **argv)
{
	static struct mem before, after;
	int64_t t0, t;

	if (argc != 1)
		return 2;
	mem_read(&before);
	t0 = now_ns();
	if (syscall(SYS_delete_module, argv[0], O_NONBLOCK))
		die("cannot unload", argv[0]);
	t = now_ns() - t0;
	/* kernfs nodes and kobjects may go after a grace period. */
	sleep_ms(1000);
	mem_read(&after);
	json_open(NULL);
	json_int("rmmod_us", us(t));
	json_mem_delta(&before, &after);
	json_close();
	printf("\n");
	return 0;
}

/* ---- threads that share a list of names, one name each at a time ---- */

static char **pool_names;
static int pool_count, pool_next;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;

/* The next name of the list, or NULL when every one is taken. */
static const char *pool_take(void)
{
	int i;

	pthread_mutex_lock(&pool_lock);
	i = pool_next++;
	pthread_mutex_unlock(&pool_lock);
	return i < pool_count ? pool_names[i] : NULL;
}

/* Run worker in up to nthreads threads until the names are taken. */
static int pool_run(int argc, char **argv, int nthreads, void *(*worker)(void *))
{
	pthread_t thr[OPENERS];		/* the largest pool */
	int i, n = argc < nthreads ? argc : nthreads;

	if (n > OPENERS)
		n = OPENERS;

	pool_names = argv;
	pool_count = argc;
	pool_next = 0;
	for (i = 0; i < n; i++)
		if (pthread_create(&thr[i], NULL, worker, NULL))
			die("cannot start", "a thread");
	for (i = 0; i < n; i++)
		pthread_join(thr[i], NULL);
	return 0;
}

/* ---- create, remove ---- */

static char create_buf[4096];
static const char *create_medium;
static size_t create_medium_len;
static bool removing;
static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

/* Wait up to 30 s until sr has bound the drive; its srN in sr. */
static int wait_bound(const char *dir, char *sr, size_t size)
{
	char path[PATH_MAX + 16], buf[64];
	int i;

	for (i = 0; i < 1500; i++) {
		long long host;

		snprintf(path, sizeof(path), "%s/host", dir);
		host = read_number(path);
		if (host >= 0) {
			struct dirent *e;
			DIR *dp;

			snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%lld:0:0:0/block",
				 host);
			dp = opendir(path);
			while (dp && (e = readdir(dp)))
				if (e->d_name[0] != '.')
					snprintf(sr, size, "%.31s", e->d_name);
			if (dp)
				closedir(dp);
			snprintf(buf, sizeof(buf), "/dev/%s", sr);
			if (sr[0] && !access(buf, F_OK))
				return 0;
		}
		sleep_ms(20);
	}
	return -1;
}

static void *drive_worker(void *arg)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], sr[32], own[4096], *eq;
	const char *medium, *name;
	size_t len;

	(void)arg;
	while ((name = pool_take())) {
		snprintf(dir, sizeof(dir), "%s", name);
		if (removing) {
			snprintf(path, sizeof(path), "%s/power", dir);
			write_file(path, "0", 1);
			if (rmdir(dir))
				fprintf(stderr, "benchtool: cannot remove %s: %s\n", dir,
					strerror(errno));
			continue;
		}
		sr[0] = '\0';
		medium = create_medium;
		len = create_medium_len;
		eq = strchr(dir, '=');
		if (eq) {
			*eq = '\0';
			medium = slurp(eq + 1, &len, own);
		}
		snprintf(path, sizeof(path), "%s/medium", dir);
		if ((mkdir(dir, 0755) && errno != EEXIST) || write_file(path, medium, len))
			die("cannot create", dir);
		snprintf(path, sizeof(path), "%s/power", dir);
		if (write_file(path, "1", 1) || wait_bound(dir, sr, sizeof(sr)))
			fprintf(stderr, "benchtool: %s is not bound\n", dir);
		/* One line per drive: its configfs directory and srN. */
		pthread_mutex_lock(&print_lock);
		printf("%s %s\n", dir, sr[0] ? sr : "none");
		pthread_mutex_unlock(&print_lock);
	}
	return NULL;
}

static int cmd_create(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	create_medium = slurp(argv[0], &create_medium_len, create_buf);
	return pool_run(argc - 1, argv + 1, WRITERS, drive_worker);
}

static int cmd_remove(int argc, char **argv)
{
	removing = true;
	return pool_run(argc, argv, WRITERS, drive_worker);
}

/* ---- open ---- */

static void *opener(void *arg)
{
	const char *name;
	char path[64];
	int fd;

	(void)arg;
	while ((name = pool_take())) {
		snprintf(path, sizeof(path), "/dev/%s", name);
		fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

static int cmd_open(int argc, char **argv)
{
	return pool_run(argc, argv, OPENERS, opener);
}

static int open_flags(const char *spec)
{
	static const struct { const char *name; int flag; } names[] = {
		{ "O_RDONLY", O_RDONLY }, { "O_WRONLY", O_WRONLY }, { "O_RDWR", O_RDWR },
		{ "O_NONBLOCK", O_NONBLOCK }, { "O_NDELAY", O_NDELAY }, { "O_EXCL", O_EXCL },
		{ "O_CLOEXEC", O_CLOEXEC }, { "O_LARGEFILE", 0 }, { "O_SYNC", O_SYNC },
		{ "O_DIRECT", O_DIRECT }, { "O_NOCTTY", O_NOCTTY },
	};
	char buf[256], *tok, *save;
	int flags = 0;
	size_t i;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
		for (i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(tok, names[i].name))
				break;
		if (i == ARRAY_SIZE(names))
			die("unknown open flag", tok);
		flags |= names[i].flag;
	}
	return flags;
}

static int cmd_opens(int argc, char **argv)
{
	unsigned int hold_ms = 0;
	char path[64];
	int i, fd, ok = 0;

	if (argc > 1 && !strcmp(argv[0], "--hold")) {
		hold_ms = atoi(argv[1]);
		argc -= 2;
		argv += 2;
	}
	if (argc < 1)
		return 2;
	snprintf(path, sizeof(path), "/dev/%s", argv[0]);
	for (i = 1; i < argc; i++) {
		fd = open(path, open_flags(argv[i]) | O_CLOEXEC);
		if (fd < 0)
			continue;
		ok++;
		sleep_ms(hold_ms);
		close(fd);
	}
	json_open(NULL);
	json_int("opens", argc - 1);
	json_int("opened", ok);
	json_close();
	printf("\n");
	return 0;
}

static int cmd_eject(int argc, char **argv)
{
	char path[PATH_MAX], buf[80], msinfo[80] = "";
	int64_t t0, t, t_none = -1;
	long again = 0, reads = 0;
	int msinfo_errno = 0, n;
	unsigned int timeout_ms;

	if (argc != 3)
		return 2;
	timeout_ms = atoi(argv[2]);
	snprintf(path, sizeof(path), "%s/loaded", argv[0]);
	t0 = now_ns();
	if (write_file(path, "0", 1) < 0)
		die("cannot write", path);
	snprintf(path, sizeof(path), "/sys/block/%s/multisession/media_state", argv[1]);
	do {
		t = now_ns() - t0;
		reads++;
		n = read_file(path, buf, sizeof(buf));
		if (n < 0) {
			again += n == -EAGAIN;
		} else if (!strncmp(buf, "none", 4)) {
			t_none = t;
			break;
		}
		sleep_ms(5);
	} while (t < (int64_t)timeout_ms * 1000000);
	snprintf(path, sizeof(path), "/sys/block/%s/multisession/msinfo", argv[1]);
	n = read_file(path, msinfo, sizeof(msinfo));
	if (n < 0) {
		msinfo_errno = -n;
		msinfo[0] = '\0';
	}
	json_open(NULL);
	json_bool("completed", t_none >= 0);
	json_int("none_us", us(t_none));
	json_int("reads", reads);
	json_int("eagain", again);
	json_int("msinfo_errno", msinfo_errno);
	json_str("msinfo", msinfo);
	json_close();
	printf("\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int argc, char **argv);
	} cmds[] = {
		{ "query", cmd_query }, { "spawn", cmd_spawn }, { "swap", cmd_swap },
		{ "attach", cmd_attach }, { "rmmod", cmd_rmmod }, { "open", cmd_open },
		{ "create", cmd_create }, { "remove", cmd_remove }, { "opens", cmd_opens },
		{ "eject", cmd_eject },
	};
	size_t i;
	int ret = 2;

	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	for (i = 0; argc >= 2 && i < ARRAY_SIZE(cmds); i++)
		if (!strcmp(argv[1], cmds[i].name))
			ret = cmds[i].fn(argc - 2, argv + 2);
	if (ret == 2)
		fprintf(stderr, "usage: see the head of benchtool.c\n");
	return ret;
}

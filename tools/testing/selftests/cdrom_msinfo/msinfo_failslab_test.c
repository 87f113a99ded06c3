// SPDX-License-Identifier: GPL-2.0
/*
 * Allocations that fail, on a kernel with failslab (the debug kernel of
 * "make check-debug"): every slab allocation of a refresh through sysfs,
 * of the ioctls, of sr binding a drive (the module attaches then) and of
 * loading the module (from its parameters on) fails in turn, through
 * /proc/thread-self/fail-nth, and then 10% of every allocation of this
 * task fail at random while it refreshes, reads and rebinds drives.  Each
 * failure must be handled: the call fails or succeeds, a refresh that
 * fails leaves "unknown" with an error, and once allocations work again
 * every drive is attached and shows its right values.  The VM runner fails the run on any warning,
 * sanitizer or lockdep report; kmemleak's scan at the end finds any leak.
 *
 * Long (minutes under KASAN): it runs when named (MSINFO_TESTS, as "make
 * check-debug" does) and skips otherwise.
 */
#include <sys/syscall.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define NDRIVES		3
#define MAX_NTH		2000
#define RANDOM_S	30

static const char *const media[NDRIVES] = {
	"cd-r.appendable-2.txt",
	"dvd+rw.formatted.txt",
	"bd-r.blank.txt",
};

#define FAILSLAB "/sys/kernel/debug/failslab"

struct failslab {
	struct mmcsim_drive d[NDRIVES];
	struct msinfo_values before[NDRIVES];
	int nth;		/* /proc/thread-self/fail-nth */
	int mif;		/* /proc/self/make-it-fail */
	int ctl;
};

FIXTURE(failslab) {
	struct failslab c;
};

static int failslab_set(const char *attr, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), FAILSLAB "/%s", attr);
	return msinfo_write_file(path, val);
}

/* Through an fd opened before: opening it may fail while failing. */
static int make_it_fail(int fd, int on)
{
	return pwrite(fd, on ? "1" : "0", 1, 0) == 1 ? 0 : -errno;
}

static int load_msinfo(void)
{
	char path[PATH_MAX];
	int fd, ret;

	if (!access("/sys/module/cdrom_msinfo", F_OK))
		return 0;
	snprintf(path, sizeof(path), "%s/cdrom_msinfo.ko", getenv("MSINFO_BUILD") ?: ".");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return ret;
}

static bool attached(const char *disk)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession", disk);
	return !access(path, F_OK);
}

static int sr_bind(struct mmcsim_drive *d, bool bind)
{
	char id[32];

	snprintf(id, sizeof(id), "%d:0:0:0", d->host);
	return msinfo_write_file(bind ? "/sys/bus/scsi/drivers/sr/bind" :
				 "/sys/bus/scsi/drivers/sr/unbind", id);
}

/*
 * Allocations work again: every drive bound and attached (bound again
 * where an attach failed), refreshed, with the values it had at first.
 */
static void sane(struct __test_metadata *_metadata, struct failslab *c,
		 const char *after)
{
	struct msinfo_values now;
	char buf[80];
	int i, k;

	ASSERT_EQ(0, load_msinfo()) TH_LOG("after %s", after);
	for (i = 0; i < NDRIVES; i++) {
		struct mmcsim_drive *d = &c->d[i];

		d->disk[0] = '\0';
		if (mmcsim_wait_disk(d, 2000))
			sr_bind(d, true);
		ASSERT_EQ(0, mmcsim_wait_disk(d, 20000)) TH_LOG("after %s", after);
		for (k = 0; k < 3 && !attached(d->disk); k++) {
			/* an attach that met a failure: bind again */
			sr_bind(d, false);
			d->disk[0] = '\0';
			sr_bind(d, true);
			ASSERT_EQ(0, mmcsim_wait_disk(d, 20000));
		}
		ASSERT_TRUE(attached(d->disk)) TH_LOG("after %s: %s", after, media[i]);
		ASSERT_LT(0, msinfo_wait_fresh(d->disk, 1, 30)) TH_LOG("after %s", after);
		ASSERT_EQ(0, msinfo_refresh_sysfs(d->disk)) TH_LOG("after %s", after);
		ASSERT_EQ(0, msinfo_attr(d->disk, "error", buf, sizeof(buf)));
		EXPECT_STREQ("", buf) TH_LOG("after %s", after);
		msinfo_read_values(d->disk, &now);
		k = msinfo_values_differ(&now, &c->before[i]);
		EXPECT_EQ(-1, k) TH_LOG("after %s: %s: %s reads %s, was %s", after, media[i],
					msinfo_value_attrs[k], now.v[k], c->before[i].v[k]);
	}
}

/* A failed refresh leaves "unknown" with an error; a good one no error. */
static void consistent(struct __test_metadata *_metadata, const char *disk, int n)
{
	struct msinfo_values now;
	char error[80];
	int k;

	if (msinfo_attr(disk, "error", error, sizeof(error)))
		return;		/* the sysfs read itself may fail */
	msinfo_read_values(disk, &now);
	if (error[0]) {
		k = msinfo_values_not_unknown(&now);
		if (strcmp(now.v[0], "EAGAIN"))
			EXPECT_EQ(-1, k) TH_LOG("n=%d: error '%s' but %s reads %s", n, error,
						msinfo_value_attrs[k], now.v[k]);
	} else {
		EXPECT_STRNE("unknown", now.v[0]) TH_LOG("n=%d", n);
	}
}

FIXTURE_SETUP(failslab)
{
	const char *tests = getenv("MSINFO_TESTS");
	struct failslab *c = &self->c;
	char name[32], path[64];
	int i;

	c->nth = -1;
	c->mif = -1;
	c->ctl = -1;
	if (!tests || !strstr(tests, "msinfo_failslab_test"))
		SKIP(return, "long: run by make check-debug");
	if (access(FAILSLAB, F_OK))
		SKIP(return, "no failslab in this kernel");
	/* only what this test's own task allocates may fail, and quietly */
	ASSERT_EQ(0, failslab_set("ignore-gfp-wait", "N"));
	ASSERT_EQ(0, failslab_set("cache-filter", "N"));
	ASSERT_EQ(0, failslab_set("verbose", "0"));
	ASSERT_EQ(0, failslab_set("task-filter", "Y"));
	ASSERT_EQ(0, failslab_set("probability", "0"));
	ASSERT_EQ(0, failslab_set("interval", "1"));
	ASSERT_EQ(0, failslab_set("times", "-1"));
	ASSERT_EQ(0, failslab_set("space", "0"));
	c->mif = open("/proc/self/make-it-fail", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c->mif);
	ASSERT_EQ(0, make_it_fail(c->mif, 0));
	ASSERT_EQ(0, load_msinfo());
	ASSERT_EQ(0, mmcsim_load_module());
	for (i = 0; i < NDRIVES; i++) {
		snprintf(name, sizeof(name), "failslab%d", i);
		ASSERT_EQ(0, mmcsim_setup(&c->d[i], name, media[i]));
		ASSERT_LT(0, msinfo_wait_fresh(c->d[i].disk, 1, 30));
		ASSERT_EQ(0, msinfo_refresh_sysfs(c->d[i].disk));
		msinfo_read_values(c->d[i].disk, &c->before[i]);
		ASSERT_STRNE("unknown", c->before[i].v[0]);
	}
	snprintf(path, sizeof(path), "/proc/thread-self/fail-nth");
	c->nth = open(path, O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, c->nth);
	c->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, c->ctl);
}

FIXTURE_TEARDOWN(failslab)
{
	struct failslab *c = &self->c;
	int i;

	if (c->nth < 0)
		return;
	pwrite(c->nth, "0", 1, 0);
	close(c->nth);
	make_it_fail(c->mif, 0);
	close(c->mif);
	failslab_set("probability", "0");
	load_msinfo();
	if (c->ctl >= 0)
		close(c->ctl);
	for (i = 0; i < NDRIVES; i++) {
		if (mmcsim_wait_disk(&c->d[i], 1000))
			sr_bind(&c->d[i], true);
		mmcsim_destroy(&c->d[i]);
	}
}

/* One call to fail in: the file, the struct and the string it needs. */
struct call {
	int ctl;
	int fd;
	const char *s;
	struct cdrom_msinfo *info;
};

/*
 * Arm fail-nth, make the call, and say whether its n-th allocation came
 * (true) or it made fewer.  Nothing may run in between: every allocation
 * of this thread counts.
 */
static bool fail_nth(int nth, int n, int (*call)(struct call *), struct call *arg, int *ret)
{
	char b[16];
	ssize_t len;

	snprintf(b, sizeof(b), "%d", n);
	if (pwrite(nth, b, strlen(b), 0) < 0)
		return false;
	*ret = call(arg);
	len = pread(nth, b, sizeof(b) - 1, 0);
	if (len > 0)
		b[len] = '\0';
	pwrite(nth, "0", 1, 0);
	return len > 0 && atoi(b) == 0;
}

static int write_call(struct call *c)
{
	return write(c->fd, c->s, strlen(c->s)) < 0 ? -errno : 0;
}

static int refresh_call(struct call *c)
{
	struct cdrom_msinfo_refresh r = { .size = sizeof(r), .fd = c->fd };

	return ioctl(c->ctl, CDROM_MSINFO_IOC_REFRESH, &r) ? -errno : 0;
}

static int get_call(struct call *c)
{
	c->info->size = sizeof(*c->info);
	c->info->fd = c->fd;
	return ioctl(c->ctl, CDROM_MSINFO_IOC_GET, c->info) ? -errno : 0;
}

static int finit_call(struct call *c)
{
	return syscall(SYS_finit_module, c->fd, "", 0) ? -errno : 0;
}

TEST_F_TIMEOUT(failslab, refresh_sysfs, 900)
{
	struct failslab *c = &self->c;
	struct call call = { .s = "1" };
	int i, n, ret, failed = 0;
	char path[128];
	bool hit;

	for (i = 0; i < NDRIVES; i++) {
		struct mmcsim_drive *d = &c->d[i];

		snprintf(path, sizeof(path), "/sys/block/%s/multisession/refresh", d->disk);
		for (n = 1, hit = true; hit && n < MAX_NTH; n++) {
			call.fd = open(path, O_WRONLY | O_CLOEXEC);
			ASSERT_LE(0, call.fd);
			hit = fail_nth(c->nth, n, write_call, &call, &ret);
			close(call.fd);
			failed += ret != 0;
			consistent(_metadata, d->disk, n);
		}
		TH_LOG("%s: a refresh through sysfs makes %d allocations", media[i], n - 2);
		EXPECT_LT(1, n);
	}
	TH_LOG("%d refreshes failed", failed);
	sane(_metadata, c, "refresh_sysfs");
}

TEST_F_TIMEOUT(failslab, ioctls, 900)
{
	struct failslab *c = &self->c;
	struct cdrom_msinfo info;
	struct call call = { .ctl = c->ctl, .info = &info };
	int i, n, ret;
	bool hit;

	for (i = 0; i < NDRIVES; i++) {
		struct mmcsim_drive *d = &c->d[i];

		call.fd = msinfo_open_disk(d->disk);
		ASSERT_LE(0, call.fd);
		for (n = 1, hit = true; hit && n < MAX_NTH; n++) {
			hit = fail_nth(c->nth, n, refresh_call, &call, &ret);
			consistent(_metadata, d->disk, n);
		}
		TH_LOG("%s: REFRESH makes %d allocations", media[i], n - 2);
		for (n = 1, hit = true; hit && n < MAX_NTH; n++) {
			memset(&info, 0, sizeof(info));
			hit = fail_nth(c->nth, n, get_call, &call, &ret);
			if (!ret)
				EXPECT_EQ(0, info.error);
		}
		TH_LOG("%s: GET makes %d allocations", media[i], n - 2);
		close(call.fd);
	}
	sane(_metadata, c, "ioctls");
}

/* sr binds a drive and the module attaches: every allocation fails once. */
TEST_F_TIMEOUT(failslab, bind_and_attach, 1800)
{
	struct failslab *c = &self->c;
	struct mmcsim_drive *d = &c->d[0];
	int n, ret, bound = 0, attach_failed = 0;
	struct call call;
	char id[32];
	bool hit;

	snprintf(id, sizeof(id), "%d:0:0:0", d->host);
	call.s = id;
	for (n = 1, hit = true; hit && n < MAX_NTH; n++) {
		ASSERT_EQ(0, sr_bind(d, false));
		call.fd = open("/sys/bus/scsi/drivers/sr/bind", O_WRONLY | O_CLOEXEC);
		ASSERT_LE(0, call.fd);
		hit = fail_nth(c->nth, n, write_call, &call, &ret);
		close(call.fd);
		if (ret) {
			/* sr's probe failed: bound again for the next round */
			ASSERT_EQ(0, sr_bind(d, true)) TH_LOG("n=%d", n);
			continue;
		}
		bound++;
		d->disk[0] = '\0';
		ASSERT_EQ(0, mmcsim_wait_disk(d, 20000));
		if (!attached(d->disk))
			attach_failed++;
		else
			consistent(_metadata, d->disk, n);
	}
	TH_LOG("binding makes %d allocations: %d binds failed, %d bound, %d of them not attached",
	       n - 2, n - 1 - bound, bound, attach_failed);
	sane(_metadata, c, "bind_and_attach");
}

/*
 * The allocations of loading the module up to its parameters: the loader
 * reads the file and places the module with vmalloc, which reports a
 * failure with a stack trace, as it would a real shortage.  A value the
 * parameter refuses ends the load there, before the module's code runs.
 */
static int loader_allocations(int nth, const char *path)
{
	char b[16];
	ssize_t len;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (pwrite(nth, "100000", 6, 0) != 6) {
		close(fd);
		return -1;
	}
	ret = syscall(SYS_finit_module, fd, "timeout_ms=none", 0) ? -errno : 0;
	len = pread(nth, b, sizeof(b) - 1, 0);
	pwrite(nth, "0", 1, 0);
	close(fd);
	if (ret != -EINVAL || len <= 0)
		return -1;
	b[len] = '\0';
	return 100000 - atoi(b);
}

/*
 * Loading the module, which attaches to every drive there: every
 * allocation from its parameters on fails in turn.
 */
TEST_F_TIMEOUT(failslab, module_load, 1800)
{
	struct failslab *c = &self->c;
	int n, ret, loaded = 0, partly = 0, i, loader = 0, p;
	char path[PATH_MAX];
	struct call call;
	bool hit;

	/* an open /dev/cdrom_msinfo holds the module */
	close(c->ctl);
	c->ctl = -1;
	snprintf(path, sizeof(path), "%s/cdrom_msinfo.ko", getenv("MSINFO_BUILD") ?: ".");
	ASSERT_EQ(0, syscall(SYS_delete_module, "cdrom_msinfo", O_NONBLOCK));
	for (i = 0; i < 3; i++) {
		p = loader_allocations(c->nth, path);
		ASSERT_LT(0, p) TH_LOG("a load with a bad parameter value did not fail");
		if (i && p != loader)
			TH_LOG("the loader made %d allocations, then %d", loader, p);
		loader = p > loader ? p : loader;
	}
	for (n = loader + 1, hit = true; hit && n < loader + MAX_NTH; n++) {
		if (!access("/sys/module/cdrom_msinfo", F_OK))
			ASSERT_EQ(0, syscall(SYS_delete_module, "cdrom_msinfo", O_NONBLOCK))
				TH_LOG("n=%d: %s", n, strerror(errno));
		call.fd = open(path, O_RDONLY | O_CLOEXEC);
		ASSERT_LE(0, call.fd);
		hit = fail_nth(c->nth, n, finit_call, &call, &ret);
		close(call.fd);
		if (ret)
			continue;
		loaded++;
		for (i = 0; i < NDRIVES; i++) {
			if (!attached(c->d[i].disk)) {
				partly++;
				break;
			}
		}
	}
	TH_LOG("loading makes %d allocations, the first %d the loader's (not failed):",
	       n - 2, loader);
	TH_LOG("%d loads failed, %d loaded,", n - 1 - loader - loaded, loaded);
	TH_LOG("%d of them without every drive attached", partly);
	sane(_metadata, c, "module_load");
}

/* 10% of this task's allocations fail while it uses every interface. */
TEST_F_TIMEOUT(failslab, random_ten_percent, 900)
{
	struct failslab *c = &self->c;
	struct cdrom_msinfo info;
	struct call call = { .ctl = c->ctl, .info = &info };
	int i, ret, rounds = 0, failed = 0;
	double end = msinfo_now() + RANDOM_S;

	ASSERT_EQ(0, failslab_set("probability", "10"));
	while (msinfo_now() < end) {
		struct mmcsim_drive *d = &c->d[rounds++ % NDRIVES];

		ASSERT_EQ(0, make_it_fail(c->mif, 1));
		failed += msinfo_refresh_sysfs(d->disk) != 0;
		call.fd = msinfo_open_disk(d->disk);
		if (call.fd >= 0) {
			failed += refresh_call(&call) != 0;
			failed += get_call(&call) != 0;
			close(call.fd);
		}
		if (rounds % 10 == 0) {
			failed += sr_bind(d, false) != 0;
			failed += sr_bind(d, true) != 0;
		}
		for (i = 0; (ret = make_it_fail(c->mif, 0)) && i < 100; i++)
			;
		ASSERT_EQ(0, ret);
		/* the drive may be unbound or unattached now: fine */
		if (!mmcsim_wait_disk(d, 0) && attached(d->disk))
			consistent(_metadata, d->disk, rounds);
		if (mmcsim_wait_disk(d, 0))
			sr_bind(d, true);
	}
	ASSERT_EQ(0, failslab_set("probability", "0"));
	TH_LOG("%d rounds, %d calls failed", rounds, failed);
	EXPECT_LT(0, failed);
	sane(_metadata, c, "random_ten_percent");
}

TEST_HARNESS_MAIN

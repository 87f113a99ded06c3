/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for tests that use mmcsim, the simulated MMC drive: load the
 * module, create a drive, give it a medium, find its /dev/srN, run a
 * command and capture what it prints.
 *
 * Environment (set by the VM runner): MSINFO_TOP (the source tree),
 * MSINFO_BUILD (the directory with mmcsim.ko).
 */
#ifndef MMCSIM_LIB_H
#define MMCSIM_LIB_H

#include <stdarg.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "msinfo_lib.h"

#define MMCSIM_CONFIGFS "/sys/kernel/config/mmcsim"

struct mmcsim_drive {
	char name[64];
	char dir[PATH_MAX];	/* its configfs directory */
	char disk[32];		/* "srN" once bound */
	char dev[48];		/* "/dev/srN" */
	int host;
};

static inline void mmcsim_msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static inline const char *mmcsim_top(void)
{
	const char *top = getenv("MSINFO_TOP");

	return top ? top : ".";
}

/* The directory of the medium descriptions */
static inline void mmcsim_media_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/tools/testing/selftests/cdrom_msinfo/media/%s",
		 mmcsim_top(), name);
}

/* Load mmcsim.ko unless it is there; 0 or -errno */
static inline int mmcsim_load_module(void)
{
	return msinfo_insmod("mmcsim.ko", MMCSIM_CONFIGFS);
}

static inline int mmcsim_attr_write(const struct mmcsim_drive *d,
				    const char *attr, const char *fmt, ...)
{
	char path[PATH_MAX + 64], buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", d->dir, attr);
	return msinfo_write_file(path, buf);
}

/* Read an attribute, without its last newline; returns length or -errno */
static inline int mmcsim_attr_read(const struct mmcsim_drive *d,
				   const char *attr, char *buf, size_t size)
{
	char path[PATH_MAX + 64];
	int err;

	snprintf(path, sizeof(path), "%s/%s", d->dir, attr);
	err = msinfo_read_file(path, buf, size);
	return err ? err : (int)strlen(buf);
}

/* Make a drive (not yet powered); 0 or -errno */
static inline int mmcsim_create(struct mmcsim_drive *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->host = -1;
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->dir, sizeof(d->dir), MMCSIM_CONFIGFS "/%s", name);
	if (mkdir(d->dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* Give the drive the medium described in a file of media/ (or a path) */
static inline int mmcsim_load(struct mmcsim_drive *d, const char *medium)
{
	char path[PATH_MAX];

	if (medium[0] == '/')
		snprintf(path, sizeof(path), "%s", medium);
	else
		mmcsim_media_path(path, sizeof(path), medium);
	return mmcsim_attr_write(d, "load", "%s", path);
}

/* The disk ("srN") of the SCSI device at host:0:0:0; false while it has none */
static inline bool mmcsim_host_disk(int host, char *disk, size_t len)
{
	char path[PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%d:0:0:0/block", host);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (e = readdir(dir)) != NULL)
		if (e->d_name[0] != '.' && strlen(e->d_name) < len) {
			strcpy(disk, e->d_name);
			found = true;
		}
	closedir(dir);
	return found;
}

/* Wait until sr has bound the powered drive and /dev/srN exists */
static inline int mmcsim_wait_disk(struct mmcsim_drive *d, int timeout_ms)
{
	char buf[32], disk[sizeof(d->disk)];
	int waited;

	for (waited = 0; waited <= timeout_ms; waited += 20) {
		if (mmcsim_attr_read(d, "host", buf, sizeof(buf)) > 0)
			d->host = atoi(buf);
		if (d->host >= 0 && mmcsim_host_disk(d->host, disk, sizeof(disk))) {
			strcpy(d->disk, disk);
			snprintf(d->dev, sizeof(d->dev), "/dev/%s", disk);
			if (access(d->dev, F_OK) == 0)
				return 0;
		}
		if (waited + 20 <= timeout_ms)
			mmcsim_msleep(20);
	}
	return -ETIMEDOUT;
}

static inline int mmcsim_power(struct mmcsim_drive *d, int on)
{
	int ret = mmcsim_attr_write(d, "power", "%d", on);

	if (!ret && on)
		ret = mmcsim_wait_disk(d, 10000);
	if (!on) {
		d->disk[0] = '\0';
		d->dev[0] = '\0';
		d->host = -1;
	}
	return ret;
}

/* Power off and remove the drive */
static inline int mmcsim_destroy(struct mmcsim_drive *d)
{
	if (!d->dir[0])
		return 0;
	mmcsim_attr_write(d, "power", "0");
	if (rmdir(d->dir))
		return -errno;
	d->dir[0] = '\0';
	return 0;
}

/* A drive with a medium, bound to sr: create, load, power on */
static inline int mmcsim_setup(struct mmcsim_drive *d, const char *name,
			       const char *medium)
{
	int ret = mmcsim_load_module();

	if (!ret)
		ret = mmcsim_create(d, name);
	if (!ret && medium)
		ret = mmcsim_load(d, medium);
	if (!ret)
		ret = mmcsim_power(d, 1);
	return ret;
}

/*
 * Run a shell command, stdout and stderr into out (NUL-terminated,
 * cut to size); returns the exit status, or -1.
 */
static inline int mmcsim_run(char *out, size_t size, const char *fmt, ...)
{
	char cmd[4096];
	size_t n = 0;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd) - 8, fmt, ap);
	va_end(ap);
	strcat(cmd, " 2>&1");
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (n + 1 < size) {
		size_t k = fread(out + n, 1, size - 1 - n, p);

		if (!k)
			break;
		n += k;
	}
	out[n] = '\0';
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * Run a program (argv[0] looked up in PATH) without a shell, stdout and
 * stderr into out (NUL-terminated, cut to size); killed after
 * timeout_s seconds. Returns the exit status, or -1.
 */
static inline int mmcsim_runv(char *out, size_t size, int timeout_s,
			      char *const argv[])
{
	int fds[2], st;
	size_t n = 0;
	ssize_t k;
	pid_t pid;

	out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (!pid) {
		int null = open("/dev/null", O_RDONLY);

		dup2(null, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		/* the alarm outlives exec: a hung peer is killed */
		alarm(timeout_s);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	while ((k = read(fds[0], out + n, n + 1 < size ? size - 1 - n : 0)) > 0 ||
	       (k < 0 && errno == EINTR)) {
		if (k > 0)
			n += k;
		if (n + 1 >= size) {
			char sink[512];

			while (read(fds[0], sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	out[n] = '\0';
	close(fds[0]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/*
 * One line of eh_counters: how many times the error handler called the
 * drive's "abort", "device_reset", "target_reset", "bus_reset" or
 * "host_reset"; -1 when it cannot be read.
 */
static inline long long mmcsim_eh_count(const struct mmcsim_drive *d,
					const char *name)
{
	char buf[512], *line, *save;
	size_t n = strlen(name);

	if (mmcsim_attr_read(d, "eh_counters", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, name, n) && line[n] == ' ')
			return atoll(line + n + 1);
	return -1;
}

enum { MMCSIM_LINE_PREFIX, MMCSIM_LINE_CONTAINS, MMCSIM_LINE_EXACT };

/* Does some line of text start with, contain or equal what? */
static inline int mmcsim_has_line(const char *text, const char *what,
				  int how)
{
	size_t n = strlen(what);
	const char *l = text;

	while (l && *l) {
		const char *end = strchr(l, '\n');
		size_t len = end ? (size_t)(end - l) : strlen(l);

		if (how == MMCSIM_LINE_CONTAINS ? !!memmem(l, len, what, n) :
		    how == MMCSIM_LINE_EXACT ? len == n && !memcmp(l, what, n) :
		    len >= n && !memcmp(l, what, n))
			return 1;
		l = end ? end + 1 : NULL;
	}
	return 0;
}

#endif /* MMCSIM_LIB_H */

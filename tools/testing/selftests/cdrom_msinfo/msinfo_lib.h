/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the cdrom_msinfo selftests share: sysfs access, loading modules,
 * finding drives, waiting for a refresh, kernel uevents.
 */
#ifndef MSINFO_LIB_H
#define MSINFO_LIB_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/cdrom.h>
#include <linux/cdrom_msinfo.h>
#include <linux/netlink.h>

/* The multisession types the module knows, of CDROM_MSINFO_TYPE_SLOTS */
#define MSINFO_TYPES	3

/* Read a sysfs file into buf, without the trailing newline; -errno on error. */
static inline int msinfo_read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return 0;
}

static inline int msinfo_write_file(const char *path, const char *val)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	return 0;
}

/* A number from the environment, or def when it is unset or empty. */
static inline int msinfo_env_int(const char *name, int def)
{
	const char *v = getenv(name);

	return v && *v ? atoi(v) : def;
}

/*
 * Load MSINFO_BUILD/<file> unless loaded (a path that the module makes)
 * exists; 0 or -errno.
 */
static inline int msinfo_insmod(const char *file, const char *loaded)
{
	const char *build = getenv("MSINFO_BUILD");
	char path[PATH_MAX];
	int fd, ret;

	if (!access(loaded, F_OK))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", build ? build : ".", file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0);
	ret = ret && errno != EEXIST ? -errno : 0;
	close(fd);
	return ret;
}

/* The module under test, unless it is loaded; 0 or -errno. */
static inline int msinfo_load_module(void)
{
	return msinfo_insmod("cdrom_msinfo.ko", "/sys/module/cdrom_msinfo");
}

static inline int msinfo_unload_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

/*
 * The same, waiting up to 5 s while the module is in use: the module's open
 * of a drive after a change holds sr_mod for a moment, as udev's does.
 */
static inline int msinfo_unload_module_wait(const char *name)
{
	int i, ret;

	for (i = 0; i < 250; i++) {
		ret = msinfo_unload_module(name);
		if (ret != -EAGAIN)
			break;
		usleep(20000);
	}
	return ret;
}

/* Bind sr to the drive at SCSI host:0:0:0, or unbind it; 0 or -errno. */
static inline int msinfo_sr_bind(int host, bool bind)
{
	char id[32];

	snprintf(id, sizeof(id), "%d:0:0:0", host);
	return msinfo_write_file(bind ? "/sys/bus/scsi/drivers/sr/bind" :
				 "/sys/bus/scsi/drivers/sr/unbind", id);
}

/* Does the module serve the disk (it has a multisession directory)? */
static inline bool msinfo_attached(const char *disk)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession", disk);
	return !access(path, F_OK);
}

/* /sys/block/<disk>/multisession/<attr> */
static inline int msinfo_attr(const char *disk, const char *attr, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/%s", disk, attr);
	return msinfo_read_file(path, buf, len);
}

static inline long long msinfo_attr_num(const char *disk, const char *attr)
{
	char buf[64];
	int err = msinfo_attr(disk, attr, buf, sizeof(buf));

	return err ? err : strtoll(buf, NULL, 0);
}

/* The disk's diskseq, as the block layer counts it; 0 if unreadable. */
static inline long long msinfo_disk_seq(const char *disk)
{
	char path[128], buf[32];

	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", disk);
	if (msinfo_read_file(path, buf, sizeof(buf)))
		return 0;
	return strtoll(buf, NULL, 10);
}

/* How often the block layer polls the disk for media events. */
static inline int msinfo_set_poll_ms(const char *disk, int ms)
{
	char path[128], val[16];

	snprintf(path, sizeof(path), "/sys/block/%s/events_poll_msecs", disk);
	snprintf(val, sizeof(val), "%d", ms);
	return msinfo_write_file(path, val);
}

static inline double msinfo_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The first sr disk whose SCSI vendor starts with vendor, e.g. "QEMU";
 * fills name ("sr0").  Returns false if there is none.
 */
static inline bool msinfo_find_drive(const char *vendor, char *name, size_t len)
{
	struct dirent *de;
	char path[300], buf[64];
	bool found = false;
	DIR *dir;

	dir = opendir("/sys/block");
	if (!dir)
		return false;
	while (!found && (de = readdir(dir))) {
		if (strncmp(de->d_name, "sr", 2))
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/device/vendor", de->d_name);
		if (msinfo_read_file(path, buf, sizeof(buf)))
			continue;
		if (!strncmp(buf, vendor, strlen(vendor)) && strlen(de->d_name) < len) {
			strcpy(name, de->d_name);
			found = true;
		}
	}
	closedir(dir);
	return found;
}

/*
 * Wait until the drive's published state is for the disk's current
 * diskseq and at least min_generation; returns the generation, or -1 on
 * timeout.
 */
static inline long long msinfo_wait_fresh(const char *disk, long long min_generation,
					  double timeout)
{
	double end = msinfo_now() + timeout;
	long long gen, seq;

	do {
		gen = msinfo_attr_num(disk, "generation");
		seq = msinfo_disk_seq(disk);
		if (gen >= min_generation && gen > 0 &&
		    seq > 0 && seq == msinfo_attr_num(disk, "diskseq")) {
			char state[32];

			/* diskseq matches, but the refresh may be deferred */
			if (msinfo_attr(disk, "media_state", state, sizeof(state)) != -EAGAIN)
				return gen;
		}
		usleep(20000);
	} while (msinfo_now() < end);
	return -1;
}

static inline int msinfo_open_disk(const char *disk)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/%s", disk);
	return open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

/*
 * Open and close the disk, as udev's cdrom_id does on each media change
 * event: the block layer holds a change pending, reporting no other,
 * until someone opens the disk.
 */
static inline void msinfo_touch_disk(const char *disk)
{
	int fd = msinfo_open_disk(disk);

	if (fd >= 0)
		close(fd);
}

/* GET for an fd of an opened sr disk; returns 0 or -errno. */
static inline int msinfo_get(int ctl, int fd, struct cdrom_msinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->fd = fd;
	return ioctl(ctl, CDROM_MSINFO_IOC_GET, info) ? -errno : 0;
}

/*
 * Two GETs describe one medium alike: everything but what names the
 * caller's fd, the medium's insertion (diskseq) and the refresh
 * (generation).
 */
static inline bool msinfo_same_state(const struct cdrom_msinfo *a,
				     const struct cdrom_msinfo *b)
{
	struct cdrom_msinfo x = *a, y = *b;

	x.size = 0;
	y.size = 0;
	x.fd = 0;
	y.fd = 0;
	x.diskseq = 0;
	y.diskseq = 0;
	x.generation = 0;
	y.generation = 0;
	return !memcmp(&x, &y, sizeof(x));
}

/*
 * The state of a failed refresh: nothing but the error (media_state
 * "unknown"), or "none" with no value.
 */
static inline bool msinfo_failed_state(const struct cdrom_msinfo *info)
{
	struct cdrom_msinfo empty = {
		.media_state = info->media_state,
		.type_in_use = CDROM_MSINFO_TYPE_NONE,
		.error = info->error,
		.error_code = info->error_code,
	};

	if (info->media_state != CDROM_MSINFO_MEDIA_UNKNOWN &&
	    info->media_state != CDROM_MSINFO_MEDIA_NONE)
		return false;
	if (info->media_state == CDROM_MSINFO_MEDIA_UNKNOWN &&
	    (!info->error || !info->error_reason[0]))
		return false;
	memcpy(empty.error_reason, info->error_reason,
	       sizeof(empty.error_reason));
	return msinfo_same_state(info, &empty);
}

/* A socket that receives the kernel's uevents; -errno on error. */
static inline int msinfo_uevent_socket(void)
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

/* Drop the uevents received so far. */
static inline void msinfo_drain_uevents(int fd)
{
	char buf[8192];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/*
 * The value of key in a uevent (NUL-separated KEY=VALUE strings, len
 * bytes in all), or NULL.
 */
static inline const char *msinfo_uevent_var(const char *ev, size_t len, const char *key)
{
	size_t n = strlen(key);
	const char *s;

	for (s = ev; s < ev + len; s += strlen(s) + 1)
		if (!strncmp(s, key, n) && s[n] == '=')
			return s + n + 1;
	return NULL;
}

/*
 * Wait for a uevent of /dev/<disk> that has the variable want: "KEY=VALUE",
 * or "KEY=" for any value.  The event goes to buf (NULL: not kept); returns
 * its length, or -ETIMEDOUT.
 */
static inline int msinfo_wait_uevent(int fd, const char *disk, const char *want,
				     int timeout_ms, char *buf, size_t size)
{
	double end = msinfo_now() + timeout_ms / 1000.0;
	size_t wlen = strlen(want);
	char own[8192], dev[64];
	double left;

	if (!buf) {
		buf = own;
		size = sizeof(own);
	}
	snprintf(dev, sizeof(dev), "DEVNAME=%s", disk);
	while ((left = end - msinfo_now()) > 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		bool ours = false, found = false;
		ssize_t n;
		char *s;

		if (poll(&p, 1, left * 1000 + 1) <= 0)
			continue;
		n = recv(fd, buf, size - 1, 0);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		for (s = buf; s < buf + n; s += strlen(s) + 1) {
			if (!strcmp(s, dev))
				ours = true;
			else if (want[wlen - 1] == '=' ? !strncmp(s, want, wlen) : !strcmp(s, want))
				found = true;
		}
		if (ours && found)
			return n;
	}
	return -ETIMEDOUT;
}

#endif /* MSINFO_LIB_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the cdrom_msinfo selftests share: sysfs access, finding drives,
 * waiting for a refresh.
 */
#ifndef MSINFO_LIB_H
#define MSINFO_LIB_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/cdrom.h>
#include <linux/cdrom_msinfo.h>

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
	char path[256], seq[32], mseq[32];
	long long gen;

	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", disk);
	do {
		gen = msinfo_attr_num(disk, "generation");
		if (gen >= min_generation && gen > 0 &&
		    !msinfo_read_file(path, seq, sizeof(seq)) &&
		    !msinfo_attr(disk, "diskseq", mseq, sizeof(mseq)) &&
		    !strcmp(seq, mseq)) {
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

/* GET for an fd of an opened sr disk; returns 0 or -errno. */
static inline int msinfo_get(int ctl, int fd, struct cdrom_msinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->size = sizeof(*info);
	info->fd = fd;
	return ioctl(ctl, CDROM_MSINFO_IOC_GET, info) ? -errno : 0;
}

#endif /* MSINFO_LIB_H */

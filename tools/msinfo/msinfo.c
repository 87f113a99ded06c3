// SPDX-License-Identifier: GPL-2.0
/*
 * msinfo - show the multisession state that the cdrom_msinfo module keeps
 * for each optical drive, refresh it, or choose the multisession type.
 *
 * The values come from the ioctls of /dev/cdrom_msinfo when that device
 * exists, and from /sys/block/srN/multisession/ otherwise.  Both are served
 * from the module's cache, and the drive is named by its device number:
 * its node is opened only for --refresh, since sr's open wakes the drive
 * and sends it commands.  --type is this run's own choice (the ioctl's
 * choice holds for the caller's open file); with --sysfs it writes the
 * drive's default (root).
 *
 * MSINFO_SYSFS names another sysfs root (for tests); the ioctl is not used
 * then, since its answers would describe the real drives.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <linux/magic.h>
#include "msinfo.h"
#include "openmetrics.h"

#define MODULE_NAME	"cdrom_msinfo"
/* The package's version (dkms.conf), given by every Makefile that builds us */
#ifndef MSINFO_VERSION
#define MSINFO_VERSION	"unknown"
#endif
#define TYPE_CHOICES	"sequential, random_write, pseudo_overwrite, auto"

/* Without sysfs notifications (a test tree) the file is re-read this often. */
#define UNNOTIFIED_POLL_MS	50
/* Reads of the sysfs tree are retried when a refresh lands in between. */
#define SNAPSHOT_TRIES		10
/* How long to wait for the module to read a new medium, without --timeout */
#define STALE_WAIT_MS		10000

const char * const media_state_names[CDROM_MSINFO_MEDIA_UNKNOWN + 1] = {
	[CDROM_MSINFO_MEDIA_NONE]		= "none",
	[CDROM_MSINFO_MEDIA_BLANK]		= "blank",
	[CDROM_MSINFO_MEDIA_APPENDABLE]		= "appendable",
	[CDROM_MSINFO_MEDIA_COMPLETE]		= "complete",
	[CDROM_MSINFO_MEDIA_OVERWRITABLE]	= "overwritable",
	[CDROM_MSINFO_MEDIA_UNKNOWN]		= "unknown",
};

const char * const last_session_names[CDROM_MSINFO_SESSION_COMPLETE + 1] = {
	[CDROM_MSINFO_SESSION_EMPTY]		= "empty",
	[CDROM_MSINFO_SESSION_INCOMPLETE]	= "incomplete",
	[CDROM_MSINFO_SESSION_DAMAGED]		= "damaged",
	[CDROM_MSINFO_SESSION_COMPLETE]		= "complete",
};

const char * const type_names[NTYPES] = {
	[CDROM_MSINFO_TYPE_SEQUENTIAL]		= "sequential",
	[CDROM_MSINFO_TYPE_RANDOM_WRITE]	= "random_write",
	[CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE]	= "pseudo_overwrite",
};

#define TI_OFF(m)	offsetof(struct cdrom_msinfo_type_info, m)

const struct field fields[NFIELDS] = {
	{ "first_data_session", "first data session",
	  CDROM_MSINFO_V_FIRST_DATA_SESSION, TI_OFF(first_data_session),
	  false, true },
	{ "prev_session_start", "previous session start",
	  CDROM_MSINFO_V_PREV_SESSION_START, TI_OFF(prev_session_start),
	  true, false },
	{ "prev_session_last_written", "previous session last written",
	  CDROM_MSINFO_V_PREV_SESSION_LAST, TI_OFF(prev_session_last_written),
	  true, false },
	{ "last_written", "last written",
	  CDROM_MSINFO_V_LAST_WRITTEN, TI_OFF(last_written), true, false },
	{ "next_writable", "next writable",
	  CDROM_MSINFO_V_NEXT_WRITABLE, TI_OFF(next_writable), true, false },
	{ "free_sectors", "free sectors",
	  CDROM_MSINFO_V_FREE_SECTORS, TI_OFF(free_sectors), true, false },
	{ "total_sectors", "total sectors",
	  CDROM_MSINFO_V_TOTAL_SECTORS, TI_OFF(total_sectors), true, false },
	{ "write_unit_size", "write unit size",
	  CDROM_MSINFO_V_WRITE_UNIT_SIZE, TI_OFF(write_unit_size),
	  false, false },
};

const unsigned int type_fields[NTYPES] = {
	[CDROM_MSINFO_TYPE_SEQUENTIAL] = CDROM_MSINFO_V_FIRST_DATA_SESSION |
		CDROM_MSINFO_V_PREV_SESSION_START |
		CDROM_MSINFO_V_PREV_SESSION_LAST |
		CDROM_MSINFO_V_NEXT_WRITABLE | CDROM_MSINFO_V_FREE_SECTORS |
		CDROM_MSINFO_V_WRITE_UNIT_SIZE,
	[CDROM_MSINFO_TYPE_RANDOM_WRITE] = CDROM_MSINFO_V_LAST_WRITTEN |
		CDROM_MSINFO_V_TOTAL_SECTORS | CDROM_MSINFO_V_WRITE_UNIT_SIZE,
	[CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE] = CDROM_MSINFO_V_LAST_WRITTEN |
		CDROM_MSINFO_V_NEXT_WRITABLE | CDROM_MSINFO_V_TOTAL_SECTORS |
		CDROM_MSINFO_V_WRITE_UNIT_SIZE,
};

static const char *sysfs_root = "/sys";
static bool use_ioctl = true;
static int ctl_fd = -1;

void msg(const struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fputs("msinfo: ", stderr);
	/* the path the user gave; a bare name is the node in /dev */
	if (d && strchr(d->arg, '/'))
		fprintf(stderr, "%s: ", d->arg);
	else if (d)
		fprintf(stderr, "/dev/%s: ", d->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int lookup(const char * const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], s))
			return i;
	return -1;
}

/* Whether the module is not loaded, after saying so. */
static bool module_missing(void)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/module/%s", sysfs_root, MODULE_NAME);
	if (!access(path, F_OK) ||
	    (use_ioctl && !access(CDROM_MSINFO_DEVICE, F_OK)))
		return false;
	msg(NULL, "the %s module is not loaded (modprobe %s)",
	    MODULE_NAME, MODULE_NAME);
	return true;
}

/*
 * Read one attribute below multisession/ into buf without its newline.
 * Returns 0, -ENODATA when the value does not apply (the kernel says
 * ENODATA or ENOMEDIUM; a test tree leaves the file out), -EAGAIN while
 * the module reads a new medium, or -errno after saying what failed.
 */
static int attr_read(const struct drive *d, const char *attr, char *buf,
		     size_t len)
{
	ssize_t n = -1;
	int fd, err;

	fd = openat(d->msdir, attr, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		err = errno;
		close(fd);
	} else {
		err = errno;
	}
	if (n < 0) {
		if (err == ENODATA || err == ENOMEDIUM || err == ENOENT)
			return -ENODATA;
		if (err != EAGAIN)
			msg(d, "multisession/%s: %s", attr, strerror(err));
		return -err;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return 0;
}

static int bad_value(const struct drive *d, const char *attr, const char *val)
{
	msg(d, "multisession/%s: malformed value '%s'", attr, val);
	return -EINVAL;
}

static int parse_u64(const char *s, int base, __u64 *val)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

static int attr_u64(const struct drive *d, const char *attr, int base,
		    __u64 *val)
{
	char buf[64];
	int err;

	err = attr_read(d, attr, buf, sizeof(buf));
	if (err)
		return err;
	if (parse_u64(buf, base, val))
		return bad_value(d, attr, buf);
	return 0;
}

static int attr_u32(const struct drive *d, const char *attr, int base,
		    __u32 *val)
{
	__u64 v;
	int err;

	err = attr_u64(d, attr, base, &v);
	if (err)
		return err;
	if (v > UINT_MAX)
		return bad_value(d, attr, "out of range");
	*val = v;
	return 0;
}

static int attr_enum(const struct drive *d, const char *attr,
		     const char * const *names, size_t n, __u32 *val)
{
	char buf[64];
	int err, i;

	err = attr_read(d, attr, buf, sizeof(buf));
	if (err)
		return err;
	i = lookup(names, n, buf);
	if (i < 0)
		return bad_value(d, attr, buf);
	*val = i;
	return 0;
}

/* A value that does not apply is fine; any other failure is not. */
static bool attr_failed(int err)
{
	return err && err != -ENODATA;
}

/* For the values no state is without. */
static int required(const struct drive *d, const char *attr, int err)
{
	if (err == -ENODATA) {
		msg(d, "multisession/%s is missing", attr);
		return -EIO;
	}
	return err;
}

/* The profile's name and number, from sysfs. */
static int read_profile(const struct drive *d, __u32 *num, char *name,
			size_t len)
{
	int err;

	*num = 0;
	name[0] = '\0';
	err = attr_u32(d, "profile_number", 16, num);
	if (err)
		return err == -ENODATA ? 0 : err;
	err = attr_read(d, "profile", name, len);
	if (err == -ENODATA)
		name[0] = '\0';
	return attr_failed(err) ? err : 0;
}

static int read_type(struct drive *d, unsigned int t)
{
	struct cdrom_msinfo_type_info *ti = &d->st.type[t];
	char path[128];
	__u64 v;
	size_t i;
	int err;

	snprintf(path, sizeof(path), "%s/supported", type_names[t]);
	err = attr_u32(d, path, 10, &ti->supported);
	if (attr_failed(err))
		return err;
	snprintf(path, sizeof(path), "%s/in_use", type_names[t]);
	err = attr_u32(d, path, 10, &ti->in_use);
	if (attr_failed(err))
		return err;
	if (ti->supported > 1 || ti->in_use > 1)
		return bad_value(d, path, "not 0 or 1");

	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct field *f = &fields[i];
		void *p = (char *)ti + f->offset;

		if (!(type_fields[t] & f->valid))
			continue;
		snprintf(path, sizeof(path), "%s/%s", type_names[t], f->name);
		err = attr_u64(d, path, 10, &v);
		if (err == -ENODATA)
			continue;
		if (err)
			return err;
		if (!f->is_u64 && v > UINT_MAX)
			return bad_value(d, path, "out of range");
		if (f->is_u64)
			memcpy(p, &v, sizeof(__u64));
		else
			*(__u32 *)p = v;
		ti->valid |= f->valid;
	}
	return 0;
}

/* Every value except generation, from sysfs into d->st. */
static int read_values(struct drive *d)
{
	struct cdrom_msinfo *st = &d->st;
	char buf[64], *comma;
	unsigned int t;
	int err;

	err = attr_enum(d, "media_state", media_state_names,
			ARRAY_SIZE(media_state_names), &st->media_state);
	if (err)
		return required(d, "media_state", err);
	err = attr_u64(d, "diskseq", 10, &st->diskseq);
	if (err)
		return required(d, "diskseq", err);
	err = read_profile(d, &st->profile, d->profile_name,
			   sizeof(d->profile_name));
	if (err)
		return err;
	err = attr_u32(d, "sessions", 10, &st->sessions);
	if (attr_failed(err))
		return err;
	err = attr_u32(d, "tracks", 10, &st->tracks);
	if (attr_failed(err))
		return err;
	err = attr_enum(d, "last_session", last_session_names,
			ARRAY_SIZE(last_session_names), &st->last_session);
	if (attr_failed(err))
		return err;

	err = attr_read(d, "msinfo", buf, sizeof(buf));
	if (!err) {
		comma = strchr(buf, ',');
		if (!comma || parse_u64(comma + 1, 10, &st->msinfo_next))
			return bad_value(d, "msinfo", buf);
		*comma = '\0';
		err = parse_u64(buf, 10, &st->msinfo_start);
		*comma = ',';
		if (err)
			return bad_value(d, "msinfo", buf);
		st->flags |= CDROM_MSINFO_F_MSINFO_VALID;
	} else if (err != -ENODATA) {
		return err;
	}

	err = attr_read(d, "error", st->error_reason,
			sizeof(st->error_reason));
	if (attr_failed(err))
		return err;
	/* sysfs gives the reason, not the errno */
	if (!err && st->error_reason[0])
		st->error = -EIO;

	st->type_in_use = CDROM_MSINFO_TYPE_NONE;
	for (t = 0; t < NTYPES; t++) {
		err = read_type(d, t);
		if (err)
			return err;
		if (st->type[t].supported)
			st->types_supported |= CDROM_MSINFO_TYPE_BIT(t);
		if (st->type[t].in_use)
			st->type_in_use = t;
	}
	return 0;
}

static int sysfs_snapshot(struct drive *d)
{
	__u64 gen, again;
	int err, i;

	/* A refresh between the reads would mix two states: read again. */
	for (i = 0; i < SNAPSHOT_TRIES; i++) {
		memset(&d->st, 0, sizeof(d->st));
		err = attr_u64(d, "generation", 10, &gen);
		if (err)
			return required(d, "generation", err);
		err = read_values(d);
		if (err)
			return err;
		err = attr_u64(d, "generation", 10, &again);
		if (err)
			return required(d, "generation", err);
		if (gen == again) {
			d->st.generation = gen;
			return 0;
		}
	}
	msg(d, "the state kept changing while it was read");
	return -EIO;
}

static int ioctl_snapshot(struct drive *d)
{
	__u32 num;
	char name[sizeof(d->profile_name)];

	memset(&d->st, 0, sizeof(d->st));
	d->st.size = sizeof(d->st);
	d->st.fd = d->devfd;
	if (d->have_devnum) {
		d->st.fd = CDROM_MSINFO_FD_DEVNUM;
		d->st.dev_major = d->major;
		d->st.dev_minor = d->minor;
	}
	if (ioctl(ctl_fd, CDROM_MSINFO_IOC_GET, &d->st)) {
		int err = errno;

		if (err != EAGAIN)
			msg(d, "%s: %s", CDROM_MSINFO_DEVICE, strerror(err));
		return -err;
	}
	d->st.error_reason[sizeof(d->st.error_reason) - 1] = '\0';

	/* Profile names are defined by the module; sysfs shows them. */
	d->profile_name[0] = '\0';
	if (!read_profile(d, &num, name, sizeof(name)) && num == d->st.profile)
		memcpy(d->profile_name, name, sizeof(name));
	return 0;
}

static bool sane_name(const char *s)
{
	return *s && strcmp(s, ".") && strcmp(s, "..") && !strchr(s, '/') &&
	       strlen(s) <= NAME_MAX;
}

/*
 * Find the drive's name (srN) from DEVICE: a name, a device node or a
 * symlink to one.  Returns 0 or an exit status.
 */
static int resolve(const char *arg, struct drive *d)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *name = arg, *slash;
	struct stat sb;
	ssize_t n;

	memset(d, 0, sizeof(*d));
	d->arg = arg;
	d->msdir = -1;
	d->devfd = -1;
	snprintf(d->node, sizeof(d->node), "%s", arg);
	if (!strchr(arg, '/')) {
		snprintf(d->node, sizeof(d->node), "/dev/%s", arg);
	} else if (stat(arg, &sb)) {
		/* a node that is not there may still name a drive: /dev/srN */
		if (errno != ENOENT || strncmp(arg, "/dev/", 5) ||
		    strchr(arg + 5, '/')) {
			msg(NULL, "%s: %s", arg, strerror(errno));
			return MSI_EXIT_ERROR;
		}
	} else if (S_ISBLK(sb.st_mode)) {
		snprintf(path, sizeof(path), "%s/dev/block/%u:%u", sysfs_root,
			 major(sb.st_rdev), minor(sb.st_rdev));
		n = readlink(path, link, sizeof(link) - 1);
		if (n > 0) {
			link[n] = '\0';
			slash = strrchr(link, '/');
			name = slash ? slash + 1 : link;
		}
	} else {
		/* a file named sr0 is not drive sr0 */
		msg(NULL, "%s: not a block device", arg);
		return MSI_EXIT_ERROR;
	}
	if (strchr(name, '/')) {
		slash = strrchr(name, '/');
		name = slash + 1;
	}
	if (!sane_name(name)) {
		msg(NULL, "%s: not a drive name", arg);
		return MSI_EXIT_ERROR;
	}
	/* sane_name() checked the length */
	memcpy(d->name, name, strlen(name) + 1);
	return 0;
}

/* The disk's device number, from block/srN/dev ("MAJOR:MINOR"). */
static void read_devnum(struct drive *d)
{
	char path[PATH_MAX], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/block/%s/dev", sysfs_root, d->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	d->have_devnum = sscanf(buf, "%u:%u", &d->major, &d->minor) == 2;
}

/*
 * Whether a disk without multisession/ is an optical drive: sr's disks
 * are (srN), and so are SCSI devices of type 5 (CD/DVD) or 4 (WORM).
 */
static bool optical(const struct drive *d)
{
	char path[PATH_MAX], buf[16];
	ssize_t n;
	int fd;

	if (!strncmp(d->name, "sr", 2) && d->name[2] &&
	    strspn(d->name + 2, "0123456789") == strlen(d->name + 2))
		return true;
	snprintf(path, sizeof(path), "%s/block/%s/device/type", sysfs_root,
		 d->name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return atoi(buf) == 5 || atoi(buf) == 4;
}

/* Open the drive's multisession/ directory.  Returns 0 or an exit status. */
static int attach(struct drive *d)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/block/%s/multisession", sysfs_root,
		 d->name);
	d->msdir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->msdir >= 0) {
		read_devnum(d);
		return 0;
	}
	if (errno != ENOENT) {
		msg(d, "%s: %s", path, strerror(errno));
		return MSI_EXIT_ERROR;
	}
	snprintf(path, sizeof(path), "%s/block/%s", sysfs_root, d->name);
	if (access(path, F_OK)) {
		msg(d, "no such drive");
		return MSI_EXIT_ERROR;
	}
	if (!optical(d)) {
		msg(d, "not an optical drive");
		return MSI_EXIT_ERROR;
	}
	if (module_missing())
		return MSI_EXIT_NO_MODULE;
	msg(d, "not a drive that %s serves", MODULE_NAME);
	return MSI_EXIT_NO_MODULE;
}

/* Open the node for REFRESH, which names the drive by fd. */
static void open_node(struct drive *d)
{
	if (ctl_fd < 0)
		return;
	d->devfd = open(d->node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
}

static void detach(struct drive *d)
{
	if (d->devfd >= 0)
		close(d->devfd);
	if (d->msdir >= 0)
		close(d->msdir);
	d->devfd = -1;
	d->msdir = -1;
}

static int attr_write(const struct drive *d, const char *attr, const char *s)
{
	ssize_t n;
	int fd, err;

	fd = openat(d->msdir, attr, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	err = n < 0 ? -errno : 0;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* put_MultisessionInterfaces' failures, as the module reports them */
static const char *type_error(int err)
{
	switch (err) {
	case ENOMEDIUM:
		return "no medium";
	case EMEDIUMTYPE:
		return "multisession is not possible on this media type";
	case ENODATA:
		return "the medium is blank and not overwritable: no session to import";
	case EROFS:
		return "the medium is closed: no further session can be written";
	case EOPNOTSUPP:
		return "the type is not supported on the current medium";
	case EINVAL:
		return "no such multisession type";
	case EIO:
		return "the drive's state is unknown (the last refresh failed)";
	default:
		return strerror(err);
	}
}

static int errno_status(int err)
{
	switch (err) {
	case ENOMEDIUM:
		return MSI_EXIT_NO_MEDIUM;
	case ENODATA:
		return MSI_EXIT_BLANK;
	case EROFS:
	case EMEDIUMTYPE:
		return MSI_EXIT_CLOSED;
	default:
		return MSI_EXIT_ERROR;
	}
}

/* Read a number from offset 0 of an open attribute (this re-arms poll). */
static int fd_u64(int fd, __u64 *val)
{
	char buf[32];
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	if (buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return parse_u64(buf, 10, val);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

enum wait_for {
	WAIT_GENERATION,	/* until generation differs from arg */
	WAIT_DISKSEQ,		/* until diskseq reaches arg */
};

/* The WAIT ioctl: blocks in the kernel until the state is published. */
static int ioctl_wait(struct drive *d, enum wait_for what, __u64 arg,
		      long long deadline)
{
	struct cdrom_msinfo_wait w;
	long long left;

	for (;;) {
		memset(&w, 0, sizeof(w));
		w.size = sizeof(w);
		w.fd = CDROM_MSINFO_FD_DEVNUM;
		w.dev_major = d->major;
		w.dev_minor = d->minor;
		if (what == WAIT_GENERATION) {
			w.flags = CDROM_MSINFO_WAIT_GENERATION;
			w.generation = arg;
		} else {
			w.flags = CDROM_MSINFO_WAIT_DISKSEQ;
			w.diskseq = arg;
		}
		w.timeout_ms = CDROM_MSINFO_WAIT_FOREVER;
		if (deadline >= 0) {
			left = deadline - now_ms();
			left = left < 0 ? 0 : left;
			w.timeout_ms = left < CDROM_MSINFO_WAIT_FOREVER ?
				       left : CDROM_MSINFO_WAIT_FOREVER - 1;
		}
		if (!ioctl(ctl_fd, CDROM_MSINFO_IOC_WAIT, &w))
			return 0;
		if (errno == EINTR)
			continue;
		if (errno == ETIMEDOUT) {
			msg(d, "timed out waiting for the module");
			return MSI_EXIT_TIMEOUT;
		}
		msg(d, "%s: %s", CDROM_MSINFO_DEVICE, strerror(errno));
		return MSI_EXIT_ERROR;
	}
}

/*
 * Wait until the state changes (WAIT_GENERATION) or the state of a medium
 * is published (WAIT_DISKSEQ): with the WAIT ioctl, or without it on the
 * generation attribute, which is sysfs_notify()-ed after each refresh:
 * read it, poll, read it again.  deadline is in now_ms() time, < 0 for
 * none.  Returns 0 or an exit status.
 */
static int wait_state(struct drive *d, enum wait_for what, __u64 arg,
		      long long deadline)
{
	struct pollfd pfd = { .events = POLLPRI | POLLERR };
	struct statfs sfs;
	__u64 gen, seq;
	bool notified;
	int err, slice;

	if (ctl_fd >= 0 && d->have_devnum)
		return ioctl_wait(d, what, arg, deadline);
	pfd.fd = openat(d->msdir, "generation", O_RDONLY | O_CLOEXEC);
	if (pfd.fd < 0) {
		msg(d, "multisession/generation: %s", strerror(errno));
		return MSI_EXIT_ERROR;
	}
	notified = !fstatfs(pfd.fd, &sfs) && sfs.f_type == SYSFS_MAGIC;

	for (;;) {
		if (fd_u64(pfd.fd, &gen)) {
			msg(d, "multisession/generation: cannot read it");
			err = MSI_EXIT_ERROR;
			break;
		}
		if (what == WAIT_GENERATION) {
			if (gen != arg) {
				err = 0;
				break;
			}
		} else {
			err = attr_u64(d, "diskseq", 10, &seq);
			if (err) {
				required(d, "diskseq", err);
				err = MSI_EXIT_ERROR;
				break;
			}
			if (seq >= arg)
				break;
		}

		slice = -1;
		if (deadline >= 0) {
			long long left = deadline - now_ms();

			if (left <= 0) {
				msg(d, "timed out waiting for the module");
				err = MSI_EXIT_TIMEOUT;
				break;
			}
			slice = left > INT_MAX ? INT_MAX : (int)left;
		}
		/* A regular file never notifies: look at it now and then. */
		if (!notified && (slice < 0 || slice > UNNOTIFIED_POLL_MS))
			slice = UNNOTIFIED_POLL_MS;
		if (poll(&pfd, 1, slice) < 0 && errno != EINTR) {
			msg(d, "poll: %s", strerror(errno));
			err = MSI_EXIT_ERROR;
			break;
		}
	}
	close(pfd.fd);
	return err;
}

/*
 * The state, from the ioctl or sysfs.  Right after a media change the
 * module answers EAGAIN until it has read the new medium: wait for that.
 * Returns 0 or an exit status.
 */
static int snapshot(struct drive *d, long long deadline)
{
	__u64 gen;
	int err;

	if (deadline < 0)
		deadline = now_ms() + STALE_WAIT_MS;
	for (;;) {
		err = attr_u64(d, "generation", 10, &gen);
		if (err) {
			required(d, "generation", err);
			return MSI_EXIT_ERROR;
		}
		err = ctl_fd >= 0 && (d->have_devnum || d->devfd >= 0) ?
		      ioctl_snapshot(d) : sysfs_snapshot(d);
		if (err != -EAGAIN)
			return err ? MSI_EXIT_ERROR : MSI_EXIT_OK;
		err = wait_state(d, WAIT_GENERATION, gen, deadline);
		if (err)
			return err;
	}
}

/*
 * IMultisession::put_InUse.  Right after a media change the module answers
 * EAGAIN until it has read the new medium: wait for that, as snapshot().
 */
static int set_type(struct drive *d, const char *name, long long deadline)
{
	struct cdrom_msinfo_set_type req = {
		.size = sizeof(req),
		.fd = CDROM_MSINFO_FD_DEVNUM,
		.type = CDROM_MSINFO_TYPE_NONE,
		.dev_major = d->major,
		.dev_minor = d->minor,
	};
	int err, t = -1;
	__u64 gen;

	if (strcmp(name, "auto")) {
		t = lookup(type_names, ARRAY_SIZE(type_names), name);
		req.type = t;
	}
	if (deadline < 0)
		deadline = now_ms() + STALE_WAIT_MS;
	for (;;) {
		err = attr_u64(d, "generation", 10, &gen);
		if (err) {
			required(d, "generation", err);
			return MSI_EXIT_ERROR;
		}
		if (ctl_fd >= 0 && d->have_devnum)
			err = ioctl(ctl_fd, CDROM_MSINFO_IOC_SET_TYPE, &req) ?
			      errno : 0;
		else
			err = -attr_write(d, "type",
					  t < 0 ? "auto" : type_names[t]);
		if (err != EAGAIN)
			break;
		err = wait_state(d, WAIT_GENERATION, gen, deadline);
		if (err)
			return err;
	}
	if (!err)
		return 0;
	msg(d, "cannot choose type %s: %s", name, type_error(err));
	return errno_status(err);
}

static int do_refresh(struct drive *d)
{
	struct cdrom_msinfo_refresh req = {
		.size = sizeof(req),
		.fd = d->devfd,
	};
	int err;

	if (d->devfd >= 0)
		err = ioctl(ctl_fd, CDROM_MSINFO_IOC_REFRESH, &req) ? errno : 0;
	else
		err = -attr_write(d, "refresh", "1\n");
	if (!err)
		return 0;
	if (err == EAGAIN)
		msg(d, "refresh failed: %s; try again later",
		    "the drive is not ready, or was refreshed too recently");
	else
		msg(d, "refresh failed: %s", strerror(err));
	return errno_status(err);
}

/* ---- command line ---- */

enum mode { MODE_REPORT, MODE_JSON, MODE_MSINFO, MODE_UDEV, MODE_OPENMETRICS };

struct options {
	enum mode mode;
	bool refresh;
	bool wait;
	bool watch;
	const char *type;
	bool have_diskseq;
	__u64 diskseq;
	long timeout_ms;
	const char *om_path;	/* --openmetrics=PATH */
};

static void print_help(FILE *f)
{
	fputs("Usage: msinfo [OPTION]... [DEVICE]...\n"
	      "Show the multisession state of optical drives, as the "
	      MODULE_NAME " module caches it.\n"
	      "\n"
	      "  -C, --msinfo         print START,NEXT as cdrecord -msinfo does\n"
	      "  -j, --json           print JSON\n"
	      "  -u, --udev           print udev properties (ID_CDROM_MSINFO_*)\n"
	      "      --openmetrics[=FILE]  print metrics for Prometheus, or replace\n"
	      "                       FILE with them (with --wait: at every change)\n"
	      "  -r, --refresh        read the medium again first\n"
	      "  -t, --type NAME      choose the multisession type:\n"
	      "                       " TYPE_CHOICES "\n"
	      "  -w, --wait           wait for the next change of the state\n"
	      "  -d, --diskseq N      wait for the state of disk sequence N\n"
	      "  -W, --watch          a line (--json: a document) for each new state,\n"
	      "                       until interrupted\n"
	      "  -T, --timeout MS     give up waiting after MS milliseconds\n"
	      "  -s, --sysfs          read sysfs even where the ioctl works\n"
	      "  -V, --version        show the version of msinfo and of the module\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 ok, 1 error, 2 usage, 3 no medium, 4 blank medium,\n"
	      "5 closed medium, 6 module not loaded or drive not served, 7 timeout.\n",
	      f);
}

/* msinfo's version, and the loaded module's */
static void print_version(void)
{
	char path[PATH_MAX], buf[64];
	ssize_t n = -1;
	int fd;

	printf("msinfo %s\n", MSINFO_VERSION);
	snprintf(path, sizeof(path), "%s/module/%s/version", sysfs_root,
		 MODULE_NAME);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\n")] = '\0';
		printf("%s module %s\n", MODULE_NAME, buf);
	} else {
		printf("%s module not loaded\n", MODULE_NAME);
	}
}

static int parse_number(const char *opt, const char *s, __u64 max, __u64 *v)
{
	if (parse_u64(s, 10, v) || *v > max) {
		msg(NULL, "%s: bad number '%s'", opt, s);
		return -EINVAL;
	}
	return 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "msinfo",	no_argument,		NULL, 'C' },
		{ "json",	no_argument,		NULL, 'j' },
		{ "udev",	no_argument,		NULL, 'u' },
		{ "openmetrics", optional_argument,	NULL, 'O' },
		{ "refresh",	no_argument,		NULL, 'r' },
		{ "type",	required_argument,	NULL, 't' },
		{ "wait",	no_argument,		NULL, 'w' },
		{ "watch",	no_argument,		NULL, 'W' },
		{ "diskseq",	required_argument,	NULL, 'd' },
		{ "timeout",	required_argument,	NULL, 'T' },
		{ "sysfs",	no_argument,		NULL, 's' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	enum mode mode;
	__u64 v;
	int c;

	memset(o, 0, sizeof(*o));
	o->timeout_ms = -1;
	/* our own one-line messages, not getopt's */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":CjurT:t:wWd:sVh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'C':
		case 'j':
		case 'u':
			mode = c == 'C' ? MODE_MSINFO :
			       c == 'j' ? MODE_JSON : MODE_UDEV;
			if (o->mode != MODE_REPORT && o->mode != mode) {
				msg(NULL,
				    "-C, --json and --udev exclude each other");
				return -EINVAL;
			}
			o->mode = mode;
			break;
		case 'O':	/* openmetrics.c */
			if (o->mode != MODE_REPORT) {
				msg(NULL,
				    "--openmetrics excludes -C, --json and --udev");
				return -EINVAL;
			}
			o->mode = MODE_OPENMETRICS;
			o->om_path = optarg;
			use_ioctl = false;	/* as --udev */
			break;
		case 'r':
			o->refresh = true;
			break;
		case 't':
			if (strcmp(optarg, "auto") &&
			    lookup(type_names, ARRAY_SIZE(type_names),
				   optarg) < 0) {
				msg(NULL, "unknown type '%s'; the types: %s",
				    optarg, TYPE_CHOICES);
				return -EINVAL;
			}
			o->type = optarg;
			break;
		case 'w':
			o->wait = true;
			break;
		case 'W':
			o->watch = true;
			break;
		case 'd':
			if (parse_number("--diskseq", optarg, ~0ULL,
					 &o->diskseq))
				return -EINVAL;
			o->have_diskseq = true;
			break;
		case 'T':
			if (parse_number("--timeout", optarg, LONG_MAX / 2, &v))
				return -EINVAL;
			o->timeout_ms = v;
			break;
		case 's':
			use_ioctl = false;
			break;
		case 'h':
			print_help(stdout);
			exit(fflush(stdout) ? MSI_EXIT_ERROR : MSI_EXIT_OK);
		case 'V':
			print_version();
			exit(fflush(stdout) ? MSI_EXIT_ERROR : MSI_EXIT_OK);
		case ':':
			msg(NULL, "%s needs an argument; see msinfo --help",
			    argv[optind - 1]);
			return -EINVAL;
		default:
			if (optopt)
				msg(NULL,
				    "unknown option -%c; see msinfo --help",
				    optopt);
			else
				msg(NULL,
				    "unknown option %s; see msinfo --help",
				    argv[optind - 1]);
			return -EINVAL;
		}
	}
	if (o->mode == MODE_OPENMETRICS && o->wait &&
	    (!o->om_path || argc != optind)) {
		msg(NULL, "--openmetrics=FILE --wait takes no DEVICE");
		return -EINVAL;
	}
	if (o->watch && (o->mode == MODE_MSINFO || o->mode == MODE_UDEV ||
			 o->mode == MODE_OPENMETRICS ||
			 o->wait || o->have_diskseq || o->refresh || o->type)) {
		msg(NULL, "--watch goes with --json alone");
		return -EINVAL;
	}
	if ((o->mode == MODE_MSINFO || o->mode == MODE_UDEV ||
	     (o->wait && o->mode != MODE_OPENMETRICS) ||
	     o->have_diskseq) && argc - optind != 1) {
		msg(NULL,
		    "-C, --udev, --wait and --diskseq take exactly one DEVICE");
		return -EINVAL;
	}
	return 0;
}

/* Every srN below block/ that has a multisession/ directory, in order. */
static int sr_filter(const struct dirent *e)
{
	const char *p = e->d_name;

	if (strncmp(p, "sr", 2) || !p[2])
		return 0;
	for (p += 2; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static int sr_compare(const struct dirent **a, const struct dirent **b)
{
	unsigned long x = strtoul((*a)->d_name + 2, NULL, 10);
	unsigned long y = strtoul((*b)->d_name + 2, NULL, 10);

	return x < y ? -1 : x > y;
}

static int list_drives(char ***names)
{
	struct dirent **ents;
	char path[PATH_MAX];
	struct stat sb;
	int i, n, count = 0;

	snprintf(path, sizeof(path), "%s/block", sysfs_root);
	n = scandir(path, &ents, sr_filter, sr_compare);
	if (n < 0) {
		msg(NULL, "%s: %s", path, strerror(errno));
		return -1;
	}
	*names = calloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/block/%s/multisession",
			 sysfs_root, ents[i]->d_name);
		if (*names && !stat(path, &sb) && S_ISDIR(sb.st_mode))
			(*names)[count++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	if (!*names) {
		msg(NULL, "out of memory");
		return -1;
	}
	return count;
}

static int shown;	/* drives printed so far */

static int run_drive(const char *arg, const struct options *o)
{
	long long deadline = -1;
	struct drive d;
	__u64 gen;
	int ret;

	ret = resolve(arg, &d);
	if (ret)
		return ret;
	ret = attach(&d);
	if (ret)
		return ret;
	if (o->refresh)
		open_node(&d);

	if (o->timeout_ms >= 0)
		deadline = now_ms() + o->timeout_ms;
	if (o->type) {
		ret = set_type(&d, o->type, deadline);
		if (ret)
			goto out;
	}
	if (o->refresh) {
		ret = do_refresh(&d);
		if (ret)
			goto out;
	}
	if (o->wait) {
		ret = attr_u64(&d, "generation", 10, &gen);
		if (ret) {
			required(&d, "generation", ret);
			ret = MSI_EXIT_ERROR;
			goto out;
		}
		ret = wait_state(&d, WAIT_GENERATION, gen, deadline);
		if (ret)
			goto out;
	}
	if (o->have_diskseq) {
		ret = wait_state(&d, WAIT_DISKSEQ, o->diskseq, deadline);
		if (ret)
			goto out;
	}
	ret = snapshot(&d, deadline);
	if (ret)
		goto out;

	switch (o->mode) {
	case MODE_REPORT:
		if (shown)
			putchar('\n');
		print_report(&d);
		break;
	case MODE_JSON:
		json_drive(&d);
		break;
	case MODE_UDEV:
		print_udev(&d);
		break;
	case MODE_MSINFO:
		ret = print_msinfo(&d);
		break;
	case MODE_OPENMETRICS:
		if (openmetrics_add(sysfs_root, d.name, &d.st, d.profile_name))
			ret = MSI_EXIT_ERROR;
		break;
	}
	shown++;
out:
	detach(&d);
	return ret;
}

/*
 * --watch: print each drive's state, then a line for every publication
 * after it.  The generation files are read before each poll(), which
 * sysfs wakes when they change since that read: no publication goes
 * unseen.  Publications that come faster than the output are shown as
 * their last, whose generation tells how many there were.
 */
static int watch(char **args, int n, const struct options *o)
{
	struct watch_drive {
		struct drive d;
		__u64 shown;
		bool any;
	} *w;
	struct pollfd *pfd;
	struct statfs sfs;
	bool notified = true;
	int i, used = 0, ret = 0;
	__u64 gen;

	w = calloc(n, sizeof(*w));
	pfd = calloc(n, sizeof(*pfd));
	if (!w || !pfd) {
		msg(NULL, "out of memory");
		return MSI_EXIT_ERROR;
	}
	for (i = 0; i < n && !ret; i++) {
		pfd[i].fd = -1;
		used++;
		ret = resolve(args[i], &w[i].d);
		if (!ret)
			ret = attach(&w[i].d);
		if (ret)
			break;
		pfd[i].events = POLLPRI | POLLERR;
		pfd[i].fd = openat(w[i].d.msdir, "generation",
				   O_RDONLY | O_CLOEXEC);
		if (pfd[i].fd < 0) {
			msg(&w[i].d, "multisession/generation: %s",
			    strerror(errno));
			ret = MSI_EXIT_ERROR;
		} else if (fstatfs(pfd[i].fd, &sfs) ||
			   sfs.f_type != SYSFS_MAGIC) {
			notified = false;
		}
	}
	while (!ret) {
		for (i = 0; i < n && !ret; i++) {
			if (fd_u64(pfd[i].fd, &gen)) {
				msg(&w[i].d,
				    "multisession/generation: cannot read it");
				ret = MSI_EXIT_ERROR;
				break;
			}
			if (w[i].any && gen == w[i].shown)
				continue;
			ret = snapshot(&w[i].d, -1);
			if (ret)
				break;
			if (o->mode == MODE_JSON) {
				json_begin(true);
				json_drive(&w[i].d);
				json_end();
			} else {
				print_watch_line(&w[i].d);
			}
			w[i].shown = w[i].d.st.generation;
			w[i].any = true;
			if (fflush(stdout)) {
				msg(NULL, "write error: %s", strerror(errno));
				ret = MSI_EXIT_ERROR;
			}
		}
		/* A regular file (a test tree) never notifies: look often. */
		if (!ret &&
		    poll(pfd, n, notified ? -1 : UNNOTIFIED_POLL_MS) < 0 &&
		    errno != EINTR) {
			msg(NULL, "poll: %s", strerror(errno));
			ret = MSI_EXIT_ERROR;
		}
	}
	for (i = 0; i < used; i++) {
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
		detach(&w[i].d);
	}
	free(pfd);
	free(w);
	return ret;
}

/* No DEVICE, and no drive served: why, as an exit status. */
static int no_drive(const struct options *o)
{
	/* No drive: no metrics, rather than the last ones. */
	if (o->mode == MODE_OPENMETRICS && openmetrics_finish(o->om_path))
		return MSI_EXIT_ERROR;
	if (module_missing())
		return MSI_EXIT_NO_MODULE;
	msg(NULL, "no drive is served by %s", MODULE_NAME);
	return MSI_EXIT_ERROR;
}

int main(int argc, char **argv)
{
	struct options o;
	char **names = NULL;
	const char *env;
	bool json;
	int i, n, ret, status = MSI_EXIT_OK;

	env = getenv("MSINFO_SYSFS");
	if (env && *env && strcmp(env, "/sys")) {
		sysfs_root = env;
		use_ioctl = false;
	}
	if (parse_options(argc, argv, &o))
		return MSI_EXIT_USAGE;
	if (o.mode == MODE_OPENMETRICS && o.wait)
		return openmetrics_watch(sysfs_root, o.om_path) ?
		       MSI_EXIT_ERROR : MSI_EXIT_OK;
	if (use_ioctl) {
		ctl_fd = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
		if (ctl_fd < 0 && errno != ENOENT)
			msg(NULL, "%s: %s; reading sysfs instead",
			    CDROM_MSINFO_DEVICE, strerror(errno));
	}

	/*
	 * --json prints one document, with the drives that could be read,
	 * whatever the exit status (--watch: one a line, in watch()).
	 */
	json = o.mode == MODE_JSON && !o.watch;
	if (json)
		json_begin(false);
	n = argc - optind;
	if (!n) {
		n = list_drives(&names);
		if (n <= 0) {
			status = n < 0 ? MSI_EXIT_ERROR : no_drive(&o);
			goto out;
		}
	}

	if (o.watch) {
		status = watch(names ? names : argv + optind, n, &o);
		goto out;
	}

	for (i = 0; i < n; i++) {
		ret = run_drive(names ? names[i] : argv[optind + i], &o);
		if (ret && status == MSI_EXIT_OK)
			status = ret;
	}
	if (o.mode == MODE_OPENMETRICS && openmetrics_finish(o.om_path))
		status = MSI_EXIT_ERROR;
out:
	if (json)
		json_end();
	for (i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	if (ctl_fd >= 0)
		close(ctl_fd);
	/* what was printed must have reached its reader */
	if (fflush(stdout) || ferror(stdout)) {
		msg(NULL, "write error: %s", strerror(errno));
		return MSI_EXIT_ERROR;
	}
	return status;
}

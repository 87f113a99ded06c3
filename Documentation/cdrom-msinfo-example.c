// SPDX-License-Identifier: MIT
/*
 * Read a drive's multisession state through /dev/cdrom_msinfo.
 *
 * Copyright (c) 2026 The cdrom-msinfo developers.  Under the MIT licence
 * (LICENSE), unlike the module: copy from it into a program of any licence.
 *
 *	cc -o cdrom-msinfo-example cdrom-msinfo-example.c
 *	./cdrom-msinfo-example /dev/sr0 [refresh | TYPE | auto]
 *
 * With "refresh" the module reads the medium again first; with a type name
 * (sequential, random_write, pseudo_overwrite) or "auto" it chooses the
 * multisession type.  Then every value that applies is printed as
 * ATTRIBUTE=VALUE, in the format of the files in
 * /sys/block/srN/multisession/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/cdrom_msinfo.h>
#include <linux/fs.h>		/* BLKGETDISKSEQ */

static const char * const states[] = {
	"none", "blank", "appendable", "complete", "overwritable", "unknown",
};

static const char * const sessions[] = {
	"empty", "incomplete", "damaged", "complete",
};

static const char * const types[] = {
	"sequential", "random_write", "pseudo_overwrite",
};

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *name(const char * const *table, size_t n, unsigned int i)
{
	return i < n ? table[i] : "unknown";
}

static void print_u64(const char *type, const char *name,
		      const struct cdrom_msinfo_type_info *ti,
		      unsigned int bit, unsigned long long value)
{
	if (ti->valid & bit)
		printf("%s/%s=%llu\n", type, name, value);
}

static void print_type(const struct cdrom_msinfo *info, unsigned int t)
{
	const struct cdrom_msinfo_type_info *ti = &info->type[t];
	const char *n = types[t];

	printf("%s/supported=%u\n%s/in_use=%u\n", n, ti->supported,
	       n, ti->in_use);
	print_u64(n, "first_data_session", ti,
		  CDROM_MSINFO_V_FIRST_DATA_SESSION, ti->first_data_session);
	print_u64(n, "prev_session_start", ti,
		  CDROM_MSINFO_V_PREV_SESSION_START, ti->prev_session_start);
	print_u64(n, "prev_session_last_written", ti,
		  CDROM_MSINFO_V_PREV_SESSION_LAST,
		  ti->prev_session_last_written);
	print_u64(n, "last_written", ti,
		  CDROM_MSINFO_V_LAST_WRITTEN, ti->last_written);
	print_u64(n, "next_writable", ti,
		  CDROM_MSINFO_V_NEXT_WRITABLE, ti->next_writable);
	print_u64(n, "free_sectors", ti,
		  CDROM_MSINFO_V_FREE_SECTORS, ti->free_sectors);
	print_u64(n, "total_sectors", ti,
		  CDROM_MSINFO_V_TOTAL_SECTORS, ti->total_sectors);
	print_u64(n, "write_unit_size", ti,
		  CDROM_MSINFO_V_WRITE_UNIT_SIZE, ti->write_unit_size);
}

/*
 * Right after a media change the module answers GET and SET_TYPE with
 * EAGAIN until it has read the new medium.  WAIT blocks until the state
 * of that medium (its disk sequence number, from BLKGETDISKSEQ) is
 * published, here for up to ten seconds; then the ioctl is tried again.
 */
static int ioctl_wait(int ctl, int drive, unsigned long request, void *arg)
{
	struct cdrom_msinfo_wait w;
	__u64 diskseq;
	int ret;

	for (;;) {
		ret = ioctl(ctl, request, arg);
		if (!ret || errno != EAGAIN)
			return ret;
		if (ioctl(drive, BLKGETDISKSEQ, &diskseq))
			return -1;
		memset(&w, 0, sizeof(w));
		w.size = sizeof(w);
		w.fd = drive;
		w.flags = CDROM_MSINFO_WAIT_DISKSEQ;
		w.diskseq = diskseq;
		w.timeout_ms = 10000;
		if (ioctl(ctl, CDROM_MSINFO_IOC_WAIT, &w))
			return -1;
	}
}

/* EAGAIN here: the drive is not ready, or a user refreshed it just now. */
static int do_refresh(int ctl, int drive)
{
	struct cdrom_msinfo_refresh req;

	memset(&req, 0, sizeof(req));
	req.size = sizeof(req);
	req.fd = drive;
	return ioctl(ctl, CDROM_MSINFO_IOC_REFRESH, &req);
}

static int set_type(int ctl, int drive, const char *name)
{
	struct cdrom_msinfo_set_type req;
	unsigned int t;

	memset(&req, 0, sizeof(req));
	req.size = sizeof(req);
	req.fd = drive;
	req.type = CDROM_MSINFO_TYPE_NONE;	/* "auto" */
	for (t = 0; t < ARRAY_SIZE(types); t++)
		if (!strcmp(name, types[t]))
			req.type = t;
	if (req.type == CDROM_MSINFO_TYPE_NONE && strcmp(name, "auto")) {
		errno = EINVAL;
		return -1;
	}
	return ioctl_wait(ctl, drive, CDROM_MSINFO_IOC_SET_TYPE, &req);
}

int main(int argc, char **argv)
{
	struct cdrom_msinfo info;
	unsigned int t;
	int ctl, drive;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s /dev/srN [refresh | TYPE | auto]\n",
			argv[0]);
		return 2;
	}

	/* The drive is named by an open fd: no medium or access is needed. */
	drive = open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (drive < 0) {
		perror(argv[1]);
		return 1;
	}
	ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	if (ctl < 0) {
		if (errno == ENOENT)
			fprintf(stderr, "%s: the cdrom_msinfo module is not loaded\n",
				CDROM_MSINFO_DEVICE);
		else
			perror(CDROM_MSINFO_DEVICE);
		return 1;
	}

	if (argc == 3) {
		if (!strcmp(argv[2], "refresh") ? do_refresh(ctl, drive) :
		    set_type(ctl, drive, argv[2])) {
			fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
			return 1;
		}
	}

	/* Zero everything: reserved fields must be 0. */
	memset(&info, 0, sizeof(info));
	info.size = sizeof(info);
	info.fd = drive;
	if (ioctl_wait(ctl, drive, CDROM_MSINFO_IOC_GET, &info)) {
		perror("CDROM_MSINFO_IOC_GET");
		return 1;
	}

	printf("media_state=%s\n",
	       name(states, ARRAY_SIZE(states), info.media_state));
	if (info.media_state != CDROM_MSINFO_MEDIA_NONE &&
	    info.media_state != CDROM_MSINFO_MEDIA_UNKNOWN) {
		printf("profile_number=0x%04x\n", info.profile);
		printf("sessions=%u\ntracks=%u\n", info.sessions, info.tracks);
		printf("last_session=%s\n",
		       name(sessions, ARRAY_SIZE(sessions), info.last_session));
	}
	if (info.flags & CDROM_MSINFO_F_MSINFO_VALID)
		printf("msinfo=%llu,%llu\n",
		       (unsigned long long)info.msinfo_start,
		       (unsigned long long)info.msinfo_next);
	for (t = 0; t < ARRAY_SIZE(types); t++)
		print_type(&info, t);
	printf("diskseq=%llu\ngeneration=%llu\n",
	       (unsigned long long)info.diskseq,
	       (unsigned long long)info.generation);
	printf("error=%s\n", info.error ? info.error_reason : "");

	close(ctl);
	close(drive);
	return 0;
}

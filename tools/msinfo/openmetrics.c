// SPDX-License-Identifier: GPL-2.0
/*
 * msinfo --openmetrics: the drives' states in the Prometheus text format
 * (version 0.0.4, what node_exporter's textfile collector reads), named by
 * Prometheus's conventions: the unit in the name, a label "drive" (srN) on
 * every series, the drive's vendor and model and the medium's profile and
 * state as labels of the *_info series, the media state as one series per
 * state (1 for the current one).  A value that does not apply to the
 * medium (no next writable address on a closed disc) has no series.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "msinfo.h"
#include "openmetrics.h"

/* Addresses and sizes of the uapi header count 2048-byte blocks. */
#define BLOCK_BYTES	2048ULL
/* Drives that come or go are found by a scan this often. */
#define RESCAN_MS	1000
#define MAX_DRIVES	512

#define NSTATES		ARRAY_SIZE(media_state_names)

struct om_drive {
	char name[NAME_MAX + 1];
	char vendor[64], model[64], rev[64];
	char profile[32];
	struct cdrom_msinfo st;
};

static struct om_drive *drives;
static size_t ndrives;

static void om_err(const char *what, const char *path)
{
	fprintf(stderr, "msinfo: %s %s: %s\n", what, path, strerror(errno));
}

/* A sysfs attribute of the SCSI device, without the padding SCSI adds. */
static void device_attr(const char *root, const char *disk, const char *attr,
			char *buf, size_t len)
{
	char path[PATH_MAX];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/block/%s/device/%s", root, disk, attr);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(buf, len, f))
		n = strlen(buf);
	fclose(f);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
}

int openmetrics_add(const char *sysfs_root, const char *name,
		    const struct cdrom_msinfo *st, const char *profile)
{
	struct om_drive *d, *more;

	more = realloc(drives, (ndrives + 1) * sizeof(*drives));
	if (!more) {
		fputs("msinfo: out of memory\n", stderr);
		return -1;
	}
	drives = more;
	d = &drives[ndrives++];
	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(d->profile, sizeof(d->profile), "%s",
		 profile && *profile ? profile : "none");
	device_attr(sysfs_root, name, "vendor", d->vendor, sizeof(d->vendor));
	device_attr(sysfs_root, name, "model", d->model, sizeof(d->model));
	device_attr(sysfs_root, name, "rev", d->rev, sizeof(d->rev));
	d->st = *st;
	return 0;
}

/* A label value: backslash, double quote and newline escaped. */
static void label(FILE *f, const char *key, const char *val)
{
	fprintf(f, ",%s=\"", key);
	for (; *val; val++) {
		if (*val == '\\' || *val == '"')
			fputc('\\', f);
		if (*val == '\n')
			fputs("\\n", f);
		else
			fputc(*val, f);
	}
	fputc('"', f);
}

static void family(FILE *f, const char *name, const char *type,
		   const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * The values of the type in use (the one a burner would write with); with
 * none in use, the first supported type that has the value.
 */
static bool type_value(const struct cdrom_msinfo *st, unsigned int valid,
		       size_t off, unsigned long long *v)
{
	const struct cdrom_msinfo_type_info *ti;
	unsigned int t;

	/* slots of types this program does not know stay 0 */
	for (t = 0; t < CDROM_MSINFO_TYPE_SLOTS; t++) {
		ti = &st->type[t];
		if (st->type_in_use != CDROM_MSINFO_TYPE_NONE &&
		    t != st->type_in_use)
			continue;
		if (ti->valid & valid) {
			*v = *(const __u64 *)((const char *)ti + off);
			return true;
		}
	}
	return false;
}

#define TYPE_VALUE(st, bit, member, v) \
	type_value(st, bit, offsetof(struct cdrom_msinfo_type_info, member), v)

enum om_value { OM_FREE, OM_FREE_BYTES, OM_NEXT, OM_TOTAL };

static bool value_of(const struct cdrom_msinfo *st, enum om_value what,
		     unsigned long long *v)
{
	bool ok = false;

	switch (what) {
	case OM_FREE:
	case OM_FREE_BYTES:
		ok = TYPE_VALUE(st, CDROM_MSINFO_V_FREE_SECTORS, free_sectors, v);
		if (ok && what == OM_FREE_BYTES)
			*v *= BLOCK_BYTES;
		break;
	case OM_NEXT:
		ok = TYPE_VALUE(st, CDROM_MSINFO_V_NEXT_WRITABLE, next_writable, v);
		break;
	case OM_TOTAL:
		ok = TYPE_VALUE(st, CDROM_MSINFO_V_TOTAL_SECTORS, total_sectors, v);
		break;
	}
	return ok;
}

static void print_values(FILE *f, const char *name, const char *type,
			 const char *help, enum om_value what)
{
	unsigned long long v;
	bool any = false;
	size_t i;

	for (i = 0; i < ndrives; i++) {
		if (!value_of(&drives[i].st, what, &v))
			continue;
		if (!any)
			family(f, name, type, help);
		any = true;
		fprintf(f, "%s{drive=\"%s\"} %llu\n", name, drives[i].name, v);
	}
}

static void print_metrics(FILE *f)
{
	const struct cdrom_msinfo *st;
	char reason[CDROM_MSINFO_ERROR_LEN];
	bool any;
	size_t i, s;

	/* No drive, no series: and no family without a series either. */
	if (!ndrives)
		return;
	family(f, "cdrom_msinfo_drive_info", "gauge",
	       "Drive served by cdrom_msinfo: SCSI vendor, model, revision.");
	for (i = 0; i < ndrives; i++) {
		fprintf(f, "cdrom_msinfo_drive_info{drive=\"%s\"", drives[i].name);
		label(f, "vendor", drives[i].vendor);
		label(f, "model", drives[i].model);
		label(f, "revision", drives[i].rev);
		fputs("} 1\n", f);
	}
	family(f, "cdrom_msinfo_media_info", "gauge",
	       "Medium in the drive: its MMC profile and media state.");
	for (i = 0; i < ndrives; i++) {
		st = &drives[i].st;
		fprintf(f, "cdrom_msinfo_media_info{drive=\"%s\"", drives[i].name);
		label(f, "profile", drives[i].profile);
		label(f, "state", st->media_state < NSTATES ?
		      media_state_names[st->media_state] : "unknown");
		fputs("} 1\n", f);
	}
	family(f, "cdrom_msinfo_media_state", "gauge",
	       "1 for the media state of the drive, 0 for the others.");
	for (i = 0; i < ndrives; i++)
		for (s = 0; s < NSTATES; s++)
			fprintf(f, "cdrom_msinfo_media_state{drive=\"%s\",state=\"%s\"} %d\n",
				drives[i].name, media_state_names[s],
				drives[i].st.media_state == s);
	family(f, "cdrom_msinfo_sessions", "gauge",
	       "Sessions on the medium, an empty or open last one included.");
	for (i = 0; i < ndrives; i++)
		fprintf(f, "cdrom_msinfo_sessions{drive=\"%s\"} %u\n",
			drives[i].name, drives[i].st.sessions);
	family(f, "cdrom_msinfo_tracks", "gauge", "Tracks on the medium.");
	for (i = 0; i < ndrives; i++)
		fprintf(f, "cdrom_msinfo_tracks{drive=\"%s\"} %u\n",
			drives[i].name, drives[i].st.tracks);
	print_values(f, "cdrom_msinfo_free_sectors", "gauge",
		     "Writable 2048-byte blocks left on the medium.", OM_FREE);
	print_values(f, "cdrom_msinfo_free_bytes", "gauge",
		     "Writable bytes left on the medium (free sectors times 2048).",
		     OM_FREE_BYTES);
	print_values(f, "cdrom_msinfo_next_writable_sector", "gauge",
		     "Next writable address (LBA, 2048-byte blocks).", OM_NEXT);
	print_values(f, "cdrom_msinfo_total_sectors", "gauge",
		     "Capacity of an overwritable medium in 2048-byte blocks.",
		     OM_TOTAL);
	family(f, "cdrom_msinfo_last_refresh_failed", "gauge",
	       "1 when the last reading of the medium failed.");
	for (i = 0; i < ndrives; i++)
		fprintf(f, "cdrom_msinfo_last_refresh_failed{drive=\"%s\"} %d\n",
			drives[i].name, drives[i].st.error != 0);
	any = false;
	for (i = 0; i < ndrives; i++) {
		st = &drives[i].st;
		if (!st->error)
			continue;
		if (!any)
			family(f, "cdrom_msinfo_last_refresh_error_info", "gauge",
			       "Why the last reading failed, as the module names it.");
		any = true;
		fprintf(f, "cdrom_msinfo_last_refresh_error_info{drive=\"%s\"",
			drives[i].name);
		/* "bad_reply: READ TRACK INFORMATION length": the kind only. */
		snprintf(reason, sizeof(reason), "%s", st->error_reason[0] ?
			 st->error_reason : "unknown");
		reason[strcspn(reason, ": ")] = '\0';
		label(f, "reason", reason);
		fputs("} 1\n", f);
	}
	family(f, "cdrom_msinfo_refreshes_total", "counter",
	       "States published since the module attached (generation).");
	for (i = 0; i < ndrives; i++)
		fprintf(f, "cdrom_msinfo_refreshes_total{drive=\"%s\"} %llu\n",
			drives[i].name,
			(unsigned long long)drives[i].st.generation);
	family(f, "cdrom_msinfo_disk_sequence", "gauge",
	       "Disk sequence number of the medium the state was read from.");
	for (i = 0; i < ndrives; i++)
		fprintf(f, "cdrom_msinfo_disk_sequence{drive=\"%s\"} %llu\n",
			drives[i].name,
			(unsigned long long)drives[i].st.diskseq);
}

int openmetrics_finish(const char *path)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	int dfd = -1, fd = -1, ret = -1;
	char *slash;
	FILE *f;

	if (!path) {
		print_metrics(stdout);
		ret = fflush(stdout) ? -1 : 0;
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	/* Writers in turn: the last file renamed has the newest state. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || flock(dfd, LOCK_EX)) {
		om_err("cannot lock", dir);
		goto out;
	}
	/* Not *.prom: the collector reads only the finished file. */
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		om_err("cannot create", tmp);
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		om_err("cannot write", tmp);
		close(fd);
		unlink(tmp);
		goto out;
	}
	print_metrics(f);
	if (fflush(f) || fchmod(fd, 0644) || fsync(fd)) {
		om_err("cannot write", tmp);
		fclose(f);
		unlink(tmp);
		goto out;
	}
	fclose(f);
	if (rename(tmp, path)) {
		om_err("cannot rename to", path);
		unlink(tmp);
		goto out;
	}
	ret = 0;
out:
	if (dfd >= 0)
		close(dfd);
	free(drives);
	drives = NULL;
	ndrives = 0;
	return ret;
}

static int sr_only(const struct dirent *e)
{
	return !strncmp(e->d_name, "sr", 2);
}

/*
 * The generation files of the drives served now, opened and read (sysfs
 * reports a change by POLLPRI only on a file read since the last one);
 * names gets "srN:GENERATION " for each, so that a scan sees drives that
 * came or went and publications made while no file was open.
 */
static int watch_open(const char *root, struct pollfd *fds, char *names,
		      size_t names_len)
{
	struct dirent **ents;
	char path[PATH_MAX], buf[32];
	int i, n, count = 0, fd;
	size_t used;
	ssize_t len;

	names[0] = '\0';
	snprintf(path, sizeof(path), "%s/block", root);
	n = scandir(path, &ents, sr_only, alphasort);
	if (n < 0)
		return 0;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/block/%s/multisession/generation",
			 root, ents[i]->d_name);
		fd = count < MAX_DRIVES ? open(path, O_RDONLY | O_CLOEXEC) : -1;
		if (fd >= 0) {
			len = read(fd, buf, sizeof(buf) - 1);
			buf[len > 0 ? len : 0] = '\0';
			buf[strcspn(buf, "\n")] = '\0';
			fds[count].fd = fd;
			fds[count].events = POLLPRI | POLLERR;
			count++;
			used = strlen(names);
			snprintf(names + used, names_len - used, "%s:%s ",
				 ents[i]->d_name, buf);
		}
		free(ents[i]);
	}
	free(ents);
	return count;
}

static void watch_close(struct pollfd *fds, int n)
{
	while (n--)
		close(fds[n].fd);
}

static int run_self(const char *path)
{
	char arg[PATH_MAX + 16];
	int status;
	pid_t pid;

	snprintf(arg, sizeof(arg), "--openmetrics=%s", path);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		om_err("cannot fork for", path);
		return -1;
	}
	if (!pid) {
		/* A drive still reading its new medium is left out, not waited for. */
		execl("/proc/self/exe", "msinfo", arg, "--timeout", "2000",
		      (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

int openmetrics_watch(const char *root, const char *path)
{
	static struct pollfd fds[MAX_DRIVES];
	static char names[MAX_DRIVES * 32], now[MAX_DRIVES * 32];
	int n, r;

	n = watch_open(root, fds, names, sizeof(names));
	for (;;) {
		run_self(path);
		for (;;) {
			r = poll(fds, n, RESCAN_MS);
			if (r > 0)
				break;
			if (r < 0 && errno != EINTR) {
				om_err("cannot poll for", path);
				return -1;
			}
			/* Drives that came or went. */
			watch_close(fds, n);
			n = watch_open(root, fds, now, sizeof(now));
			if (strcmp(now, names)) {
				strcpy(names, now);
				break;
			}
		}
		/* Re-read what changed, for the next notification. */
		watch_close(fds, n);
		n = watch_open(root, fds, names, sizeof(names));
	}
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What msinfo's files share: a drive and its snapshot, the names of the
 * uapi header's values, the per-type values, the exit statuses, and the
 * output formats (text.c: the report, --watch lines, udev properties and
 * -C; json.c: JSON; openmetrics.c).
 */
#ifndef MSINFO_H
#define MSINFO_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/cdrom_msinfo.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit statuses, documented in msinfo.1. */
enum {
	MSI_EXIT_OK		= 0,
	MSI_EXIT_ERROR		= 1,	/* any other error */
	MSI_EXIT_USAGE		= 2,
	MSI_EXIT_NO_MEDIUM	= 3,
	MSI_EXIT_BLANK		= 4,	/* no previous session to import */
	MSI_EXIT_CLOSED		= 5,	/* no further session can be written */
	MSI_EXIT_NO_MODULE	= 6,	/* no module, or the drive not served */
	MSI_EXIT_TIMEOUT	= 7,
};

/* The names of the uapi header's enums, in msinfo.c. */
extern const char * const media_state_names[CDROM_MSINFO_MEDIA_UNKNOWN + 1];
extern const char * const
last_session_names[CDROM_MSINFO_SESSION_COMPLETE + 1];

/* The types this program knows; a newer kernel may know more. */
#define NTYPES		(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE + 1)
extern const char * const type_names[NTYPES];

/* The per-type values: sysfs name, report label, where they live. */
struct field {
	const char *name;
	const char *label;
	unsigned int valid;
	size_t offset;
	bool is_u64;
	bool is_bool;
};

/* One for each CDROM_MSINFO_V_* bit */
#define NFIELDS		8
extern const struct field fields[NFIELDS];
/* Which fields each type has, as listed in the uapi header. */
extern const unsigned int type_fields[NTYPES];

struct drive {
	const char *arg;		/* as the user named it */
	char name[NAME_MAX + 1];	/* srN */
	char node[PATH_MAX];		/* device node, for the ioctl */
	int msdir;			/* .../block/srN/multisession */
	int devfd;			/* the opened node, or -1 */
	bool have_devnum;		/* read from sysfs: GET needs no node */
	unsigned int major, minor;
	struct cdrom_msinfo st;
	char profile_name[32];		/* empty if unknown */
};

/* "msinfo: DEVICE: what went wrong" on stderr; d may be NULL. */
void msg(const struct drive *d, const char *fmt, ...);

static inline const char *name_of(const char * const *names, size_t n,
				  __u32 v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

static inline bool media_present(const struct cdrom_msinfo *st)
{
	return st->media_state != CDROM_MSINFO_MEDIA_NONE &&
	       st->media_state != CDROM_MSINFO_MEDIA_UNKNOWN;
}

static inline __u64 field_value(const struct cdrom_msinfo_type_info *ti,
				const struct field *f)
{
	const void *p = (const char *)ti + f->offset;
	__u64 v;

	if (f->is_u64) {
		memcpy(&v, p, sizeof(v));
		return v;
	}
	return *(const __u32 *)p;
}

/* text.c */
void print_report(const struct drive *d);
void print_watch_line(const struct drive *d);
void print_udev(const struct drive *d);
int print_msinfo(const struct drive *d);

/*
 * json.c: a document, {"schema_version": N, "drives": [...]}, of the
 * drives json_drive() adds between json_begin() and json_end(); compact:
 * on one line.
 */
void json_begin(bool compact);
void json_drive(const struct drive *d);
void json_end(void);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pure core of cdrom_msinfo: which MMC commands a refresh sends, how
 * their replies are parsed, and how the multisession state is derived from
 * them.  No kernel calls: the same file is compiled into the module and into
 * the host unit tests and fuzzers.
 *
 * A refresh runs as:
 *
 *	msinfo_plan_init(&plan);
 *	while (msinfo_plan_next(&plan, &cmd)) {
 *		send cmd.cdb, receive up to cmd.alloc_len bytes into buf;
 *		err = msinfo_plan_feed(&plan, status, buf, received);
 *		if (err)
 *			stop: plan.error_reason says why;
 *	}
 *	err = msinfo_derive(&plan, &state);
 *
 * Which command comes next depends on the replies so far; the documentation
 * (Documentation/cdrom-msinfo-values.rst) lists the commands per profile.
 */
#ifndef _MSINFO_DERIVE_H
#define _MSINFO_DERIVE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "msinfo_host.h"	/* u8..u64, bool, errno values for host builds */
#endif
#include <uapi/linux/cdrom_msinfo.h>

/* The multisession types this module knows, of CDROM_MSINFO_TYPE_SLOTS */
#define MSINFO_TYPE_COUNT	3

#define MSINFO_CDB_LEN		12
#define MSINFO_REPLY_MAX	2048	/* largest allocation length a refresh asks for */
#define MSINFO_MAX_COMMANDS	8	/* hard bound on commands per refresh */

/* What the shell saw when it sent a command, from the sense data. */
enum msinfo_status {
	MSINFO_ST_GOOD = 0,
	MSINFO_ST_NO_MEDIUM,		/* 02h/3Ah */
	MSINFO_ST_BECOMING_READY,	/* 02h/04h/01h, also 02h/04h/07h, 02h/04h/08h */
	MSINFO_ST_NOT_READY,		/* other NOT READY */
	MSINFO_ST_MEDIA_CHANGED,	/* 06h: retry the whole refresh */
	MSINFO_ST_ILLEGAL_REQUEST,	/* 05h */
	MSINFO_ST_MEDIUM_ERROR,		/* 03h, and 08h BLANK CHECK */
	MSINFO_ST_HARDWARE_ERROR,	/* 04h */
	MSINFO_ST_OTHER,		/* anything else, timeouts, transport errors */
	MSINFO_ST_COUNT
};

enum msinfo_status msinfo_classify_sense(u8 key, u8 asc, u8 ascq);

struct msinfo_cmd {
	u8 cdb[MSINFO_CDB_LEN];
	u8 cdb_len;
	u32 alloc_len;		/* bytes the command asks for, <= MSINFO_REPLY_MAX */
	const char *name;	/* e.g. "READ TRACK INFORMATION", for messages */
};

/* The commands a refresh may send, in the order of first use. */
enum msinfo_step {
	MSINFO_STEP_GET_CONFIG,		/* GET CONFIGURATION, RT 0, from feature 0 */
	MSINFO_STEP_DISC_INFO,		/* READ DISC INFORMATION, standard */
	MSINFO_STEP_TRACK_LAST,		/* READ TRACK INFORMATION, last track of the disc */
	MSINFO_STEP_SESSION_FIRST,	/* READ TRACK INFORMATION, by session number */
	MSINFO_STEP_TRACK_FIRST,	/* READ TRACK INFORMATION, first track of a session */
	MSINFO_STEP_TRACK_END,		/* READ TRACK INFORMATION, last track of a session */
	MSINFO_STEP_TRACK_OPEN,		/* READ TRACK INFORMATION, first track of an open session */
	MSINFO_STEP_TOC_FULL,		/* READ TOC/PMA/ATIP format 2 (CD) */
	MSINFO_STEP_TOC_SESSION,	/* READ TOC/PMA/ATIP format 1 */
	MSINFO_STEP_TOC_TRACKS,		/* READ TOC/PMA/ATIP format 0 */
	MSINFO_STEP_CAPACITY,		/* READ CAPACITY */
	MSINFO_STEP_FORMATS,		/* READ FORMAT CAPACITIES */
	MSINFO_STEP_ISO_PVD,		/* READ(10) of LBA 16, one block */
	MSINFO_STEP_COUNT,
	MSINFO_STEP_DONE = MSINFO_STEP_COUNT
};

/* One READ TRACK INFORMATION reply. */
struct msinfo_track {
	u32 start;		/* Logical Track Start Address */
	u32 nwa;		/* Next Writable Address, if nwa_valid */
	u32 free;		/* Free Blocks */
	u32 size;		/* Logical Track Size */
	u32 lra;		/* Last Recorded Address, if lra_valid */
	u16 number;		/* Logical Track Number */
	u16 session;		/* Session Number */
	bool nwa_valid;
	bool lra_valid;
	bool blank;		/* nothing recorded in the track */
	bool data;		/* Track Mode says data (control bit 2) */
	bool damage;
};

/* Facts gathered from the replies so far; filled by msinfo_plan_feed(). */
struct msinfo_facts {
	u16 profile;
	bool have_profile;
	bool no_medium;		/* a command said so, or the profile is 0 */

	/* GET CONFIGURATION: current features */
	bool pow;		/* 0038h BD-R Pseudo-Overwrite */
	u16 rr_blocking;	/* 0010h Random Readable, Blocking; 0 if not current */
	u16 rw_blocking;	/* 0020h Random Writable, Blocking; 0 if not current */

	/* READ DISC INFORMATION */
	u8 disc_status;		/* 0 empty, 1 incomplete, 2 finalized, 3 others */
	u8 last_state;		/* enum cdrom_msinfo_last_session */
	u8 bg_format;		/* BG Format Status */
	u16 sessions;		/* Number of Sessions, the last one included */
	u16 first_track;	/* First Track Number on Disc */
	u16 first_in_last;	/* First Track Number in Last Session */
	u16 last_in_last;	/* Last Track Number in Last Session */

	/* READ TRACK INFORMATION */
	struct msinfo_track last;	/* the last track of the disc */
	struct msinfo_track first;	/* the first track of the previous session */
	struct msinfo_track end;	/* the last track of the previous session */
	struct msinfo_track open;	/* the first track of an open last session */

	/* READ TOC/PMA/ATIP, about the session toc_session */
	u16 toc_session;	/* which session the TOC values describe */
	u16 toc_sessions;	/* last complete session number */
	u16 toc_tracks;		/* last track number */
	u16 toc_first_track;	/* first track of toc_session */
	u32 toc_start;		/* start of that track */
	u32 toc_leadout;	/* lead-out start of toc_session, if toc_has_leadout */
	bool toc_has_start;
	bool toc_has_leadout;
	bool toc_data;		/* a data track in a complete session (full TOC) */

	/* READ CAPACITY, READ FORMAT CAPACITIES, READ(10) */
	u32 capacity;		/* last LBA + 1 */
	u32 format_blocks;	/* current/maximum capacity descriptor */
	u8 format_type;		/* its Descriptor Type: 1 unformatted, 2 formatted */
	u32 iso_blocks;		/* ISO 9660 Volume Space Size, 0 if no volume */
};

struct msinfo_plan {
	unsigned int step;		/* enum msinfo_step of the command sent last */
	unsigned int sent;		/* commands sent so far */
	bool finished;			/* msinfo_plan_next() found nothing more to ask */
	u32 alloc_len;			/* allocation length of the command sent last */
	u32 param;			/* track or session number it asked about */
	u16 done;			/* BIT(step): the reply was fed and accepted */
	u16 refused;			/* BIT(step): ILLEGAL REQUEST, or no usable data */
	int error;			/* 0 or negative errno once a reply was refused */
	char error_reason[CDROM_MSINFO_ERROR_LEN];
	struct msinfo_facts facts;
};

/* msinfo_state.flags */
#define MSINFO_SF_POW		0x1	/* BD-R with Pseudo-Overwrite current */
#define MSINFO_SF_ISO_VOLUME	0x2	/* an ISO 9660 volume at LBA 16 */
#define MSINFO_SF_FORMATTED	0x4	/* random-write medium is formatted */

/*
 * The derived state.  Values that do not apply have their valid bit clear
 * and hold 0.
 */
struct msinfo_state {
	u32 media_state;	/* enum cdrom_msinfo_media_state */
	u32 profile;
	u32 last_session;	/* enum cdrom_msinfo_last_session */
	u32 sessions;
	u32 tracks;
	u32 types_supported;	/* CDROM_MSINFO_TYPE_BIT() mask */
	u32 auto_type;		/* the type picked with no choice, or TYPE_NONE */
	u32 flags;		/* MSINFO_SF_* */
	u32 commands;		/* MMC commands the refresh sent */
	bool msinfo_valid;
	u64 msinfo_start;
	u64 msinfo_next;
	struct cdrom_msinfo_type_info type[MSINFO_TYPE_COUNT];
};

void msinfo_plan_init(struct msinfo_plan *plan);
bool msinfo_plan_next(struct msinfo_plan *plan, struct msinfo_cmd *cmd);
int msinfo_plan_feed(struct msinfo_plan *plan, enum msinfo_status status,
		     const u8 *buf, u32 len);

/*
 * After msinfo_plan_feed(): the step whose reply a burner changes if it
 * writes, and its command in cmd (if not NULL); MSINFO_STEP_DONE when no
 * single reply tells.  A drive that a burner held and that answers it
 * with the same bytes as the finished plan got was not written.
 */
unsigned int msinfo_probe(const struct msinfo_plan *plan, struct msinfo_cmd *cmd);

/*
 * Fills state from a finished plan.  Returns 0; or the plan's error, or
 * -EINPROGRESS for a plan that has not finished, with state "unknown".
 * With no medium, returns 0 with media_state "none".
 */
int msinfo_derive(const struct msinfo_plan *plan, struct msinfo_state *state);

/*
 * IFileSystemImage::put_MultisessionInterfaces for one requested type
 * (CDROM_MSINFO_TYPE_NONE: automatic).  Returns 0, or, checked in this order:
 *   -EINVAL       no such type
 *   -ENOMEDIUM    no medium
 *   -EIO          the state is unknown (the last refresh failed)
 *   -EMEDIUMTYPE  multisession not allowed on this media type (ROM media)
 *   -ENODATA      blank, non-overwritable medium: no session to import
 *   -EROFS        closed medium, or a damaged last session: no further
 *                 session can be written
 *   -EOPNOTSUPP   the type is not supported on the current medium
 */
int msinfo_check_type(const struct msinfo_state *state, u32 type);

/* Marks type (TYPE_NONE: auto_type) in use in state->type[]. */
void msinfo_set_in_use(struct msinfo_state *state, u32 type);

/* The families of media, for the profile table. */
enum msinfo_family {
	MSINFO_FAMILY_CD,
	MSINFO_FAMILY_DVD,
	MSINFO_FAMILY_BD,
	MSINFO_FAMILY_HDDVD,
};

/* How a profile is recorded. */
enum msinfo_kind {
	MSINFO_KIND_ROM,	/* read-only: no multisession type */
	MSINFO_KIND_SEQUENTIAL,	/* sessions and tracks, written in order */
	MSINFO_KIND_RANDOM,	/* random-writable, no sessions */
};

/* How to learn whether a random-writable medium is formatted. */
enum msinfo_format_check {
	MSINFO_FMT_NONE,	/* not random-writable */
	MSINFO_FMT_ALWAYS,	/* the profile exists only once formatted */
	MSINFO_FMT_BG_STATUS,	/* READ DISC INFORMATION BG Format Status */
	MSINFO_FMT_CAPACITIES,	/* READ FORMAT CAPACITIES descriptor type */
};

/* One row of the profile table that drives the code and the documentation. */
struct msinfo_profile_info {
	u16 profile;		/* MMC profile number */
	const char *name;	/* sysfs name */
	u8 family;		/* enum msinfo_family */
	u8 kind;		/* enum msinfo_kind */
	u8 format_check;	/* enum msinfo_format_check */
	u8 types;		/* CDROM_MSINFO_TYPE_BIT() of the types it can support */
	u16 write_unit;		/* blocks, when GET CONFIGURATION gives no Blocking */
};

/* The table: row i, or NULL past its end. */
const struct msinfo_profile_info *msinfo_profile_at(unsigned int i);
const struct msinfo_profile_info *msinfo_profile_lookup(u16 profile);

/* Names, defined once for sysfs, the CLI's fallback and the documentation. */
const char *msinfo_profile_name(u16 profile);	/* "cd-r", ..., NULL if unknown */
const char *msinfo_state_profile_name(const struct msinfo_state *state); /* "bd-r-pow" too */
const char *msinfo_media_state_name(u32 media_state);
const char *msinfo_last_session_name(u32 last_session);
const char *msinfo_type_name(u32 type);
const char *msinfo_error_name(u32 code);	/* "no_medium", ..., or NULL */
/* enum cdrom_msinfo_error of a refresh's errno and reason */
u32 msinfo_error_code(int error, const char *reason);		/* "sequential", ... */
const char *msinfo_step_name(unsigned int step);	/* "READ CAPACITY", ... */

#endif /* _MSINFO_DERIVE_H */

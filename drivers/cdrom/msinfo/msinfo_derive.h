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
 *	msinfo_derive(&plan, &state);
 */
#ifndef _MSINFO_DERIVE_H
#define _MSINFO_DERIVE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include "msinfo_host.h"	/* u8..u64, bool, errno values for host builds */
#endif
#include <uapi/linux/cdrom_msinfo.h>

#define MSINFO_CDB_LEN		12
#define MSINFO_REPLY_MAX	2048	/* largest allocation length a refresh asks for */
#define MSINFO_MAX_COMMANDS	8	/* hard bound on commands per refresh */

/* What the shell saw when it sent a command, from the sense data. */
enum msinfo_status {
	MSINFO_ST_GOOD = 0,
	MSINFO_ST_NO_MEDIUM,		/* 02h/3Ah */
	MSINFO_ST_BECOMING_READY,	/* 02h/04h/01h, also 02h/04h/07h, 02h/04h/08h */
	MSINFO_ST_NOT_READY,		/* other NOT READY */
	MSINFO_ST_MEDIA_CHANGED,	/* 06h/28h: retry the whole refresh */
	MSINFO_ST_ILLEGAL_REQUEST,	/* 05h */
	MSINFO_ST_MEDIUM_ERROR,		/* 03h, and 08h BLANK CHECK */
	MSINFO_ST_HARDWARE_ERROR,	/* 04h */
	MSINFO_ST_OTHER,		/* anything else, timeouts, transport errors */
};

enum msinfo_status msinfo_classify_sense(u8 key, u8 asc, u8 ascq);

struct msinfo_cmd {
	u8 cdb[MSINFO_CDB_LEN];
	u8 cdb_len;
	u32 alloc_len;		/* bytes the command asks for, <= MSINFO_REPLY_MAX */
	const char *name;	/* e.g. "READ TRACK INFORMATION", for messages */
};

/* Facts gathered from the replies so far; filled by msinfo_plan_feed(). */
struct msinfo_facts {
	u16 profile;
	bool have_profile;
	/* filled by the implementation: disc, track, TOC, capacity ... facts */
	u8 opaque[512];
};

struct msinfo_plan {
	unsigned int step;		/* which command comes next */
	unsigned int sent;		/* commands sent so far */
	int error;			/* 0 or negative errno once a reply was refused */
	char error_reason[CDROM_MSINFO_ERROR_LEN];
	struct msinfo_facts facts;
};

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
	bool msinfo_valid;
	u64 msinfo_start;
	u64 msinfo_next;
	struct cdrom_msinfo_type_info type[CDROM_MSINFO_TYPE_COUNT];
};

void msinfo_plan_init(struct msinfo_plan *plan);
bool msinfo_plan_next(struct msinfo_plan *plan, struct msinfo_cmd *cmd);
int msinfo_plan_feed(struct msinfo_plan *plan, enum msinfo_status status,
		     const u8 *buf, u32 len);
void msinfo_derive(const struct msinfo_plan *plan, struct msinfo_state *state);

/*
 * IFileSystemImage::put_MultisessionInterfaces for one requested type
 * (CDROM_MSINFO_TYPE_NONE: automatic).  Returns 0, or:
 *   -ENOMEDIUM    no medium
 *   -EMEDIUMTYPE  multisession not allowed on this media type (ROM media)
 *   -ENODATA      blank, non-overwritable medium: no session to import
 *   -EROFS        closed medium: no further session can be written
 *   -EOPNOTSUPP   the type is not supported on the current medium
 *   -EINVAL       no such type
 *   -EIO          the state is unknown (the last refresh failed)
 */
int msinfo_check_type(const struct msinfo_state *state, u32 type);

/* Names, defined once for sysfs, the CLI's fallback and the documentation. */
const char *msinfo_profile_name(u16 profile);	/* "cd-r", ..., NULL if unknown */
const char *msinfo_media_state_name(u32 media_state);
const char *msinfo_last_session_name(u32 last_session);
const char *msinfo_type_name(u32 type);		/* "sequential", ... */

#endif /* _MSINFO_DERIVE_H */

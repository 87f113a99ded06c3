// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: the pure core.  Chooses the MMC commands of a refresh,
 * parses their replies and derives the multisession state from them.
 *
 * Nothing here calls into the kernel: it is a function of the reply bytes
 * alone, built into the module and, unchanged, into the host unit tests and
 * the fuzzer.  Every parser clamps to what was received and to what was
 * asked for, and checks the length fields instead of trusting them.
 *
 * The commands, their fields and the values derived from them are
 * documented in Documentation/cdrom-msinfo-values.rst.
 */
#ifdef __KERNEL__
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "compat.h"
#endif

#include "msinfo_derive.h"

/* MMC operation codes; all are reads without side effects. */
#define MMC_GET_CONFIGURATION		0x46
#define MMC_READ_DISC_INFORMATION	0x51
#define MMC_READ_TRACK_INFORMATION	0x52
#define MMC_READ_TOC_PMA_ATIP		0x43
#define MMC_READ_CAPACITY		0x25
#define MMC_READ_FORMAT_CAPACITIES	0x23
#define MMC_READ_10			0x28

/* Allocation lengths. */
#define AL_DISC_INFO	34	/* standard disc information, no OPC tables */
#define AL_TRACK_INFO	48	/* MMC-5 track information */
#define AL_TOC_SESSION	12	/* header and one descriptor */
#define AL_TOC_TRACKS	804	/* header and 100 descriptors */
#define AL_CAPACITY	8
#define AL_FORMATS	252	/* header and 31 descriptors */
#define AL_BLOCK	2048

/* Shortest replies that hold the fields used. */
#define MIN_CONFIG	8	/* feature header */
#define MIN_DISC_INFO	12	/* up to Last Track Number in Last Session (MSB) */
#define MIN_TRACK_INFO	28	/* up to Logical Track Size (MMC-1) */
#define MIN_TOC		4	/* TOC header */
#define MIN_FORMATS	12	/* header and current/maximum descriptor */

#define TOC_FULL_DESC	11
#define TOC_TRACK_DESC	8
#define TOC_LEADOUT	0xaa

#define ISO_PVD_LBA	16
#define ISO_BLOCK	2048
/*
 * cdrskin --grow_overwriteable_iso and growisofs put the next session at a
 * multiple of 16 blocks; on media whose write unit is larger (BD: 32) at a
 * multiple of the unit, as xorriso does.
 */
#define EMULATED_ALIGN	16

/* Features of GET CONFIGURATION. */
#define FEAT_RANDOM_READABLE	0x0010
#define FEAT_RANDOM_WRITABLE	0x0020
#define FEAT_BD_R_POW		0x0038

#define PROFILE_BD_R_SRM	0x0041

#define STEP_BIT(s)		((u16)BIT(s))

#define TYPE_SEQ	CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_SEQUENTIAL)
#define TYPE_RW		CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_RANDOM_WRITE)
#define TYPE_POW	CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE)

#define P(_code, _name, _family, _kind, _fmt, _types, _unit) {	\
	.profile = _code, .name = _name, .family = MSINFO_FAMILY_##_family, \
	.kind = MSINFO_KIND_##_kind, .format_check = MSINFO_FMT_##_fmt, \
	.types = _types, .write_unit = _unit }

/*
 * The one table of profiles.  A BD-R SRM with the Pseudo-Overwrite feature
 * current is shown as "bd-r-pow" and also supports the pseudo-overwrite type.
 */
static const struct msinfo_profile_info msinfo_profiles[] = {
	P(0x0008, "cd-rom",		CD,	ROM,		NONE,	0,	  1),
	P(0x0009, "cd-r",		CD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 1),
	P(0x000a, "cd-rw",		CD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 1),
	P(0x0010, "dvd-rom",		DVD,	ROM,		NONE,	0,	  16),
	P(0x0011, "dvd-r",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0012, "dvd-ram",		DVD,	RANDOM,	CAPACITIES,	TYPE_RW,  16),
	P(0x0013, "dvd-rw-ro",		DVD,	RANDOM,	CAPACITIES,	TYPE_RW,  16),
	P(0x0014, "dvd-rw",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0015, "dvd-r-dl",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0016, "dvd-r-dl-jump",	DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0017, "dvd-rw-dl",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0018, "dvd-download",	DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x001a, "dvd+rw",		DVD,	RANDOM,	BG_STATUS,	TYPE_RW,  16),
	P(0x001b, "dvd+r",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x002a, "dvd+rw-dl",		DVD,	RANDOM,	BG_STATUS,	TYPE_RW,  16),
	P(0x002b, "dvd+r-dl",		DVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 16),
	P(0x0040, "bd-rom",		BD,	ROM,		NONE,	0,	  32),
	P(0x0041, "bd-r-srm",		BD,	SEQUENTIAL,	NONE,	TYPE_SEQ | TYPE_POW, 32),
	P(0x0042, "bd-r-rrm",		BD,	RANDOM,	CAPACITIES,	TYPE_RW,  32),
	P(0x0043, "bd-re",		BD,	RANDOM,	CAPACITIES,	TYPE_RW,  32),
	P(0x0050, "hd-dvd-rom",		HDDVD,	ROM,		NONE,	0,	  32),
	P(0x0051, "hd-dvd-r",		HDDVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 32),
	P(0x0052, "hd-dvd-ram",		HDDVD,	RANDOM,	CAPACITIES,	TYPE_RW,  32),
	P(0x0053, "hd-dvd-rw",		HDDVD,	RANDOM,	CAPACITIES,	TYPE_RW,  32),
	P(0x0058, "hd-dvd-r-dl",	HDDVD,	SEQUENTIAL,	NONE,	TYPE_SEQ, 32),
	P(0x005a, "hd-dvd-rw-dl",	HDDVD,	RANDOM,	CAPACITIES,	TYPE_RW,  32),
};

#undef P

const struct msinfo_profile_info *msinfo_profile_at(unsigned int i)
{
	return i < ARRAY_SIZE(msinfo_profiles) ? &msinfo_profiles[i] : NULL;
}

const struct msinfo_profile_info *msinfo_profile_lookup(u16 profile)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(msinfo_profiles); i++)
		if (msinfo_profiles[i].profile == profile)
			return &msinfo_profiles[i];
	return NULL;
}

const char *msinfo_profile_name(u16 profile)
{
	const struct msinfo_profile_info *info = msinfo_profile_lookup(profile);

	return info ? info->name : NULL;
}

const char *msinfo_state_profile_name(const struct msinfo_state *state)
{
	if (state->flags & MSINFO_SF_POW)
		return "bd-r-pow";
	return msinfo_profile_name(state->profile);
}

const char *msinfo_media_state_name(u32 media_state)
{
	static const char * const names[] = {
		[CDROM_MSINFO_MEDIA_NONE] = "none",
		[CDROM_MSINFO_MEDIA_BLANK] = "blank",
		[CDROM_MSINFO_MEDIA_APPENDABLE] = "appendable",
		[CDROM_MSINFO_MEDIA_COMPLETE] = "complete",
		[CDROM_MSINFO_MEDIA_OVERWRITABLE] = "overwritable",
		[CDROM_MSINFO_MEDIA_UNKNOWN] = "unknown",
	};

	return media_state < ARRAY_SIZE(names) ? names[media_state] : "unknown";
}

const char *msinfo_last_session_name(u32 last_session)
{
	static const char * const names[] = {
		[CDROM_MSINFO_SESSION_EMPTY] = "empty",
		[CDROM_MSINFO_SESSION_INCOMPLETE] = "incomplete",
		[CDROM_MSINFO_SESSION_DAMAGED] = "damaged",
		[CDROM_MSINFO_SESSION_COMPLETE] = "complete",
	};

	return last_session < ARRAY_SIZE(names) ? names[last_session] : "unknown";
}

const char *msinfo_type_name(u32 type)
{
	static const char * const names[] = {
		[CDROM_MSINFO_TYPE_SEQUENTIAL] = "sequential",
		[CDROM_MSINFO_TYPE_RANDOM_WRITE] = "random_write",
		[CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE] = "pseudo_overwrite",
	};

	return type < ARRAY_SIZE(names) ? names[type] : NULL;
}

/*
 * The first word of every error reason, which the refresh (the shell's
 * sense classification, timeouts) and the parsers here write, and its
 * number in the ABI.
 */
static const char * const msinfo_error_names[] = {
	[CDROM_MSINFO_ERR_NONE] = "",
	[CDROM_MSINFO_ERR_NO_MEDIUM] = "no_medium",
	[CDROM_MSINFO_ERR_BECOMING_READY] = "becoming_ready",
	[CDROM_MSINFO_ERR_NOT_READY] = "not_ready",
	[CDROM_MSINFO_ERR_MEDIA_CHANGED] = "media_changed",
	[CDROM_MSINFO_ERR_ILLEGAL_REQUEST] = "illegal_request",
	[CDROM_MSINFO_ERR_MEDIUM_ERROR] = "medium_error",
	[CDROM_MSINFO_ERR_HARDWARE_ERROR] = "hardware_error",
	[CDROM_MSINFO_ERR_IO_ERROR] = "io_error",
	[CDROM_MSINFO_ERR_TIMEOUT] = "timeout",
	[CDROM_MSINFO_ERR_BAD_REPLY] = "bad_reply",
	[CDROM_MSINFO_ERR_UNSUPPORTED_PROFILE] = "unsupported_profile",
	[CDROM_MSINFO_ERR_BAD_PLAN] = "bad_plan",
};

const char *msinfo_error_name(u32 code)
{
	return code < ARRAY_SIZE(msinfo_error_names) ? msinfo_error_names[code] : NULL;
}

u32 msinfo_error_code(int error, const char *reason)
{
	size_t len = strcspn(reason, ":");
	u32 code;

	if (!error)
		return CDROM_MSINFO_ERR_NONE;
	for (code = CDROM_MSINFO_ERR_NONE + 1; code < ARRAY_SIZE(msinfo_error_names); code++)
		if (strlen(msinfo_error_names[code]) == len &&
		    !strncmp(reason, msinfo_error_names[code], len))
			return code;
	return CDROM_MSINFO_ERR_OTHER;
}

static const char * const msinfo_step_names[] = {
	[MSINFO_STEP_GET_CONFIG] = "GET CONFIGURATION",
	[MSINFO_STEP_DISC_INFO] = "READ DISC INFORMATION",
	[MSINFO_STEP_TRACK_LAST] = "READ TRACK INFORMATION",
	[MSINFO_STEP_SESSION_FIRST] = "READ TRACK INFORMATION",
	[MSINFO_STEP_TRACK_FIRST] = "READ TRACK INFORMATION",
	[MSINFO_STEP_TRACK_END] = "READ TRACK INFORMATION",
	[MSINFO_STEP_TRACK_OPEN] = "READ TRACK INFORMATION",
	[MSINFO_STEP_TOC_FULL] = "READ TOC/PMA/ATIP",
	[MSINFO_STEP_TOC_SESSION] = "READ TOC/PMA/ATIP",
	[MSINFO_STEP_TOC_TRACKS] = "READ TOC/PMA/ATIP",
	[MSINFO_STEP_CAPACITY] = "READ CAPACITY",
	[MSINFO_STEP_FORMATS] = "READ FORMAT CAPACITIES",
	[MSINFO_STEP_ISO_PVD] = "READ(10)",
};

const char *msinfo_step_name(unsigned int step)
{
	return step < ARRAY_SIZE(msinfo_step_names) ? msinfo_step_names[step] : "none";
}

enum msinfo_status msinfo_classify_sense(u8 key, u8 asc, u8 ascq)
{
	switch (key & 0x0f) {
	case 0x0:	/* NO SENSE */
	case 0x1:	/* RECOVERED ERROR: the data are good */
		return MSINFO_ST_GOOD;
	case 0x2:	/* NOT READY */
		if (asc == 0x3a)
			return MSINFO_ST_NO_MEDIUM;
		if (asc == 0x04 && (ascq == 0x01 || ascq == 0x07 || ascq == 0x08))
			return MSINFO_ST_BECOMING_READY;
		return MSINFO_ST_NOT_READY;
	case 0x3:	/* MEDIUM ERROR */
	case 0x8:	/* BLANK CHECK */
		return MSINFO_ST_MEDIUM_ERROR;
	case 0x4:
		return MSINFO_ST_HARDWARE_ERROR;
	case 0x5:
		return MSINFO_ST_ILLEGAL_REQUEST;
	case 0x6:	/* UNIT ATTENTION: medium changed, reset, ... */
		return MSINFO_ST_MEDIA_CHANGED;
	default:
		return MSINFO_ST_OTHER;
	}
}

/* ---- the previous session ---- */

/*
 * The previous session is the last complete one, the session that
 * CDROMMULTISESSION and "wodim -msinfo" name.  An open last session may
 * hold recorded tracks too: they count in sessions and tracks; on CD the
 * start stays the last complete session's (see msinfo_start()).
 */
struct msinfo_prev {
	u16 session;		/* 0: none */
	u16 first;		/* its first track, 0 if only known by session number */
	u16 last;		/* its last track */
	u16 recorded;		/* last track holding data, 0 if none */
	bool open_data;		/* the last session is open and holds data */
	u16 open_first;		/* then: its first track */
};

static bool step_done(const struct msinfo_plan *plan, unsigned int step)
{
	return plan->done & STEP_BIT(step);
}

static bool step_tried(const struct msinfo_plan *plan, unsigned int step)
{
	return (plan->done | plan->refused) & STEP_BIT(step);
}

static const struct msinfo_profile_info *plan_profile(const struct msinfo_plan *plan)
{
	return msinfo_profile_lookup(plan->facts.profile);
}

/* The disc's last track holds data: an open track with its NWA inside it. */
static bool last_track_written(const struct msinfo_plan *plan)
{
	return step_done(plan, MSINFO_STEP_TRACK_LAST) && !plan->facts.last.blank;
}

static void msinfo_find_prev(const struct msinfo_plan *plan, bool rom,
			     struct msinfo_prev *prev)
{
	const struct msinfo_facts *f = &plan->facts;

	memset(prev, 0, sizeof(*prev));
	if (!step_done(plan, MSINFO_STEP_DISC_INFO) || !f->sessions)
		return;
	if (!rom && f->disc_status == 0)
		return;		/* blank */

	if (rom || f->last_state == CDROM_MSINFO_SESSION_COMPLETE) {
		prev->session = f->sessions;
		prev->first = f->first_in_last;
		prev->last = f->last_in_last;
		prev->recorded = prev->last;
		return;
	}
	/* Empty, incomplete or damaged: the session before is the last complete one. */
	prev->session = f->sessions - 1;
	if (prev->session) {
		prev->last = f->first_in_last - 1;
		prev->recorded = prev->last;
	}
	if (f->last_state != CDROM_MSINFO_SESSION_INCOMPLETE)
		return;
	if (last_track_written(plan)) {
		prev->open_data = true;
		prev->recorded = f->last_in_last;
	} else if (f->first_in_last < f->last_in_last) {
		/* closed tracks before the blank last one (cdrecord -nofix) */
		prev->open_data = true;
		prev->recorded = f->last_in_last - 1;
	}
	if (prev->open_data)
		prev->open_first = f->first_in_last;
}

/* The end of a closed track, or of the recorded part of an open one. */
static bool track_end(const struct msinfo_track *t, bool open, u64 *end)
{
	if (open) {
		if (t->lra_valid) {
			*end = t->lra;
			return true;
		}
		if (t->nwa_valid && t->nwa > t->start) {
			*end = (u64)t->nwa - 1;
			return true;
		}
		return false;
	}
	if (!t->size)
		return false;
	*end = (u64)t->start + t->size - 1;
	return true;
}

static bool prev_start(const struct msinfo_plan *plan, const struct msinfo_prev *prev,
		       u64 *start)
{
	const struct msinfo_facts *f = &plan->facts;

	if (!prev->session)
		return false;
	if (step_done(plan, MSINFO_STEP_SESSION_FIRST) && f->first.session == prev->session) {
		*start = f->first.start;
		return true;
	}
	if (prev->first && step_done(plan, MSINFO_STEP_TRACK_FIRST) &&
	    f->first.number == prev->first) {
		*start = f->first.start;
		return true;
	}
	if (prev->first && step_done(plan, MSINFO_STEP_TRACK_LAST) &&
	    f->last.number == prev->first) {
		*start = f->last.start;
		return true;
	}
	if (f->toc_has_start && f->toc_session == prev->session &&
	    (!prev->first || f->toc_first_track == prev->first)) {
		*start = f->toc_start;
		return true;
	}
	return false;
}

/* The start of the open session holding data: its first track. */
static bool open_start(const struct msinfo_plan *plan, const struct msinfo_prev *prev,
		       u64 *start)
{
	const struct msinfo_facts *f = &plan->facts;

	if (!prev->open_data)
		return false;
	if (step_done(plan, MSINFO_STEP_TRACK_LAST) && f->last.number == prev->open_first) {
		*start = f->last.start;
		return true;
	}
	if (step_done(plan, MSINFO_STEP_TRACK_OPEN) && f->open.number == prev->open_first) {
		*start = f->open.start;
		return true;
	}
	return false;
}

/*
 * The start of the last session holding data, as "cdrskin -msinfo" has it:
 * the first track of the last session in the TOC.  On CD that is the last
 * complete session: READ TOC/PMA/ATIP format 1 names "the first track in
 * the last complete session" and format 2 lists the sessions with a
 * lead-in, which an open session has not yet, even with closed tracks in
 * it (cdrecord -nofix).  Elsewhere an open session holding data starts
 * at its first track.
 */
static bool msinfo_start(const struct msinfo_plan *plan, const struct msinfo_prev *prev,
			 u64 *start)
{
	if (!prev->open_data ||
	    (plan_profile(plan)->family == MSINFO_FAMILY_CD && prev->session))
		return prev_start(plan, prev, start);
	return open_start(plan, prev, start);
}

static bool prev_end(const struct msinfo_plan *plan, const struct msinfo_prev *prev,
		     u64 *end)
{
	const struct msinfo_facts *f = &plan->facts;

	if (!prev->session)
		return false;
	if (step_done(plan, MSINFO_STEP_TRACK_LAST) && f->last.number == prev->last)
		return track_end(&f->last, false, end);
	if (step_done(plan, MSINFO_STEP_TRACK_END) && f->end.number == prev->last)
		return track_end(&f->end, false, end);
	/* a session of one track */
	if (f->first.number == prev->last &&
	    (step_done(plan, MSINFO_STEP_TRACK_FIRST) ||
	     (step_done(plan, MSINFO_STEP_SESSION_FIRST) && f->first.session == prev->session)))
		return track_end(&f->first, false, end);
	if (f->toc_has_leadout && f->toc_session == prev->session && f->toc_leadout) {
		*end = (u64)f->toc_leadout - 1;
		return true;
	}
	return false;
}

/* ---- choosing the next command ---- */

static unsigned int next_random(const struct msinfo_plan *plan, u32 *param)
{
	const struct msinfo_profile_info *info = plan_profile(plan);
	const struct msinfo_facts *f = &plan->facts;

	switch (info->format_check) {
	case MSINFO_FMT_BG_STATUS:
		if (!f->bg_format)
			return MSINFO_STEP_DONE;	/* never formatted */
		break;
	case MSINFO_FMT_CAPACITIES:
		if (!step_tried(plan, MSINFO_STEP_FORMATS))
			return MSINFO_STEP_FORMATS;
		if (step_done(plan, MSINFO_STEP_FORMATS) && f->format_type == 1)
			return MSINFO_STEP_DONE;	/* unformatted */
		break;
	}
	if (!(step_done(plan, MSINFO_STEP_FORMATS) && f->format_type == 2) &&
	    !step_tried(plan, MSINFO_STEP_CAPACITY))
		return MSINFO_STEP_CAPACITY;
	if (!step_tried(plan, MSINFO_STEP_ISO_PVD)) {
		*param = ISO_PVD_LBA;
		return MSINFO_STEP_ISO_PVD;
	}
	return MSINFO_STEP_DONE;
}

static unsigned int next_sessions(const struct msinfo_plan *plan, bool rom, u32 *param)
{
	const struct msinfo_profile_info *info = plan_profile(plan);
	const struct msinfo_facts *f = &plan->facts;
	bool cd = info->family == MSINFO_FAMILY_CD;
	/* A drive that refused a track by number will refuse another. */
	bool track_refused = plan->refused & (STEP_BIT(MSINFO_STEP_TRACK_FIRST) |
					      STEP_BIT(MSINFO_STEP_TRACK_END));
	struct msinfo_prev prev;
	u64 v;

	/* The track to write next, or the open one: NWA, free blocks. */
	if (!rom && f->disc_status != 2 && !step_tried(plan, MSINFO_STEP_TRACK_LAST)) {
		*param = f->last_in_last;
		return MSINFO_STEP_TRACK_LAST;
	}
	msinfo_find_prev(plan, rom, &prev);
	/* An open session holding data: its first track starts the msinfo. */
	if (prev.open_data && !open_start(plan, &prev, &v) &&
	    !step_tried(plan, MSINFO_STEP_TRACK_OPEN)) {
		*param = prev.open_first;
		return MSINFO_STEP_TRACK_OPEN;
	}
	if (!prev.session)
		return MSINFO_STEP_DONE;

	/* CD: the full TOC has the session's start, end and track modes. */
	if (cd && !step_tried(plan, MSINFO_STEP_TOC_FULL)) {
		*param = prev.session;
		return MSINFO_STEP_TOC_FULL;
	}
	if (!prev_start(plan, &prev, &v)) {
		if (cd && !step_tried(plan, MSINFO_STEP_TOC_SESSION)) {
			*param = prev.session;
			return MSINFO_STEP_TOC_SESSION;
		}
		if (rom && !cd && track_refused && !step_tried(plan, MSINFO_STEP_TOC_TRACKS)) {
			*param = prev.first;
			return MSINFO_STEP_TOC_TRACKS;
		}
		if (prev.first && !track_refused && !step_tried(plan, MSINFO_STEP_TRACK_FIRST)) {
			*param = prev.first;
			return MSINFO_STEP_TRACK_FIRST;
		}
		if (!prev.first && !step_tried(plan, MSINFO_STEP_SESSION_FIRST)) {
			*param = prev.session;
			return MSINFO_STEP_SESSION_FIRST;
		}
		if (!step_tried(plan, MSINFO_STEP_TOC_SESSION)) {
			*param = prev.session;
			return MSINFO_STEP_TOC_SESSION;
		}
	}
	if (!prev_end(plan, &prev, &v)) {
		if (rom && !cd && track_refused && !step_tried(plan, MSINFO_STEP_TOC_TRACKS)) {
			*param = prev.first;
			return MSINFO_STEP_TOC_TRACKS;
		}
		if (!(rom && cd) && !track_refused && !step_tried(plan, MSINFO_STEP_TRACK_END)) {
			*param = prev.last;
			return MSINFO_STEP_TRACK_END;
		}
	}
	return MSINFO_STEP_DONE;
}

static unsigned int msinfo_next_step(const struct msinfo_plan *plan, u32 *param)
{
	const struct msinfo_profile_info *info;

	*param = 0;
	if (!step_tried(plan, MSINFO_STEP_GET_CONFIG))
		return MSINFO_STEP_GET_CONFIG;
	if (plan->facts.no_medium)
		return MSINFO_STEP_DONE;
	if (plan->facts.have_profile && !plan->facts.profile)
		return step_tried(plan, MSINFO_STEP_DISC_INFO) ?
		       MSINFO_STEP_DONE : MSINFO_STEP_DISC_INFO;
	info = plan_profile(plan);
	if (!info)
		return MSINFO_STEP_DONE;
	if (!step_tried(plan, MSINFO_STEP_DISC_INFO))
		return MSINFO_STEP_DISC_INFO;

	if (!step_done(plan, MSINFO_STEP_DISC_INFO)) {
		/* Only CD-ROM drives of old get here: the full TOC says it all. */
		if (!step_tried(plan, MSINFO_STEP_TOC_FULL))
			return MSINFO_STEP_TOC_FULL;
		if (!step_done(plan, MSINFO_STEP_TOC_FULL) &&
		    !step_tried(plan, MSINFO_STEP_TOC_SESSION))
			return MSINFO_STEP_TOC_SESSION;
		return MSINFO_STEP_DONE;
	}

	switch (info->kind) {
	case MSINFO_KIND_RANDOM:
		return next_random(plan, param);
	case MSINFO_KIND_ROM:
		return next_sessions(plan, true, param);
	default:
		if (plan->facts.disc_status == 0) {
			if (step_tried(plan, MSINFO_STEP_TRACK_LAST))
				return MSINFO_STEP_DONE;
			*param = plan->facts.last_in_last;
			return MSINFO_STEP_TRACK_LAST;
		}
		return next_sessions(plan, false, param);
	}
}

void msinfo_plan_init(struct msinfo_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	plan->step = MSINFO_STEP_DONE;
}

static void set_cdb(struct msinfo_cmd *cmd, u8 op, u32 alloc)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->cdb[0] = op;
	cmd->cdb_len = 10;
	cmd->cdb[7] = alloc >> 8;
	cmd->cdb[8] = alloc & 0xff;
	cmd->alloc_len = alloc;
}

static void put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int plan_fail(struct msinfo_plan *plan, int err, const char *what, const char *detail)
{
	plan->error = err;
	snprintf(plan->error_reason, sizeof(plan->error_reason), "%s: %s%s%s", what,
		 msinfo_step_name(plan->step), detail ? " " : "", detail ? detail : "");
	return err;
}

static int plan_state(struct msinfo_plan *plan, int err, const char *why)
{
	plan->error = err;
	snprintf(plan->error_reason, sizeof(plan->error_reason), "%s", why);
	return err;
}

static int bad_reply(struct msinfo_plan *plan, const char *detail)
{
	return plan_fail(plan, -EPROTO, "bad_reply", detail);
}

static void build_cmd(struct msinfo_cmd *cmd, unsigned int step, u32 param)
{
	switch (step) {
	case MSINFO_STEP_GET_CONFIG:
		/* RT 0, starting at feature 0: every feature, current or not */
		set_cdb(cmd, MMC_GET_CONFIGURATION, MSINFO_REPLY_MAX);
		break;
	case MSINFO_STEP_DISC_INFO:
		set_cdb(cmd, MMC_READ_DISC_INFORMATION, AL_DISC_INFO);
		break;
	case MSINFO_STEP_SESSION_FIRST:
		set_cdb(cmd, MMC_READ_TRACK_INFORMATION, AL_TRACK_INFO);
		cmd->cdb[1] = 0x02;	/* Address/Number Type: session number */
		put_be32(&cmd->cdb[2], param);
		break;
	case MSINFO_STEP_TRACK_LAST:
	case MSINFO_STEP_TRACK_FIRST:
	case MSINFO_STEP_TRACK_END:
	case MSINFO_STEP_TRACK_OPEN:
		set_cdb(cmd, MMC_READ_TRACK_INFORMATION, AL_TRACK_INFO);
		cmd->cdb[1] = 0x01;	/* Address/Number Type: logical track number */
		put_be32(&cmd->cdb[2], param);
		break;
	case MSINFO_STEP_TOC_FULL:
		set_cdb(cmd, MMC_READ_TOC_PMA_ATIP, MSINFO_REPLY_MAX);
		cmd->cdb[1] = 0x02;	/* MSF: full TOC addresses are MSF */
		cmd->cdb[2] = 0x02;
		cmd->cdb[6] = 1;	/* from session 1 */
		break;
	case MSINFO_STEP_TOC_SESSION:
		set_cdb(cmd, MMC_READ_TOC_PMA_ATIP, AL_TOC_SESSION);
		cmd->cdb[2] = 0x01;
		break;
	case MSINFO_STEP_TOC_TRACKS:
		set_cdb(cmd, MMC_READ_TOC_PMA_ATIP, AL_TOC_TRACKS);
		cmd->cdb[6] = 1;	/* from track 1 */
		break;
	case MSINFO_STEP_CAPACITY:
		set_cdb(cmd, MMC_READ_CAPACITY, AL_CAPACITY);
		cmd->cdb[7] = 0;	/* no allocation length in this CDB */
		cmd->cdb[8] = 0;
		break;
	case MSINFO_STEP_FORMATS:
		set_cdb(cmd, MMC_READ_FORMAT_CAPACITIES, AL_FORMATS);
		break;
	case MSINFO_STEP_ISO_PVD:
		set_cdb(cmd, MMC_READ_10, AL_BLOCK);
		put_be32(&cmd->cdb[2], param);
		cmd->cdb[7] = 0;
		cmd->cdb[8] = 1;	/* one block */
		break;
	}
	cmd->name = msinfo_step_name(step);
}

bool msinfo_plan_next(struct msinfo_plan *plan, struct msinfo_cmd *cmd)
{
	unsigned int step;
	u32 param;

	if (plan->error || plan->finished)
		return false;
	step = msinfo_next_step(plan, &param);
	if (step == MSINFO_STEP_DONE) {
		plan->finished = true;
		return false;
	}
	if (plan->sent >= MSINFO_MAX_COMMANDS) {
		plan->step = step;
		plan_fail(plan, -EPROTO, "bad_reply", "too many commands");
		return false;
	}

	build_cmd(cmd, step, param);
	plan->step = step;
	plan->param = param;
	plan->alloc_len = cmd->alloc_len;
	plan->sent++;
	return true;
}

/*
 * The one reply of a refresh that a burner changes if it writes: on media
 * written in sessions, the track written next (its NWA and free blocks
 * move, it gets closed, or a session closes around it); on a closed disc,
 * and on read-only media, the disc's status (blanking a closed CD-RW or
 * DVD-RW changes it).  Random-writable media have none: a format moves
 * the capacity, a session the volume descriptor.
 */
unsigned int msinfo_probe(const struct msinfo_plan *plan, struct msinfo_cmd *cmd)
{
	const struct msinfo_profile_info *info = plan_profile(plan);
	unsigned int step = MSINFO_STEP_DISC_INFO;
	u32 param = 0;

	if (plan->error || !plan->facts.have_profile || plan->facts.no_medium ||
	    !info || info->kind == MSINFO_KIND_RANDOM)
		return MSINFO_STEP_DONE;
	if (info->kind == MSINFO_KIND_SEQUENTIAL && plan->facts.disc_status != 2) {
		step = MSINFO_STEP_TRACK_LAST;
		param = plan->facts.last_in_last;
	}
	if (!step_done(plan, step))
		return MSINFO_STEP_DONE;
	if (cmd)
		build_cmd(cmd, step, param);
	return step;
}

/* ---- reply parsers ---- */

/*
 * The usable length of a reply: what was received, what was asked for, and
 * what its own length field (of field_size bytes, counting from after it)
 * claims, whichever is least.
 */
static u32 reply_len(const struct msinfo_plan *plan, const u8 *buf, u32 len,
		     unsigned int field_size)
{
	u32 n = min_t(u32, len, plan->alloc_len);
	u32 claimed;

	if (!buf || n < field_size)
		return 0;
	claimed = field_size == 4 ? get_unaligned_be32(buf) : get_unaligned_be16(buf);
	if (claimed > n - field_size)
		return n;
	return claimed + field_size;
}

static int parse_config(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;
	u32 n = reply_len(plan, buf, len, 4);
	u32 pos;

	if (n < MIN_CONFIG)
		return bad_reply(plan, "length");
	f->profile = get_unaligned_be16(&buf[6]);
	f->have_profile = true;
	/*
	 * No current profile: no medium, or one the drive is still
	 * identifying.  READ DISC INFORMATION, sent next anyway, tells which.
	 */
	if (!f->profile)
		return 0;
	/* Feature descriptors; one cut short by the allocation is ignored. */
	for (pos = MIN_CONFIG; pos + 4 <= n; pos += 4 + buf[pos + 3]) {
		const u8 *d = &buf[pos];
		u16 code = get_unaligned_be16(d);
		u32 dlen = 4 + d[3];
		bool cur = d[2] & 0x01;

		if (pos + dlen > n || !cur)
			continue;
		if (code == FEAT_RANDOM_READABLE && dlen >= 10)
			f->rr_blocking = get_unaligned_be16(&d[8]);
		else if (code == FEAT_RANDOM_WRITABLE && dlen >= 14)
			f->rw_blocking = get_unaligned_be16(&d[12]);
		else if (code == FEAT_BD_R_POW)
			f->pow = true;
	}
	if (!msinfo_profile_lookup(f->profile)) {
		plan->error = -EMEDIUMTYPE;
		snprintf(plan->error_reason, sizeof(plan->error_reason),
			 "unsupported_profile: 0x%04x", f->profile);
		return plan->error;
	}
	return 0;
}

static int parse_disc_info(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	const struct msinfo_profile_info *info = plan_profile(plan);
	struct msinfo_facts *f = &plan->facts;
	u32 n = reply_len(plan, buf, len, 2);

	if (n < MIN_DISC_INFO)
		return bad_reply(plan, "length");
	if (buf[2] & 0xe0)
		return bad_reply(plan, "data type");
	f->disc_status = buf[2] & 0x03;
	f->last_state = (buf[2] >> 2) & 0x03;
	f->first_track = buf[3];
	f->sessions = buf[9] << 8 | buf[4];
	f->first_in_last = buf[10] << 8 | buf[5];
	f->last_in_last = buf[11] << 8 | buf[6];
	f->bg_format = buf[7] & 0x03;

	if (info->kind == MSINFO_KIND_RANDOM)
		return 0;	/* no sessions to follow */
	if (info->kind == MSINFO_KIND_SEQUENTIAL && f->disc_status == 3)
		return bad_reply(plan, "disc status");
	/* Every session before the last holds at least one track. */
	if (!f->sessions || !f->first_track || f->first_track > f->first_in_last ||
	    f->first_in_last > f->last_in_last ||
	    f->sessions - 1 > f->first_in_last - f->first_track)
		return bad_reply(plan, "track numbers");
	return 0;
}

static int parse_track_info(struct msinfo_plan *plan, const u8 *buf, u32 len,
			    struct msinfo_track *t)
{
	u32 n = reply_len(plan, buf, len, 2);

	if (n < MIN_TRACK_INFO)
		return bad_reply(plan, "length");
	memset(t, 0, sizeof(*t));
	t->number = buf[2];
	t->session = buf[3];
	if (n >= 34) {
		t->number |= buf[32] << 8;
		t->session |= buf[33] << 8;
	}
	t->damage = buf[5] & 0x20;
	t->data = buf[5] & 0x04;
	t->blank = buf[6] & 0x40;
	t->nwa_valid = buf[7] & 0x01;
	t->lra_valid = n >= 32 && (buf[7] & 0x02);
	t->start = get_unaligned_be32(&buf[8]);
	if (t->nwa_valid)
		t->nwa = get_unaligned_be32(&buf[12]);
	t->free = get_unaligned_be32(&buf[16]);
	t->size = get_unaligned_be32(&buf[24]);
	if (t->lra_valid)
		t->lra = get_unaligned_be32(&buf[28]);

	if (plan->step == MSINFO_STEP_SESSION_FIRST) {
		if (t->session != plan->param)
			return bad_reply(plan, "session number");
	} else if (t->number != plan->param) {
		return bad_reply(plan, "track number");
	}
	if ((u64)t->start + t->size > 0xffffffffULL)
		return bad_reply(plan, "track size");
	if (t->nwa_valid && (t->nwa < t->start || t->nwa > t->start + t->size))
		return bad_reply(plan, "next writable address");
	/* Some drives set LRA_V on blank tracks: an LRA must lie before the NWA. */
	if (t->lra_valid && (t->lra < t->start || t->lra >= t->start + t->size ||
			     (t->nwa_valid && t->lra >= t->nwa))) {
		t->lra_valid = false;
		t->lra = 0;
	}
	return 0;
}

/* An MSF address of the program area as an LBA; false if malformed. */
static bool msf_to_lba(u8 m, u8 s, u8 f, u32 *lba)
{
	u32 v;

	if (s >= 60 || f >= 75 || m >= 90)
		return false;
	v = ((u32)m * 60 + s) * 75 + f;
	if (v < 150)
		return false;
	*lba = v - 150;
	return true;
}

/* A TOC reply about session: forget what an earlier one said of another. */
static void toc_describe(struct msinfo_facts *f, u16 session)
{
	if (f->toc_session != session) {
		f->toc_has_leadout = false;
		f->toc_leadout = 0;
	}
	f->toc_session = session;
	f->toc_has_start = false;
	f->toc_start = 0;
	f->toc_first_track = 0;
}

static int parse_toc_full(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;
	u32 n = reply_len(plan, buf, len, 2);
	u16 session;
	u32 pos, lba;
	bool found_a0 = false;

	if (n < MIN_TOC)
		return bad_reply(plan, "length");
	if (!buf[3] || buf[2] > buf[3])
		return bad_reply(plan, "session numbers");
	session = plan->param ? plan->param : buf[3];
	toc_describe(f, session);
	f->toc_sessions = buf[3];
	f->toc_data = false;

	for (pos = MIN_TOC; pos + TOC_FULL_DESC <= n; pos += TOC_FULL_DESC) {
		const u8 *d = &buf[pos];
		u8 adr = d[1] >> 4, point = d[3];

		if (adr != 1 || d[2] != 0)
			continue;	/* only mode-1 Q of the lead-in */
		if (point >= 1 && point <= 99) {
			if (!msf_to_lba(d[8], d[9], d[10], &lba))
				return bad_reply(plan, "address");
			if (d[1] & 0x04)
				f->toc_data = true;
			if (point > f->toc_tracks)
				f->toc_tracks = point;
		}
		if (d[0] != session)
			continue;
		if (point == 0xa0) {
			if (d[8] < 1 || d[8] > 99)
				return bad_reply(plan, "first track");
			f->toc_first_track = d[8];
			found_a0 = true;
		} else if (point == 0xa2) {
			if (!msf_to_lba(d[8], d[9], d[10], &lba))
				return bad_reply(plan, "address");
			f->toc_leadout = lba;
			f->toc_has_leadout = true;
		}
	}
	if (!found_a0)
		return 1;	/* the session is not in the TOC we got */
	for (pos = MIN_TOC; pos + TOC_FULL_DESC <= n; pos += TOC_FULL_DESC) {
		const u8 *d = &buf[pos];

		if (d[0] == session && d[1] >> 4 == 1 && d[2] == 0 &&
		    d[3] == f->toc_first_track &&
		    msf_to_lba(d[8], d[9], d[10], &f->toc_start)) {
			f->toc_has_start = true;
			break;
		}
	}
	if (f->toc_has_start && f->toc_has_leadout && f->toc_leadout <= f->toc_start)
		return bad_reply(plan, "lead-out");
	return f->toc_has_start ? 0 : 1;
}

static int parse_toc_session(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;
	u32 n = reply_len(plan, buf, len, 2);

	if (n < AL_TOC_SESSION)
		return bad_reply(plan, "length");
	if (!buf[3] || buf[2] > buf[3] || !buf[6])
		return bad_reply(plan, "session numbers");
	if (plan->param && buf[3] != plan->param)
		return 1;	/* about another session than the one asked */
	toc_describe(f, buf[3]);
	f->toc_sessions = buf[3];
	f->toc_first_track = buf[6];
	/* at least as many tracks as that number says */
	if (buf[6] > f->toc_tracks)
		f->toc_tracks = buf[6];
	f->toc_start = get_unaligned_be32(&buf[8]);
	f->toc_has_start = true;
	return 0;
}

static int parse_toc_tracks(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;
	u32 n = reply_len(plan, buf, len, 2);
	u32 pos;

	if (n < MIN_TOC + TOC_TRACK_DESC)
		return bad_reply(plan, "length");
	if (!buf[2] || buf[2] > buf[3])
		return bad_reply(plan, "track numbers");
	/* Format 0 knows no sessions: its lead-out ends the last one. */
	toc_describe(f, f->sessions);
	f->toc_tracks = buf[3];
	for (pos = MIN_TOC; pos + TOC_TRACK_DESC <= n; pos += TOC_TRACK_DESC) {
		const u8 *d = &buf[pos];

		if (d[2] == plan->param && plan->param) {
			f->toc_first_track = d[2];
			f->toc_start = get_unaligned_be32(&d[4]);
			f->toc_has_start = true;
		} else if (d[2] == TOC_LEADOUT) {
			f->toc_leadout = get_unaligned_be32(&d[4]);
			f->toc_has_leadout = true;
		}
	}
	if (f->toc_has_start && f->toc_has_leadout && f->toc_leadout <= f->toc_start)
		return bad_reply(plan, "lead-out");
	return f->toc_has_start || f->toc_has_leadout ? 0 : 1;
}

static int parse_capacity(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	u32 n = min_t(u32, len, plan->alloc_len);
	u32 last;

	if (!buf || n < AL_CAPACITY)
		return bad_reply(plan, "length");
	last = get_unaligned_be32(buf);
	if (last == 0xffffffff)
		return bad_reply(plan, "last block");
	plan->facts.capacity = last + 1;
	return 0;
}

static int parse_formats(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;
	u32 n = min_t(u32, len, plan->alloc_len);

	if (!buf || n < MIN_FORMATS || buf[3] < 8)
		return bad_reply(plan, "length");
	f->format_type = buf[8] & 0x03;
	if (!f->format_type)
		return bad_reply(plan, "descriptor type");
	f->format_blocks = get_unaligned_be32(&buf[4]);
	if (f->format_type == 2 && !f->format_blocks)
		return bad_reply(plan, "number of blocks");
	return 0;
}

/* A primary volume descriptor at LBA 16 makes an ISO 9660 volume. */
static int parse_iso_pvd(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	u32 n = min_t(u32, len, plan->alloc_len);
	u32 size;

	if (!buf || n < ISO_BLOCK)
		return bad_reply(plan, "length");
	plan->facts.iso_blocks = 0;
	if (buf[0] != 1 || memcmp(&buf[1], "CD001", 5) || buf[6] != 1)
		return 0;
	size = get_unaligned_le32(&buf[80]);
	if (size != get_unaligned_be32(&buf[84]) ||
	    get_unaligned_le16(&buf[128]) != ISO_BLOCK ||
	    get_unaligned_be16(&buf[130]) != ISO_BLOCK)
		return 0;
	plan->facts.iso_blocks = size;
	return 0;
}

static int parse_reply(struct msinfo_plan *plan, const u8 *buf, u32 len)
{
	struct msinfo_facts *f = &plan->facts;

	switch (plan->step) {
	case MSINFO_STEP_GET_CONFIG:
		return parse_config(plan, buf, len);
	case MSINFO_STEP_DISC_INFO:
		return parse_disc_info(plan, buf, len);
	case MSINFO_STEP_TRACK_LAST:
		return parse_track_info(plan, buf, len, &f->last);
	case MSINFO_STEP_SESSION_FIRST:
	case MSINFO_STEP_TRACK_FIRST:
		return parse_track_info(plan, buf, len, &f->first);
	case MSINFO_STEP_TRACK_END:
		return parse_track_info(plan, buf, len, &f->end);
	case MSINFO_STEP_TRACK_OPEN:
		return parse_track_info(plan, buf, len, &f->open);
	case MSINFO_STEP_TOC_FULL:
		return parse_toc_full(plan, buf, len);
	case MSINFO_STEP_TOC_SESSION:
		return parse_toc_session(plan, buf, len);
	case MSINFO_STEP_TOC_TRACKS:
		return parse_toc_tracks(plan, buf, len);
	case MSINFO_STEP_CAPACITY:
		return parse_capacity(plan, buf, len);
	case MSINFO_STEP_FORMATS:
		return parse_formats(plan, buf, len);
	case MSINFO_STEP_ISO_PVD:
		return parse_iso_pvd(plan, buf, len);
	}
	return bad_reply(plan, "unexpected");
}

/*
 * Replies that are well-formed one by one may still contradict each other:
 * the previous session must end where it starts or later, and before the
 * next writable address.
 */
static int check_addresses(struct msinfo_plan *plan)
{
	const struct msinfo_profile_info *info = plan_profile(plan);
	const struct msinfo_facts *f = &plan->facts;
	bool rom = info->kind == MSINFO_KIND_ROM;
	struct msinfo_prev prev;
	bool have_start, have_end;
	u64 start = 0, end = 0;

	if (info->kind == MSINFO_KIND_RANDOM)
		return 0;
	msinfo_find_prev(plan, rom, &prev);
	have_start = prev_start(plan, &prev, &start);
	have_end = prev_end(plan, &prev, &end);
	if (have_start && have_end && start > end)
		return bad_reply(plan, "session addresses");
	if (!rom && step_done(plan, MSINFO_STEP_TRACK_LAST) && f->last.nwa_valid &&
	    ((have_start && start >= f->last.nwa) || (have_end && end >= f->last.nwa)))
		return bad_reply(plan, "session addresses");
	/* an open session lies after the previous one and up to the NWA */
	if (open_start(plan, &prev, &start) &&
	    ((have_end && start <= end) ||
	     (f->last.nwa_valid && start > f->last.nwa)))
		return bad_reply(plan, "session addresses");
	return 0;
}

/* Steps that may be refused by the drive: the plan finds another way. */
static bool may_refuse(const struct msinfo_plan *plan, enum msinfo_status status)
{
	const struct msinfo_profile_info *info = plan_profile(plan);

	switch (plan->step) {
	case MSINFO_STEP_DISC_INFO:
		/* MMC-1 CD-ROM drives: the TOC is enough */
		return status == MSINFO_ST_ILLEGAL_REQUEST && info &&
		       info->kind == MSINFO_KIND_ROM && info->family == MSINFO_FAMILY_CD;
	case MSINFO_STEP_ISO_PVD:
		/* a blank or unreadable block 16: no ISO 9660 volume */
		return status == MSINFO_ST_ILLEGAL_REQUEST || status == MSINFO_ST_MEDIUM_ERROR;
	case MSINFO_STEP_GET_CONFIG:
	case MSINFO_STEP_TRACK_LAST:
		return false;
	default:
		return status == MSINFO_ST_ILLEGAL_REQUEST;
	}
}

int msinfo_plan_feed(struct msinfo_plan *plan, enum msinfo_status status,
		     const u8 *buf, u32 len)
{
	u16 bit;
	int ret;

	if (plan->error)
		return plan->error;
	if (plan->step >= MSINFO_STEP_COUNT || plan->finished)
		return plan_fail(plan, -EINVAL, "bad_plan", "no command sent");
	bit = STEP_BIT(plan->step);
	if ((plan->done | plan->refused) & bit)
		return plan_fail(plan, -EINVAL, "bad_plan", "reply fed twice");

	switch (status) {
	case MSINFO_ST_GOOD:
		/* A disc there without a current profile: still identified. */
		if (plan->step == MSINFO_STEP_DISC_INFO &&
		    plan->facts.have_profile && !plan->facts.profile)
			return plan_state(plan, -EAGAIN, "becoming_ready");
		ret = parse_reply(plan, buf, len);
		if (ret < 0)
			return ret;
		if (ret > 0) {
			plan->refused |= bit;
			return 0;
		}
		plan->done |= bit;
		return plan->facts.have_profile && plan_profile(plan) ? check_addresses(plan) : 0;
	case MSINFO_ST_NO_MEDIUM:
		plan->facts.no_medium = true;
		plan->done |= bit;
		return 0;
	/* The drive's state, not the command's fault: no command named. */
	case MSINFO_ST_BECOMING_READY:
		return plan_state(plan, -EAGAIN, "becoming_ready");
	case MSINFO_ST_NOT_READY:
		return plan_state(plan, -EAGAIN, "not_ready");
	case MSINFO_ST_MEDIA_CHANGED:
		return plan_state(plan, -ESTALE, "media_changed");
	default:
		break;
	}
	if (may_refuse(plan, status)) {
		plan->refused |= bit;
		return 0;
	}
	switch (status) {
	case MSINFO_ST_ILLEGAL_REQUEST:
		return plan_fail(plan, -EOPNOTSUPP, "illegal_request", NULL);
	case MSINFO_ST_MEDIUM_ERROR:
		return plan_fail(plan, -EIO, "medium_error", NULL);
	case MSINFO_ST_HARDWARE_ERROR:
		return plan_fail(plan, -EIO, "hardware_error", NULL);
	default:
		return plan_fail(plan, -EIO, "io_error", NULL);
	}
}

/* ---- derivation ---- */

static void set_value(struct cdrom_msinfo_type_info *ti, u32 bit, u64 value)
{
	ti->valid |= bit;
	switch (bit) {
	case CDROM_MSINFO_V_FIRST_DATA_SESSION:
		ti->first_data_session = value;
		break;
	case CDROM_MSINFO_V_PREV_SESSION_START:
		ti->prev_session_start = value;
		break;
	case CDROM_MSINFO_V_PREV_SESSION_LAST:
		ti->prev_session_last_written = value;
		break;
	case CDROM_MSINFO_V_NEXT_WRITABLE:
		ti->next_writable = value;
		break;
	case CDROM_MSINFO_V_FREE_SECTORS:
		ti->free_sectors = value;
		break;
	case CDROM_MSINFO_V_LAST_WRITTEN:
		ti->last_written = value;
		break;
	case CDROM_MSINFO_V_TOTAL_SECTORS:
		ti->total_sectors = value;
		break;
	case CDROM_MSINFO_V_WRITE_UNIT_SIZE:
		ti->write_unit_size = value;
		break;
	}
}

static u32 write_unit(const struct msinfo_facts *f, const struct msinfo_profile_info *info)
{
	if (f->rr_blocking)
		return f->rr_blocking;
	if (f->rw_blocking)
		return f->rw_blocking;
	return info->write_unit;
}

/*
 * Whether no data track exists yet: the session to be written would be the
 * first data session.  On CD the full TOC tells of the complete sessions,
 * READ TRACK INFORMATION of the open session's first and last track; with
 * further closed tracks in an open session the answer is unknown.
 */
static bool cd_first_data(const struct msinfo_plan *plan, const struct msinfo_prev *prev,
			  bool *first)
{
	const struct msinfo_facts *f = &plan->facts;

	bool open_read = step_done(plan, MSINFO_STEP_TRACK_OPEN) &&
			 f->open.number == prev->open_first;

	if ((step_done(plan, MSINFO_STEP_TOC_FULL) && f->toc_data) ||
	    (last_track_written(plan) && f->last.data) || (open_read && f->open.data)) {
		*first = false;
		return true;
	}
	if (prev->session && !step_done(plan, MSINFO_STEP_TOC_FULL))
		return false;
	/* closed tracks of the open session, after its first, are not read */
	if (prev->open_data && f->first_in_last < f->last_in_last &&
	    (!open_read || prev->recorded > f->first_in_last))
		return false;
	*first = true;
	return true;
}

static void derive_sessions(const struct msinfo_plan *plan,
			    const struct msinfo_profile_info *info,
			    struct msinfo_state *state)
{
	const struct msinfo_facts *f = &plan->facts;
	struct cdrom_msinfo_type_info *seq = &state->type[CDROM_MSINFO_TYPE_SEQUENTIAL];
	struct cdrom_msinfo_type_info *pow = &state->type[CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE];
	bool rom = info->kind == MSINFO_KIND_ROM;
	bool have_last = step_done(plan, MSINFO_STEP_TRACK_LAST);
	bool appendable, writable, first, have_start, have_end;
	struct msinfo_prev prev;
	u64 start, end;

	msinfo_find_prev(plan, rom, &prev);
	have_start = prev_start(plan, &prev, &start);
	have_end = prev_end(plan, &prev, &end);

	if (!step_done(plan, MSINFO_STEP_DISC_INFO)) {
		/* CD-ROM without disc information: what the TOC says */
		state->media_state = CDROM_MSINFO_MEDIA_COMPLETE;
		state->last_session = CDROM_MSINFO_SESSION_COMPLETE;
		state->sessions = f->toc_sessions;
		state->tracks = f->toc_tracks;
		if (f->toc_has_start)
			set_value(seq, CDROM_MSINFO_V_PREV_SESSION_START, f->toc_start);
		if (f->toc_has_start && f->toc_has_leadout)
			set_value(seq, CDROM_MSINFO_V_PREV_SESSION_LAST, f->toc_leadout - 1);
		return;
	}

	state->last_session = rom ? CDROM_MSINFO_SESSION_COMPLETE : f->last_state;
	state->sessions = prev.session + prev.open_data;
	state->tracks = prev.recorded ? prev.recorded - f->first_track + 1 : 0;
	if (rom || f->disc_status == 2)
		state->media_state = CDROM_MSINFO_MEDIA_COMPLETE;
	else if (f->disc_status == 1 && state->sessions)
		state->media_state = CDROM_MSINFO_MEDIA_APPENDABLE;
	else
		state->media_state = CDROM_MSINFO_MEDIA_BLANK;

	if (have_start)
		set_value(seq, CDROM_MSINFO_V_PREV_SESSION_START, start);
	if (have_end)
		set_value(seq, CDROM_MSINFO_V_PREV_SESSION_LAST, end);
	if (rom)
		return;

	set_value(seq, CDROM_MSINFO_V_WRITE_UNIT_SIZE, write_unit(f, info));
	writable = f->disc_status != 2 && f->last_state != CDROM_MSINFO_SESSION_DAMAGED;
	if (f->disc_status == 2)
		set_value(seq, CDROM_MSINFO_V_FREE_SECTORS, 0);
	else if (have_last)
		set_value(seq, CDROM_MSINFO_V_FREE_SECTORS, f->last.free);
	if (writable && have_last && f->last.nwa_valid)
		set_value(seq, CDROM_MSINFO_V_NEXT_WRITABLE, f->last.nwa);
	if (writable) {
		if (!state->sessions)
			set_value(seq, CDROM_MSINFO_V_FIRST_DATA_SESSION, 1);
		else if (info->family != MSINFO_FAMILY_CD)
			set_value(seq, CDROM_MSINFO_V_FIRST_DATA_SESSION, 0);
		else if (cd_first_data(plan, &prev, &first))
			set_value(seq, CDROM_MSINFO_V_FIRST_DATA_SESSION, first);
	}

	/* IMultisessionSequential: appendable media holding data */
	appendable = f->disc_status == 1 && writable && state->sessions &&
		     (seq->valid & CDROM_MSINFO_V_NEXT_WRITABLE);
	if (!appendable)
		return;
	state->types_supported |= TYPE_SEQ;
	if (msinfo_start(plan, &prev, &state->msinfo_start)) {
		state->msinfo_valid = true;
		state->msinfo_next = f->last.nwa;
	}

	if (!(state->flags & MSINFO_SF_POW))
		return;
	/* Pseudo-overwrite: the recorded area may be rewritten in place. */
	state->types_supported |= TYPE_POW;
	if (last_track_written(plan))
		have_end = track_end(&f->last, true, &end);
	else if (prev.open_data)
		have_end = false;
	if (have_end)
		set_value(pow, CDROM_MSINFO_V_LAST_WRITTEN, end);
	set_value(pow, CDROM_MSINFO_V_NEXT_WRITABLE, f->last.nwa);
	set_value(pow, CDROM_MSINFO_V_TOTAL_SECTORS, (u64)f->last.start + f->last.size);
	set_value(pow, CDROM_MSINFO_V_WRITE_UNIT_SIZE, write_unit(f, info));
}

static void derive_random(const struct msinfo_plan *plan,
			  const struct msinfo_profile_info *info,
			  struct msinfo_state *state)
{
	const struct msinfo_facts *f = &plan->facts;
	struct cdrom_msinfo_type_info *rw = &state->type[CDROM_MSINFO_TYPE_RANDOM_WRITE];
	bool formatted;
	u32 unit, align;

	switch (info->format_check) {
	case MSINFO_FMT_BG_STATUS:
		formatted = f->bg_format != 0;
		break;
	case MSINFO_FMT_CAPACITIES:
		formatted = !(step_done(plan, MSINFO_STEP_FORMATS) && f->format_type == 1);
		break;
	default:
		formatted = true;
		break;
	}

	state->last_session = f->last_state;
	state->sessions = f->sessions;
	state->tracks = f->last_in_last;
	state->types_supported = TYPE_RW;
	unit = write_unit(f, info);
	set_value(rw, CDROM_MSINFO_V_WRITE_UNIT_SIZE, unit);
	if (!formatted) {
		state->media_state = CDROM_MSINFO_MEDIA_BLANK;
		return;
	}
	state->flags |= MSINFO_SF_FORMATTED;
	state->media_state = CDROM_MSINFO_MEDIA_OVERWRITABLE;
	if (step_done(plan, MSINFO_STEP_FORMATS) && f->format_type == 2)
		set_value(rw, CDROM_MSINFO_V_TOTAL_SECTORS, f->format_blocks);
	else if (step_done(plan, MSINFO_STEP_CAPACITY))
		set_value(rw, CDROM_MSINFO_V_TOTAL_SECTORS, f->capacity);

	if (!step_done(plan, MSINFO_STEP_ISO_PVD) || !f->iso_blocks)
		return;
	/* Emulated multisession: one growing ISO 9660 volume from LBA 0. */
	state->flags |= MSINFO_SF_ISO_VOLUME;
	set_value(rw, CDROM_MSINFO_V_LAST_WRITTEN, (u64)f->iso_blocks - 1);
	state->msinfo_valid = true;
	state->msinfo_start = 0;
	align = unit > EMULATED_ALIGN ? unit : EMULATED_ALIGN;
	/* 32-bit divisions: the sum may not fit in 32 bits */
	state->msinfo_next = ((u64)(f->iso_blocks / align) +
			      !!(f->iso_blocks % align)) * align;
}

static void state_unknown(struct msinfo_state *state)
{
	memset(state, 0, sizeof(*state));
	state->media_state = CDROM_MSINFO_MEDIA_UNKNOWN;
	state->auto_type = CDROM_MSINFO_TYPE_NONE;
}

int msinfo_derive(const struct msinfo_plan *plan, struct msinfo_state *state)
{
	const struct msinfo_profile_info *info;
	const struct msinfo_facts *f = &plan->facts;
	u32 t;

	state_unknown(state);
	state->commands = plan->sent;
	if (plan->error)
		return plan->error;
	if (!plan->finished)
		return -EINPROGRESS;
	if (f->no_medium) {
		state->media_state = CDROM_MSINFO_MEDIA_NONE;
		return 0;
	}
	info = plan_profile(plan);
	if (!info)
		return -EMEDIUMTYPE;	/* not reached: the plan refused it */

	state->profile = f->profile;
	if (f->profile == PROFILE_BD_R_SRM && f->pow)
		state->flags |= MSINFO_SF_POW;
	if (info->kind == MSINFO_KIND_RANDOM)
		derive_random(plan, info, state);
	else
		derive_sessions(plan, info, state);

	for (t = 0; t < MSINFO_TYPE_COUNT; t++) {
		if (state->types_supported & CDROM_MSINFO_TYPE_BIT(t)) {
			state->type[t].supported = 1;
			if (state->auto_type == CDROM_MSINFO_TYPE_NONE)
				state->auto_type = t;
		}
	}
	msinfo_set_in_use(state, CDROM_MSINFO_TYPE_NONE);
	return 0;
}

void msinfo_set_in_use(struct msinfo_state *state, u32 type)
{
	u32 t;

	if (type == CDROM_MSINFO_TYPE_NONE)
		type = state->auto_type;
	for (t = 0; t < MSINFO_TYPE_COUNT; t++)
		state->type[t].in_use = t == type;
}

int msinfo_check_type(const struct msinfo_state *state, u32 type)
{
	const struct msinfo_profile_info *info;

	if (type != CDROM_MSINFO_TYPE_NONE && type >= MSINFO_TYPE_COUNT)
		return -EINVAL;
	if (state->media_state == CDROM_MSINFO_MEDIA_NONE)
		return -ENOMEDIUM;
	if (state->media_state == CDROM_MSINFO_MEDIA_UNKNOWN)
		return -EIO;
	info = msinfo_profile_lookup(state->profile);
	if (!info || info->kind == MSINFO_KIND_ROM)
		return -EMEDIUMTYPE;
	if (!state->types_supported) {
		if (state->media_state == CDROM_MSINFO_MEDIA_BLANK)
			return -ENODATA;
		if (state->media_state == CDROM_MSINFO_MEDIA_COMPLETE ||
		    state->last_session == CDROM_MSINFO_SESSION_DAMAGED)
			return -EROFS;
		return -EOPNOTSUPP;
	}
	if (type == CDROM_MSINFO_TYPE_NONE)
		return 0;
	if (!(state->types_supported & CDROM_MSINFO_TYPE_BIT(type)))
		return -EOPNOTSUPP;
	return 0;
}

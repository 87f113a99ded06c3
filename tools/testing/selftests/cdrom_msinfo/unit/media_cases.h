/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every profile and state the pure core knows, as a medium (what the drive
 * reports, see tmedium.h) and the values a refresh must derive from it.
 * The addresses follow real media: a CD-R's first session of 300 blocks
 * written TAO ends with 2 run-out blocks at 302, and the drive puts the
 * next session's NWA 11400 blocks later (lead-out 6750, lead-in 4500,
 * pre-gap 150); later sessions cost 6900.
 *
 * tcases[] lists them for the unit tests and the fuzzer's seed generator.
 */
#ifndef _MEDIA_CASES_H
#define _MEDIA_CASES_H

#include "tmedium.h"

struct tvals {
	u32 valid;
	u64 fds, pss, psl, nwa, free, lw, total, wu;
};

struct texpect {
	int err;
	const char *log;	/* the commands sent, see tm_refresh() */
	const char *profile;	/* msinfo_state_profile_name() */
	u32 media, last, sessions, tracks, types, flags;
	int auto1;		/* auto_type + 1, 0 for none */
	bool msv;
	u64 ms_start, ms_next;
	struct tvals seq, rw, pow;
	/* msinfo_check_type() of sequential, random_write, pseudo_overwrite, auto */
	int check[4];
};

struct tcase {
	const char *name;
	struct tmedium m;
	struct texpect e;
};

#define FDS	CDROM_MSINFO_V_FIRST_DATA_SESSION
#define PSS	CDROM_MSINFO_V_PREV_SESSION_START
#define PSL	CDROM_MSINFO_V_PREV_SESSION_LAST
#define NWA	CDROM_MSINFO_V_NEXT_WRITABLE
#define FREE	CDROM_MSINFO_V_FREE_SECTORS
#define LW	CDROM_MSINFO_V_LAST_WRITTEN
#define TOT	CDROM_MSINFO_V_TOTAL_SECTORS
#define WU	CDROM_MSINFO_V_WRITE_UNIT_SIZE

#define T_SEQ	CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_SEQUENTIAL)
#define T_RW	CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_RANDOM_WRITE)
#define T_POW	CDROM_MSINFO_TYPE_BIT(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE)
#define AUTO_SEQ	(CDROM_MSINFO_TYPE_SEQUENTIAL + 1)
#define AUTO_RW		(CDROM_MSINFO_TYPE_RANDOM_WRITE + 1)

#define M_NONE		CDROM_MSINFO_MEDIA_NONE
#define M_BLANK		CDROM_MSINFO_MEDIA_BLANK
#define M_APPEND	CDROM_MSINFO_MEDIA_APPENDABLE
#define M_COMPLETE	CDROM_MSINFO_MEDIA_COMPLETE
#define M_OVERWRITE	CDROM_MSINFO_MEDIA_OVERWRITABLE
#define M_UNKNOWN	CDROM_MSINFO_MEDIA_UNKNOWN
#define L_EMPTY		CDROM_MSINFO_SESSION_EMPTY
#define L_INCOMPLETE	CDROM_MSINFO_SESSION_INCOMPLETE
#define L_DAMAGED	CDROM_MSINFO_SESSION_DAMAGED
#define L_COMPLETE	CDROM_MSINFO_SESSION_COMPLETE

/* check_type() answers of the usual cases */
#define CHK_SEQ_OK	{ 0, -EOPNOTSUPP, -EOPNOTSUPP, 0 }
#define CHK_POW_OK	{ 0, -EOPNOTSUPP, 0, 0 }
#define CHK_RW_OK	{ -EOPNOTSUPP, 0, -EOPNOTSUPP, 0 }
#define CHK_ALL_EIO		{ -EIO, -EIO, -EIO, -EIO }
#define CHK_ALL_EMEDIUMTYPE	{ -EMEDIUMTYPE, -EMEDIUMTYPE, -EMEDIUMTYPE, -EMEDIUMTYPE }
#define CHK_ALL_ENODATA		{ -ENODATA, -ENODATA, -ENODATA, -ENODATA }
#define CHK_ALL_ENOMEDIUM	{ -ENOMEDIUM, -ENOMEDIUM, -ENOMEDIUM, -ENOMEDIUM }
#define CHK_ALL_EROFS		{ -EROFS, -EROFS, -EROFS, -EROFS }

/* the blank invisible track: n free blocks, written next at lba */
#define INVIS(s, lba, n) { .session = s, .start = lba, .size = n, .invisible = true }
#define DATA(s, lba, n)	 { .session = s, .start = lba, .size = n, .data = true }
#define AUDIO(s, lba, n) { .session = s, .start = lba, .size = n }

/* ---- CD ---- */

static const struct tcase case_cd_r_blank = {
	.name = "cd_r_blank",
	.m = { .profile = 0x0009, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 359849) } },
	.e = { .log = "46 51 52t1", .profile = "cd-r", .media = M_BLANK, .last = L_EMPTY,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 359849,
			.wu = 1 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_cd_r_appendable = {
	.name = "cd_r_appendable",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 302), INVIS(2, 11702, 348147) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 11702,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 301, .nwa = 11702, .free = 348147, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_cd_rw_appendable_2 = {
	.name = "cd_rw_appendable_2",
	.m = { .profile = 0x000a, .rr_blocking = 1, .ds = 1, .ls = 0, .sessions = 3,
	       .first_track = 1, .first_in_last = 3, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 302), DATA(2, 11702, 2002), INVIS(3, 20604, 300000) },
	       .toc_sessions = 2 },
	.e = { .log = "46 51 52t3 43f2", .profile = "cd-rw", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 2, .tracks = 2, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 11702, .ms_next = 20604,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 11702,
			.psl = 13703, .nwa = 20604, .free = 300000, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_cd_r_complete = {
	.name = "cd_r_complete",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 2, .ls = 3, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 302), DATA(2, 11702, 2002) }, .toc_sessions = 2 },
	.e = { .log = "46 51 43f2", .profile = "cd-r", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 2,
	       .seq = { .valid = PSS | PSL | FREE | WU, .pss = 11702, .psl = 13703, .free = 0,
			.wu = 1 },
	       .check = CHK_ALL_EROFS },
};

/* CD-Extra before its data session: three audio tracks, then room */
static const struct tcase case_cd_r_audio_first = {
	.name = "cd_r_audio_first",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 4, .last_in_last = 4, .ntracks = 4,
	       .t = { AUDIO(1, 0, 15000), AUDIO(1, 15000, 15000), AUDIO(1, 30000, 20000),
		      INVIS(2, 61400, 250000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t4 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 3, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 61400,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 1, .pss = 0,
			.psl = 49999, .nwa = 61400, .free = 250000, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

/*
 * Two TAO tracks in a session that was never closed (cdrecord -nofix): no
 * complete session, but data; msinfo starts at the open session.
 */
static const struct tcase case_cd_r_open_session = {
	.name = "cd_r_open_session",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 1, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 1002), DATA(1, 1152, 502), INVIS(1, 1804, 300000) } },
	.e = { .log = "46 51 52t3 52t1", .profile = "cd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 1, .tracks = 2, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 1804,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 0, .nwa = 1804, .free = 300000,
			.wu = 1 },
	       .check = CHK_SEQ_OK },
};

/*
 * Audio session closed, then an open session with a closed (audio) track
 * (cdrecord -nofix): msinfo starts at the last complete session, which
 * READ TOC/PMA/ATIP format 1 and the full TOC name; the next track goes
 * to the open session's NWA.
 */
static const struct tcase case_cd_r_open_audio = {
	.name = "cd_r_open_audio",
	.m = { .profile = 0x0009, .ds = 1, .ls = 1, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 3, .ntracks = 3,
	       .t = { AUDIO(1, 0, 20000), AUDIO(2, 31400, 3000), INVIS(2, 34550, 200000) },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t3 52t2 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 2, .tracks = 2, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 34550,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 1, .pss = 0,
			.psl = 19999, .nwa = 34550, .free = 200000, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

/*
 * The simulator's cd-r.incomplete: a closed session, then an open one with
 * an incomplete track.  No TOC lists an open track: cdrskin and wodim print
 * 0,11900 and CDROMMULTISESSION says 0.  The open session still counts in
 * sessions and tracks, as xorriso -toc counts it.
 */
static const struct tcase case_cd_r_incomplete = {
	.name = "cd_r_incomplete",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 1, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 300),
		      { .session = 2, .start = 11700, .size = 347949 - 11700 + 200,
			.nwa = 11900, .nwa_v = true, .free = 347949 - 11700, .data = true } },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 2, .tracks = 2, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 11900,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 299, .nwa = 11900, .free = 347949 - 11700, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

/*
 * As cd-r.incomplete, but a closed track precedes the incomplete one in the
 * open session: the session has no lead-in yet, so no TOC lists it, and
 * msinfo starts at the last complete session.
 */
static const struct tcase case_cd_r_incomplete_2 = {
	.name = "cd_r_incomplete_2",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 1, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 300), DATA(2, 11700, 502),
		      { .session = 2, .start = 12352, .size = 347497, .nwa = 12552,
			.nwa_v = true, .free = 347297, .data = true } },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t3 52t2 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 2, .tracks = 3, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 12552,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 299, .nwa = 12552, .free = 347297, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

/* Packet writing: the open track's NWA lies inside it */
static const struct tcase case_cd_rw_open_track = {
	.name = "cd_rw_open_track",
	.m = { .profile = 0x000a, .rr_blocking = 1, .ds = 1, .ls = 1, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { { .session = 1, .start = 0, .size = 295000, .nwa = 5000, .nwa_v = true,
			.free = 290000, .data = true } } },
	.e = { .log = "46 51 52t1", .profile = "cd-rw", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 1, .tracks = 1, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 5000,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 0, .nwa = 5000, .free = 290000,
			.wu = 1 },
	       .check = CHK_SEQ_OK },
};

/* A failed second session: values of the first, nothing writable */
static const struct tcase case_cd_r_damaged = {
	.name = "cd_r_damaged",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 2, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 302), { .session = 2, .start = 11702, .size = 1000,
					 .damage = true, .data = true } },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 43f2", .profile = "cd-r", .media = M_APPEND,
	       .last = L_DAMAGED, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL | FREE | WU, .pss = 0, .psl = 301, .free = 0,
			.wu = 1 },
	       .check = CHK_ALL_EROFS },
};

/* What QEMU's scsi-cd reports for a 1000-block ISO */
static const struct tcase case_cd_rom = {
	.name = "cd_rom",
	.m = { .profile = 0x0008, .ds = 2, .ls = 3, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1, .t = { DATA(1, 0, 1000) },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 43f2", .profile = "cd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL, .pss = 0, .psl = 999 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* Enhanced CD pressed: audio, then a data session */
static const struct tcase case_cd_rom_enhanced = {
	.name = "cd_rom_enhanced",
	.m = { .profile = 0x0008, .ds = 2, .ls = 3, .sessions = 2, .first_track = 1,
	       .first_in_last = 3, .last_in_last = 3, .ntracks = 3,
	       .t = { AUDIO(1, 0, 20000), AUDIO(1, 20000, 10000), DATA(2, 41400, 5000) },
	       .toc_sessions = 2 },
	.e = { .log = "46 51 43f2", .profile = "cd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 3,
	       .seq = { .valid = PSS | PSL, .pss = 41400, .psl = 46399 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* An old drive without READ DISC INFORMATION: the full TOC says it all */
static const struct tcase case_cd_rom_no_disc_info = {
	.name = "cd_rom_no_disc_info",
	.m = { .profile = 0x0008, .ds = 2, .ls = 3, .sessions = 2, .first_track = 1,
	       .first_in_last = 3, .last_in_last = 3, .ntracks = 3,
	       .t = { AUDIO(1, 0, 20000), AUDIO(1, 20000, 10000), DATA(2, 41400, 5000) },
	       .toc_sessions = 2, .faults = TM_REFUSE_RDI },
	.e = { .log = "46 51! 43f2", .profile = "cd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 3,
	       .seq = { .valid = PSS | PSL, .pss = 41400, .psl = 46399 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* ... and without the full TOC: format 1, as CDROMMULTISESSION reads it */
static const struct tcase case_cd_rom_session_toc_only = {
	.name = "cd_rom_session_toc_only",
	.m = { .profile = 0x0008, .ds = 2, .ls = 3, .sessions = 2, .first_track = 1,
	       .first_in_last = 3, .last_in_last = 3, .ntracks = 3,
	       .t = { AUDIO(1, 0, 20000), AUDIO(1, 20000, 10000), DATA(2, 41400, 5000) },
	       .toc_sessions = 2, .faults = TM_REFUSE_RDI | TM_REFUSE_TOC_FULL },
	.e = { .log = "46 51! 43f2! 43f1", .profile = "cd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 3,
	       .seq = { .valid = PSS, .pss = 41400 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

static const struct tcase case_cd_rom_no_full_toc = {
	.name = "cd_rom_no_full_toc",
	.m = { .profile = 0x0008, .ds = 2, .ls = 3, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1, .t = { DATA(1, 0, 1000) },
	       .toc_sessions = 1, .faults = TM_REFUSE_TOC_FULL },
	.e = { .log = "46 51 43f2! 43f1", .profile = "cd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS, .pss = 0 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* A CD-R drive without the full TOC: format 1 and the track's end */
static const struct tcase case_cd_r_no_full_toc = {
	.name = "cd_r_no_full_toc",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 302), INVIS(2, 11702, 348147) }, .toc_sessions = 1,
	       .faults = TM_REFUSE_TOC_FULL },
	.e = { .log = "46 51 52t2 43f2! 43f1 52t1", .profile = "cd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 11702,
	       .seq = { .valid = PSS | PSL | NWA | FREE | WU, .pss = 0, .psl = 301,
			.nwa = 11702, .free = 348147, .wu = 1 },
	       .check = CHK_SEQ_OK },
};

/*
 * The longest plan (found by the fuzzer): an open CD session with closed
 * tracks after a complete session, on a drive refusing the full TOC, format
 * 1, and READ TRACK INFORMATION of closed sessions: 8 commands, the bound.
 * Where the last complete session starts is not known: no msinfo.
 */
static const struct tcase case_cd_r_every_fallback = {
	.name = "cd_r_every_fallback",
	.m = { .profile = 0x0009, .rr_blocking = 1, .ds = 1, .ls = 1, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 302), DATA(2, 11702, 2002), INVIS(2, 13854, 300000) },
	       .toc_sessions = 1,
	       .faults = TM_REFUSE_TOC_FULL | TM_REFUSE_TOC_SESSION | TM_REFUSE_RTI_SESSION |
			 TM_REFUSE_RTI_CLOSED },
	.e = { .log = "46 51 52t3 52t2 43f2! 43f1! 52s1! 52t1!", .profile = "cd-r",
	       .media = M_APPEND, .last = L_INCOMPLETE, .sessions = 2, .tracks = 2,
	       .types = T_SEQ, .auto1 = AUTO_SEQ, .msv = false,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 0, .nwa = 13854, .free = 300000,
			.wu = 1 },
	       .check = CHK_SEQ_OK },
};

/* ---- DVD ---- */

static const struct tcase case_dvd_rom = {
	.name = "dvd_rom",
	.m = { .profile = 0x0010, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { DATA(1, 0, 2000000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t1", .profile = "dvd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL, .pss = 0, .psl = 1999999 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* A DVD-ROM drive without track information: TOC format 0 */
static const struct tcase case_dvd_rom_no_track_info = {
	.name = "dvd_rom_no_track_info",
	.m = { .profile = 0x0010, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { DATA(1, 0, 2000000) }, .toc_sessions = 1, .faults = TM_REFUSE_RTI },
	.e = { .log = "46 51 52t1! 43f0", .profile = "dvd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL, .pss = 0, .psl = 1999999 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* A finalized multisession DVD-R in a DVD-ROM drive */
static const struct tcase case_dvd_rom_multisession = {
	.name = "dvd_rom_multisession",
	.m = { .profile = 0x0010, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 100000), DATA(2, 166000, 5000), DATA(2, 171000, 7000) },
	       .toc_sessions = 2 },
	.e = { .log = "46 51 52t2 52t3", .profile = "dvd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 3,
	       .seq = { .valid = PSS | PSL, .pss = 166000, .psl = 177999 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

static const struct tcase case_dvd_r_blank = {
	.name = "dvd_r_blank",
	.m = { .profile = 0x0011, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 2298496) } },
	.e = { .log = "46 51 52t1", .profile = "dvd-r", .media = M_BLANK, .last = L_EMPTY,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 2298496,
			.wu = 16 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_dvd_r_appendable = {
	.name = "dvd_r_appendable",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 100000), INVIS(2, 166000, 2132496) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "dvd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 166000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 99999, .nwa = 166000, .free = 2132496, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

/* The previous session has two tracks: one more command for its end */
static const struct tcase case_dvd_r_two_track_session = {
	.name = "dvd_r_two_track_session",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 3,
	       .first_track = 1, .first_in_last = 4, .last_in_last = 4, .ntracks = 4,
	       .t = { DATA(1, 0, 100000), DATA(2, 166000, 40000), DATA(2, 206000, 10000),
		      INVIS(3, 282000, 2016496) }, .toc_sessions = 2 },
	.e = { .log = "46 51 52t4 52s2 52t3", .profile = "dvd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 2, .tracks = 3, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 166000, .ms_next = 282000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 166000,
			.psl = 215999, .nwa = 282000, .free = 2016496, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

/* A drive refusing READ TRACK INFORMATION by session: TOC format 1 */
static const struct tcase case_dvd_r_no_session_address = {
	.name = "dvd_r_no_session_address",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 100000), INVIS(2, 166000, 2132496) }, .toc_sessions = 1,
	       .faults = TM_REFUSE_RTI_SESSION },
	.e = { .log = "46 51 52t2 52s1! 43f1 52t1", .profile = "dvd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 166000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 99999, .nwa = 166000, .free = 2132496, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_dvd_r_complete = {
	.name = "dvd_r_complete",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { DATA(1, 0, 100000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t1", .profile = "dvd-r", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL | FREE | WU, .pss = 0, .psl = 99999, .free = 0,
			.wu = 16 },
	       .check = CHK_ALL_EROFS },
};

/* Incremental recording left open: LRA says where the data end */
static const struct tcase case_dvd_r_open_track = {
	.name = "dvd_r_open_track",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 1, .ls = 1, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { { .session = 1, .start = 0, .size = 2298496, .nwa = 40016, .nwa_v = true,
			.free = 2258480, .lra = 40000, .lra_v = true, .data = true } } },
	.e = { .log = "46 51 52t1", .profile = "dvd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 1, .tracks = 1, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 0, .ms_next = 40016,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 0, .nwa = 40016, .free = 2258480,
			.wu = 16 },
	       .check = CHK_SEQ_OK },
};

/* ... after a complete session: msinfo names the open track, prev_* the session */
static const struct tcase case_dvd_r_open_track_2 = {
	.name = "dvd_r_open_track_2",
	.m = { .profile = 0x0011, .rr_blocking = 16, .ds = 1, .ls = 1, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 100000),
		      { .session = 2, .start = 166000, .size = 2132496, .nwa = 170016,
			.nwa_v = true, .free = 2128480, .lra = 170000, .lra_v = true,
			.data = true } },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "dvd-r", .media = M_APPEND,
	       .last = L_INCOMPLETE, .sessions = 2, .tracks = 2, .types = T_SEQ,
	       .auto1 = AUTO_SEQ, .msv = true, .ms_start = 166000, .ms_next = 170016,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 99999, .nwa = 170016, .free = 2128480, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_dvd_rw_seq_appendable = {
	.name = "dvd_rw_seq_appendable",
	.m = { .profile = 0x0014, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 12345), INVIS(2, 78000, 2200000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "dvd-rw", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 78000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 12344, .nwa = 78000, .free = 2200000, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_dvd_r_dl_appendable = {
	.name = "dvd_r_dl_appendable",
	.m = { .profile = 0x0015, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 3000000), INVIS(2, 3066000, 1100000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "dvd-r-dl", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 3066000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 2999999, .nwa = 3066000, .free = 1100000, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_dvd_r_dl_jump_blank = {
	.name = "dvd_r_dl_jump_blank",
	.m = { .profile = 0x0016, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 4171712) } },
	.e = { .log = "46 51 52t1", .profile = "dvd-r-dl-jump", .media = M_BLANK,
	       .last = L_EMPTY,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 4171712,
			.wu = 16 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_dvd_plus_r_blank = {
	.name = "dvd_plus_r_blank",
	.m = { .profile = 0x001b, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 2295104) } },
	.e = { .log = "46 51 52t1", .profile = "dvd+r", .media = M_BLANK, .last = L_EMPTY,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 2295104,
			.wu = 16 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_dvd_plus_r_appendable = {
	.name = "dvd_plus_r_appendable",
	.m = { .profile = 0x001b, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 3,
	       .first_track = 1, .first_in_last = 3, .last_in_last = 3, .ntracks = 3,
	       .t = { DATA(1, 0, 50000), DATA(2, 52128, 7000), INVIS(3, 61248, 2233856) },
	       .toc_sessions = 2 },
	.e = { .log = "46 51 52t3 52s2", .profile = "dvd+r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 2, .tracks = 2, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 52128, .ms_next = 61248,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 52128,
			.psl = 59127, .nwa = 61248, .free = 2233856, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_dvd_plus_r_complete = {
	.name = "dvd_plus_r_complete",
	.m = { .profile = 0x001b, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 50000), DATA(2, 52128, 7000) }, .toc_sessions = 2 },
	.e = { .log = "46 51 52t2", .profile = "dvd+r", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 2, .tracks = 2,
	       .seq = { .valid = PSS | PSL | FREE | WU, .pss = 52128, .psl = 59127, .free = 0,
			.wu = 16 },
	       .check = CHK_ALL_EROFS },
};

static const struct tcase case_dvd_plus_r_dl_appendable = {
	.name = "dvd_plus_r_dl_appendable",
	.m = { .profile = 0x002b, .rr_blocking = 16, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 2500000), INVIS(2, 2502128, 1671424) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "dvd+r-dl", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 2502128,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 2499999, .nwa = 2502128, .free = 1671424, .wu = 16 },
	       .check = CHK_SEQ_OK },
};

/* ---- random-writable ---- */

static const struct tcase case_dvd_plus_rw_unformatted = {
	.name = "dvd_plus_rw_unformatted",
	.m = { .profile = 0x001a, .ds = 0, .ls = 0, .bg = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1 },
	.e = { .log = "46 51", .profile = "dvd+rw", .media = M_BLANK, .last = L_EMPTY,
	       .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .rw = { .valid = WU, .wu = 16 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_dvd_plus_rw_iso = {
	.name = "dvd_plus_rw_iso",
	.m = { .profile = 0x001a, .rr_blocking = 16, .ds = 2, .ls = 3, .bg = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .capacity = 2295104, .iso_blocks = 1000 },
	.e = { .log = "46 51 25 28", .profile = "dvd+rw", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 1008,
	       .rw = { .valid = LW | TOT | WU, .lw = 999, .total = 2295104, .wu = 16 },
	       .check = CHK_RW_OK },
};

/* Background formatting stopped half way: writable all the same */
static const struct tcase case_dvd_plus_rw_partly_formatted = {
	.name = "dvd_plus_rw_partly_formatted",
	.m = { .profile = 0x001a, .rr_blocking = 16, .ds = 2, .ls = 3, .bg = 1, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .capacity = 2295104, .iso_blocks = 1008 },
	.e = { .log = "46 51 25 28", .profile = "dvd+rw", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 1008,
	       .rw = { .valid = LW | TOT | WU, .lw = 1007, .total = 2295104, .wu = 16 },
	       .check = CHK_RW_OK },
};

/* Formatted, block 16 never written: BLANK CHECK means no volume */
static const struct tcase case_dvd_plus_rw_no_iso = {
	.name = "dvd_plus_rw_no_iso",
	.m = { .profile = 0x001a, .rr_blocking = 16, .ds = 2, .ls = 3, .bg = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .capacity = 2295104, .faults = TM_BLANK_PVD },
	.e = { .log = "46 51 25 28!", .profile = "dvd+rw", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED,
	       .rw = { .valid = TOT | WU, .total = 2295104, .wu = 16 },
	       .check = CHK_RW_OK },
};

/* Formatted, zeros at block 16: no volume either */
static const struct tcase case_dvd_plus_rw_zeros = {
	.name = "dvd_plus_rw_zeros",
	.m = { .profile = 0x002a, .rr_blocking = 16, .ds = 2, .ls = 3, .bg = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .capacity = 4173824 },
	.e = { .log = "46 51 25 28", .profile = "dvd+rw-dl", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED,
	       .rw = { .valid = TOT | WU, .total = 4173824, .wu = 16 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_dvd_rw_restricted_overwrite = {
	.name = "dvd_rw_restricted_overwrite",
	.m = { .profile = 0x0013, .rr_blocking = 16, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .fmt_type = 2, .fmt_blocks = 2297888, .iso_blocks = 5000 },
	.e = { .log = "46 51 23 28", .profile = "dvd-rw-ro", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 5008,
	       .rw = { .valid = LW | TOT | WU, .lw = 4999, .total = 2297888, .wu = 16 },
	       .check = CHK_RW_OK },
};

/* A DVD-RW in restricted overwrite mode whose format never completed */
static const struct tcase case_dvd_rw_ro_unformatted = {
	.name = "dvd_rw_ro_unformatted",
	.m = { .profile = 0x0013, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .fmt_type = 1, .fmt_blocks = 2297888 },
	.e = { .log = "46 51 23", .profile = "dvd-rw-ro", .media = M_BLANK, .last = L_EMPTY,
	       .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .rw = { .valid = WU, .wu = 16 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_dvd_ram_iso = {
	.name = "dvd_ram_iso",
	.m = { .profile = 0x0012, .rr_blocking = 16, .rw_blocking = 16, .ds = 3, .ls = 3,
	       .sessions = 1, .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .fmt_type = 2, .fmt_blocks = 2236704, .iso_blocks = 333 },
	.e = { .log = "46 51 23 28", .profile = "dvd-ram", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 336,
	       .rw = { .valid = LW | TOT | WU, .lw = 332, .total = 2236704, .wu = 16 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_dvd_ram_unformatted = {
	.name = "dvd_ram_unformatted",
	.m = { .profile = 0x0012, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .fmt_type = 1, .fmt_blocks = 2236704 },
	.e = { .log = "46 51 23", .profile = "dvd-ram", .media = M_BLANK, .last = L_EMPTY,
	       .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .rw = { .valid = WU, .wu = 16 },
	       .check = CHK_RW_OK },
};

/* ---- BD and HD DVD ---- */

static const struct tcase case_bd_rom = {
	.name = "bd_rom",
	.m = { .profile = 0x0040, .rr_blocking = 32, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { DATA(1, 0, 12219392) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t1", .profile = "bd-rom", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL, .pss = 0, .psl = 12219391 },
	       .check = CHK_ALL_EMEDIUMTYPE },
};

/* Formatted for SRM, nothing written: appendable to the drive, blank to us */
static const struct tcase case_bd_r_srm_blank = {
	.name = "bd_r_srm_blank",
	.m = { .profile = 0x0041, .ds = 1, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 12219392) } },
	.e = { .log = "46 51 52t1", .profile = "bd-r-srm", .media = M_BLANK,
	       .last = L_EMPTY,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 12219392,
			.wu = 32 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_bd_r_srm_appendable = {
	.name = "bd_r_srm_appendable",
	.m = { .profile = 0x0041, .rr_blocking = 32, .ds = 1, .ls = 0, .sessions = 2,
	       .first_track = 1, .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 500000), INVIS(2, 500064, 11719328) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "bd-r-srm", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 500064,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 499999, .nwa = 500064, .free = 11719328, .wu = 32 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_bd_r_srm_complete = {
	.name = "bd_r_srm_complete",
	.m = { .profile = 0x0041, .rr_blocking = 32, .ds = 2, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { DATA(1, 0, 500000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t1", .profile = "bd-r-srm", .media = M_COMPLETE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1,
	       .seq = { .valid = PSS | PSL | FREE | WU, .pss = 0, .psl = 499999, .free = 0,
			.wu = 32 },
	       .check = CHK_ALL_EROFS },
};

static const struct tcase case_bd_r_pow_appendable = {
	.name = "bd_r_pow_appendable",
	.m = { .profile = 0x0041, .pow = true, .rr_blocking = 32, .ds = 1, .ls = 0,
	       .sessions = 2, .first_track = 1, .first_in_last = 2, .last_in_last = 2,
	       .ntracks = 2, .t = { DATA(1, 0, 500000), INVIS(2, 500064, 11719328) },
	       .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "bd-r-pow", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ | T_POW,
	       .auto1 = AUTO_SEQ, .flags = MSINFO_SF_POW,
	       .msv = true, .ms_start = 0, .ms_next = 500064,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 499999, .nwa = 500064, .free = 11719328, .wu = 32 },
	       .pow = { .valid = LW | NWA | TOT | WU, .lw = 499999, .nwa = 500064,
			.total = 12219392, .wu = 32 },
	       .check = CHK_POW_OK },
};

static const struct tcase case_bd_r_pow_blank = {
	.name = "bd_r_pow_blank",
	.m = { .profile = 0x0041, .pow = true, .ds = 1, .ls = 0, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .ntracks = 1,
	       .t = { INVIS(1, 0, 12219392) } },
	.e = { .log = "46 51 52t1", .profile = "bd-r-pow", .media = M_BLANK,
	       .last = L_EMPTY, .flags = MSINFO_SF_POW,
	       .seq = { .valid = FDS | NWA | FREE | WU, .fds = 1, .nwa = 0, .free = 12219392,
			.wu = 32 },
	       .check = CHK_ALL_ENODATA },
};

static const struct tcase case_bd_r_rrm_iso = {
	.name = "bd_r_rrm_iso",
	.m = { .profile = 0x0042, .rr_blocking = 32, .ds = 1, .ls = 1, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .fmt_type = 2, .fmt_blocks = 11826176, .iso_blocks = 70001 },
	.e = { .log = "46 51 23 28", .profile = "bd-r-rrm", .media = M_OVERWRITE,
	       .last = L_INCOMPLETE, .sessions = 1, .tracks = 1, .types = T_RW,
	       .auto1 = AUTO_RW, .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 70016,
	       .rw = { .valid = LW | TOT | WU, .lw = 70000, .total = 11826176, .wu = 32 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_bd_re_unformatted = {
	.name = "bd_re_unformatted",
	.m = { .profile = 0x0043, .ds = 0, .ls = 0, .sessions = 1, .first_track = 1,
	       .first_in_last = 1, .last_in_last = 1, .fmt_type = 1, .fmt_blocks = 12219392 },
	.e = { .log = "46 51 23", .profile = "bd-re", .media = M_BLANK, .last = L_EMPTY,
	       .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .rw = { .valid = WU, .wu = 32 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_bd_re_iso = {
	.name = "bd_re_iso",
	.m = { .profile = 0x0043, .rr_blocking = 32, .ds = 3, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .fmt_type = 2,
	       .fmt_blocks = 11826176, .iso_blocks = 100001 },
	.e = { .log = "46 51 23 28", .profile = "bd-re", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 100032,
	       .rw = { .valid = LW | TOT | WU, .lw = 100000, .total = 11826176, .wu = 32 },
	       .check = CHK_RW_OK },
};

/* A drive refusing READ FORMAT CAPACITIES: formatted, READ CAPACITY */
static const struct tcase case_bd_re_no_formats = {
	.name = "bd_re_no_formats",
	.m = { .profile = 0x0043, .rr_blocking = 32, .ds = 3, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1,
	       .capacity = 11826176, .iso_blocks = 16, .faults = TM_REFUSE_FORMATS },
	.e = { .log = "46 51 23! 25 28", .profile = "bd-re", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 32,
	       .rw = { .valid = LW | TOT | WU, .lw = 15, .total = 11826176, .wu = 32 },
	       .check = CHK_RW_OK },
};

static const struct tcase case_hd_dvd_r_appendable = {
	.name = "hd_dvd_r_appendable",
	.m = { .profile = 0x0051, .ds = 1, .ls = 0, .sessions = 2, .first_track = 1,
	       .first_in_last = 2, .last_in_last = 2, .ntracks = 2,
	       .t = { DATA(1, 0, 80000), INVIS(2, 146000, 7000000) }, .toc_sessions = 1 },
	.e = { .log = "46 51 52t2 52s1", .profile = "hd-dvd-r", .media = M_APPEND,
	       .last = L_EMPTY, .sessions = 1, .tracks = 1, .types = T_SEQ, .auto1 = AUTO_SEQ,
	       .msv = true, .ms_start = 0, .ms_next = 146000,
	       .seq = { .valid = FDS | PSS | PSL | NWA | FREE | WU, .fds = 0, .pss = 0,
			.psl = 79999, .nwa = 146000, .free = 7000000, .wu = 32 },
	       .check = CHK_SEQ_OK },
};

static const struct tcase case_hd_dvd_ram_iso = {
	.name = "hd_dvd_ram_iso",
	.m = { .profile = 0x0052, .rr_blocking = 32, .ds = 3, .ls = 3, .sessions = 1,
	       .first_track = 1, .first_in_last = 1, .last_in_last = 1, .fmt_type = 2,
	       .fmt_blocks = 9000000, .iso_blocks = 30 },
	.e = { .log = "46 51 23 28", .profile = "hd-dvd-ram", .media = M_OVERWRITE,
	       .last = L_COMPLETE, .sessions = 1, .tracks = 1, .types = T_RW, .auto1 = AUTO_RW,
	       .flags = MSINFO_SF_FORMATTED | MSINFO_SF_ISO_VOLUME,
	       .msv = true, .ms_start = 0, .ms_next = 32,
	       .rw = { .valid = LW | TOT | WU, .lw = 29, .total = 9000000, .wu = 32 },
	       .check = CHK_RW_OK },
};

/* ---- no medium, not ready, unknown media ---- */

static const struct tcase case_no_medium_sense = {
	.name = "no_medium_sense",
	.m = { .profile = 0x0009, .faults = TM_NO_MEDIUM_SENSE },
	.e = { .log = "46", .media = M_NONE, .check = { -ENOMEDIUM, -ENOMEDIUM, -ENOMEDIUM,
							 -ENOMEDIUM } },
};

/* Profile 0 is no medium only once READ DISC INFORMATION says 02/3Ah. */
static const struct tcase case_no_medium_profile = {
	.name = "no_medium_profile",
	.m = { .profile = 0x0000 },
	.e = { .log = "46 51", .media = M_NONE, .check = CHK_ALL_ENOMEDIUM },
};

/* Profile 0 while a loaded disc is identified: not ready, not "none". */
static const struct tcase case_identifying = {
	.name = "identifying",
	.m = { .profile = 0x0000, .faults = TM_IDENTIFYING, .ds = 1 },
	.e = { .err = -EAGAIN, .log = "46 51", .media = M_UNKNOWN, .check = CHK_ALL_EIO },
};

static const struct tcase case_becoming_ready = {
	.name = "becoming_ready",
	.m = { .profile = 0x0009, .faults = TM_NOT_READY },
	.e = { .err = -EAGAIN, .log = "46", .media = M_UNKNOWN, .check = CHK_ALL_EIO },
};

static const struct tcase case_unknown_profile = {
	.name = "unknown_profile",
	.m = { .profile = 0x0002 },
	.e = { .err = -EMEDIUMTYPE, .log = "46", .media = M_UNKNOWN, .check = CHK_ALL_EIO },
};

/* Every case, for the tests that go through all of them. */
static const struct tcase * const tcases[] = {
	&case_cd_r_blank,
	&case_cd_r_appendable,
	&case_cd_rw_appendable_2,
	&case_cd_r_complete,
	&case_cd_r_audio_first,
	&case_cd_r_open_session,
	&case_cd_r_open_audio,
	&case_cd_r_incomplete,
	&case_cd_r_incomplete_2,
	&case_cd_rw_open_track,
	&case_cd_r_damaged,
	&case_cd_rom,
	&case_cd_rom_enhanced,
	&case_cd_rom_no_disc_info,
	&case_cd_rom_session_toc_only,
	&case_cd_rom_no_full_toc,
	&case_cd_r_no_full_toc,
	&case_cd_r_every_fallback,
	&case_dvd_rom,
	&case_dvd_rom_no_track_info,
	&case_dvd_rom_multisession,
	&case_dvd_r_blank,
	&case_dvd_r_appendable,
	&case_dvd_r_two_track_session,
	&case_dvd_r_no_session_address,
	&case_dvd_r_complete,
	&case_dvd_r_open_track,
	&case_dvd_r_open_track_2,
	&case_dvd_rw_seq_appendable,
	&case_dvd_r_dl_appendable,
	&case_dvd_r_dl_jump_blank,
	&case_dvd_plus_r_blank,
	&case_dvd_plus_r_appendable,
	&case_dvd_plus_r_complete,
	&case_dvd_plus_r_dl_appendable,
	&case_dvd_plus_rw_unformatted,
	&case_dvd_plus_rw_iso,
	&case_dvd_plus_rw_partly_formatted,
	&case_dvd_plus_rw_no_iso,
	&case_dvd_plus_rw_zeros,
	&case_dvd_rw_restricted_overwrite,
	&case_dvd_rw_ro_unformatted,
	&case_dvd_ram_iso,
	&case_dvd_ram_unformatted,
	&case_bd_rom,
	&case_bd_r_srm_blank,
	&case_bd_r_srm_appendable,
	&case_bd_r_srm_complete,
	&case_bd_r_pow_appendable,
	&case_bd_r_pow_blank,
	&case_bd_r_rrm_iso,
	&case_bd_re_unformatted,
	&case_bd_re_iso,
	&case_bd_re_no_formats,
	&case_hd_dvd_r_appendable,
	&case_hd_dvd_ram_iso,
	&case_no_medium_sense,
	&case_no_medium_profile,
	&case_identifying,
	&case_becoming_ready,
	&case_unknown_profile,
};

#endif /* _MEDIA_CASES_H */

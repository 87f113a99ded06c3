/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A medium described by its MMC-visible facts, and a drive that answers the
 * commands of a refresh from it, byte by byte in the layouts of MMC-6:
 * GET CONFIGURATION, READ DISC INFORMATION, READ TRACK INFORMATION,
 * READ TOC/PMA/ATIP formats 0, 1 and 2, READ CAPACITY, READ FORMAT
 * CAPACITIES and READ(10).  Shared by the unit tests and by the generator
 * of the fuzzer's seed corpus.
 */
#ifndef _TMEDIUM_H
#define _TMEDIUM_H

#include <stdio.h>
#include <string.h>

#include "msinfo_derive.h"

#define TM_MAX_TRACKS	8

struct tm_track {
	unsigned int session;
	unsigned int start, size, nwa, free, lra;
	bool nwa_v, lra_v, blank, data, damage;
	bool invisible;		/* blank, NWA at start, size blocks free */
};

/* Faults, per command. */
#define TM_REFUSE_RDI		0x001	/* READ DISC INFORMATION: ILLEGAL REQUEST */
#define TM_REFUSE_RTI		0x002	/* every READ TRACK INFORMATION */
#define TM_REFUSE_RTI_SESSION	0x004	/* READ TRACK INFORMATION by session */
#define TM_REFUSE_TOC_FULL	0x008	/* READ TOC format 2 */
#define TM_REFUSE_TOC_SESSION	0x010
#define TM_REFUSE_TOC_TRACKS	0x020
#define TM_REFUSE_FORMATS	0x040
#define TM_REFUSE_CAPACITY	0x080
#define TM_BLANK_PVD		0x100	/* READ(10): BLANK CHECK */
#define TM_NO_MEDIUM_SENSE	0x200	/* every command: 02/3A */
#define TM_NOT_READY		0x400	/* every command: 02/04/01 */
#define TM_REFUSE_RTI_CLOSED	0x800	/* READ TRACK INFORMATION of a closed session's track */
/* Profile 0 with a disc the drive is identifying: other commands answer. */
#define TM_IDENTIFYING		0x1000

struct tmedium {
	unsigned int profile;
	bool pow;
	unsigned int rr_blocking, rw_blocking;	/* 0: feature not current */
	unsigned int ds, ls, bg;
	unsigned int sessions, first_track, first_in_last, last_in_last;
	unsigned int ntracks;
	struct tm_track t[TM_MAX_TRACKS];	/* t[0] is track first_track */
	unsigned int toc_sessions;		/* complete sessions in the TOC */
	unsigned int capacity;			/* READ CAPACITY: last LBA + 1 */
	unsigned int fmt_type, fmt_blocks;
	unsigned int iso_blocks;		/* 0: no volume descriptor */
	unsigned int faults;
};

/* What a drive did with one command. */
struct tm_reply {
	enum msinfo_status status;
	unsigned int len;
	u8 buf[MSINFO_REPLY_MAX];
};

static inline void tm_be16(u8 *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static inline void tm_be32(u8 *p, unsigned int v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static inline void tm_msf(u8 *p, unsigned int lba)
{
	lba += 150;
	p[0] = lba / (60 * 75);
	p[1] = lba / 75 % 60;
	p[2] = lba % 75;
}

static inline const struct tm_track *tm_track(const struct tmedium *m, unsigned int n)
{
	if (n < m->first_track || n - m->first_track >= m->ntracks)
		return NULL;
	return &m->t[n - m->first_track];
}

static inline unsigned int tm_len(const struct tmedium *m, unsigned int len,
				  const struct msinfo_cmd *cmd)
{
	(void)m;
	return len < cmd->alloc_len ? len : cmd->alloc_len;
}

static inline void tm_config(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf;
	unsigned int pos = 8;

	tm_be16(&b[6], m->profile);
	/* Profile List: the current profile, and CD-ROM as a second one */
	tm_be16(&b[pos], 0x0000);
	b[pos + 2] = 0x03;
	b[pos + 3] = 8;
	tm_be16(&b[pos + 4], m->profile);
	b[pos + 6] = 1;
	tm_be16(&b[pos + 8], 0x0008);
	b[pos + 10] = m->profile == 0x0008;
	pos += 12;
	/* Core, not of interest: must be skipped */
	tm_be16(&b[pos], 0x0001);
	b[pos + 2] = 0x0b;
	b[pos + 3] = 8;
	pos += 12;
	/* Random Readable, a non-current copy first: must be ignored */
	tm_be16(&b[pos], 0x0010);
	b[pos + 2] = 0x00;
	b[pos + 3] = 8;
	tm_be16(&b[pos + 8], 99);
	pos += 12;
	if (m->rr_blocking) {
		tm_be16(&b[pos], 0x0010);
		b[pos + 2] = 0x01;
		b[pos + 3] = 8;
		tm_be32(&b[pos + 4], 2048);
		tm_be16(&b[pos + 8], m->rr_blocking);
		pos += 12;
	}
	if (m->rw_blocking) {
		tm_be16(&b[pos], 0x0020);
		b[pos + 2] = 0x05;
		b[pos + 3] = 12;
		tm_be32(&b[pos + 8], 2048);
		tm_be16(&b[pos + 12], m->rw_blocking);
		pos += 16;
	}
	if (m->pow) {
		tm_be16(&b[pos], 0x0038);
		b[pos + 2] = 0x01;
		b[pos + 3] = 0;
		pos += 4;
	}
	tm_be32(b, pos - 4);
	r->len = pos;
}

static inline void tm_disc_info(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf;

	tm_be16(b, 32);
	b[2] = m->ls << 2 | m->ds;
	b[3] = m->first_track;
	b[4] = m->sessions & 0xff;
	b[5] = m->first_in_last & 0xff;
	b[6] = m->last_in_last & 0xff;
	b[7] = 0x20 | m->bg;
	b[9] = m->sessions >> 8;
	b[10] = m->first_in_last >> 8;
	b[11] = m->last_in_last >> 8;
	r->len = 34;
}

static inline void tm_track_info(const struct tmedium *m, unsigned int n,
				 const struct tm_track *t, struct tm_reply *r)
{
	u8 *b = r->buf;

	(void)m;
	tm_be16(b, 46);
	b[2] = n & 0xff;
	b[3] = t->session & 0xff;
	b[5] = (t->damage ? 0x20 : 0) | (t->data ? 0x04 : 0x00);
	b[6] = (t->blank || t->invisible ? 0x40 : 0) | 0x01;
	b[7] = (t->lra_v ? 0x02 : 0) | (t->nwa_v || t->invisible ? 0x01 : 0);
	tm_be32(&b[8], t->start);
	tm_be32(&b[12], t->invisible ? t->start : t->nwa_v ? t->nwa : 0);
	tm_be32(&b[16], t->invisible ? t->size : t->free);
	tm_be32(&b[20], 0);
	tm_be32(&b[24], t->size);
	tm_be32(&b[28], t->lra_v ? t->lra : 0);
	b[32] = n >> 8;
	b[33] = t->session >> 8;
	r->len = 48;
}

/* Returns false for ILLEGAL REQUEST. */
static inline bool tm_rti(const struct tmedium *m, const struct msinfo_cmd *cmd,
			  struct tm_reply *r)
{
	unsigned int type = cmd->cdb[1] & 3, n, i;
	const struct tm_track *t;

	n = (unsigned int)cmd->cdb[2] << 24 | cmd->cdb[3] << 16 | cmd->cdb[4] << 8 | cmd->cdb[5];
	if (m->faults & TM_REFUSE_RTI)
		return false;
	if (type == 1) {
		t = tm_track(m, n);
		if (!t)
			return false;
		if ((m->faults & TM_REFUSE_RTI_CLOSED) && t->session < m->sessions)
			return false;
		tm_track_info(m, n, t, r);
		return true;
	}
	if (type == 2 && !(m->faults & TM_REFUSE_RTI_SESSION)) {
		for (i = 0; i < m->ntracks; i++) {
			if (m->t[i].session == n) {
				tm_track_info(m, m->first_track + i, &m->t[i], r);
				return true;
			}
		}
	}
	return false;
}

static inline unsigned int tm_session_end(const struct tmedium *m, unsigned int s)
{
	unsigned int i, end = 0;

	for (i = 0; i < m->ntracks; i++)
		if (m->t[i].session == s)
			end = m->t[i].start + m->t[i].size;
	return end;
}

static inline unsigned int tm_full_desc(u8 *d, unsigned int s, unsigned int ctl,
					unsigned int point, unsigned int p1, unsigned int p2,
					unsigned int p3)
{
	d[0] = s;
	d[1] = 0x10 | ctl;
	d[2] = 0;
	d[3] = point;
	d[8] = p1;
	d[9] = p2;
	d[10] = p3;
	return 11;
}

static inline void tm_toc_full(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf, msf[3];
	unsigned int pos = 4, s, i, first, last, ctl;

	b[2] = 1;
	b[3] = m->toc_sessions;
	for (s = 1; s <= m->toc_sessions; s++) {
		first = 0;
		last = 0;
		ctl = 0;
		for (i = 0; i < m->ntracks; i++) {
			if (m->t[i].session != s)
				continue;
			if (!first)
				first = m->first_track + i;
			last = m->first_track + i;
			ctl = m->t[i].data ? 4 : 0;
		}
		pos += tm_full_desc(&b[pos], s, ctl, 0xa0, first, 0, 0);
		pos += tm_full_desc(&b[pos], s, ctl, 0xa1, last, 0, 0);
		tm_msf(msf, tm_session_end(m, s));
		pos += tm_full_desc(&b[pos], s, ctl, 0xa2, msf[0], msf[1], msf[2]);
		for (i = 0; i < m->ntracks; i++) {
			if (m->t[i].session != s)
				continue;
			tm_msf(msf, m->t[i].start);
			pos += tm_full_desc(&b[pos], s, m->t[i].data ? 4 : 0,
					    m->first_track + i, msf[0], msf[1], msf[2]);
		}
		/* B0 of a multisession disc: mode-5 Q, to be skipped */
		b[pos] = s;
		b[pos + 1] = 0x50;
		b[pos + 3] = 0xb0;
		pos += 11;
	}
	tm_be16(b, pos - 2);
	r->len = pos;
}

static inline bool tm_toc_session(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf;
	unsigned int i;

	for (i = 0; i < m->ntracks; i++) {
		if (m->t[i].session == m->toc_sessions) {
			tm_be16(b, 10);
			b[2] = 1;
			b[3] = m->toc_sessions;
			b[5] = 0x10 | (m->t[i].data ? 4 : 0);
			b[6] = m->first_track + i;
			tm_be32(&b[8], m->t[i].start);
			r->len = 12;
			return true;
		}
	}
	return false;
}

static inline void tm_toc_tracks(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf;
	unsigned int pos = 4, i, last = 0;

	for (i = 0; i < m->ntracks; i++) {
		if (m->t[i].session > m->toc_sessions)
			continue;
		b[pos + 1] = 0x10 | (m->t[i].data ? 4 : 0);
		b[pos + 2] = m->first_track + i;
		tm_be32(&b[pos + 4], m->t[i].start);
		last = m->first_track + i;
		pos += 8;
	}
	b[pos + 1] = 0x14;
	b[pos + 2] = 0xaa;
	tm_be32(&b[pos + 4], tm_session_end(m, m->toc_sessions));
	pos += 8;
	tm_be16(b, pos - 2);
	b[2] = m->first_track;
	b[3] = last;
	r->len = pos;
}

static inline void tm_pvd(const struct tmedium *m, struct tm_reply *r)
{
	u8 *b = r->buf;
	unsigned int v = m->iso_blocks;

	r->len = 2048;
	if (!v)
		return;
	b[0] = 1;
	memcpy(&b[1], "CD001", 5);
	b[6] = 1;
	b[80] = v;
	b[81] = v >> 8;
	b[82] = v >> 16;
	b[83] = v >> 24;
	tm_be32(&b[84], v);
	b[128] = 0x00;
	b[129] = 0x08;
	tm_be16(&b[130], 2048);
}

/* Answers one command as the drive holding medium m would. */
static inline void tm_answer(const struct tmedium *m, const struct msinfo_cmd *cmd,
			     struct tm_reply *r)
{
	unsigned int fmt = cmd->cdb[2] & 0x0f;

	memset(r, 0, sizeof(*r));
	r->status = MSINFO_ST_GOOD;
	if (m->faults & TM_NO_MEDIUM_SENSE) {
		r->status = MSINFO_ST_NO_MEDIUM;
		return;
	}
	if (m->faults & TM_NOT_READY) {
		r->status = MSINFO_ST_BECOMING_READY;
		return;
	}
	/* No current profile and no disc: only GET CONFIGURATION answers. */
	if (!m->profile && cmd->cdb[0] != 0x46 && !(m->faults & TM_IDENTIFYING)) {
		r->status = MSINFO_ST_NO_MEDIUM;
		return;
	}
	switch (cmd->cdb[0]) {
	case 0x46:
		tm_config(m, r);
		break;
	case 0x51:
		if (m->faults & TM_REFUSE_RDI)
			goto illegal;
		tm_disc_info(m, r);
		break;
	case 0x52:
		if (!tm_rti(m, cmd, r))
			goto illegal;
		break;
	case 0x43:
		if (fmt == 2 && !(m->faults & TM_REFUSE_TOC_FULL) && m->toc_sessions)
			tm_toc_full(m, r);
		else if (fmt == 1 && !(m->faults & TM_REFUSE_TOC_SESSION) && tm_toc_session(m, r))
			break;
		else if (fmt == 0 && !(m->faults & TM_REFUSE_TOC_TRACKS) && m->toc_sessions)
			tm_toc_tracks(m, r);
		else
			goto illegal;
		break;
	case 0x25:
		if (m->faults & TM_REFUSE_CAPACITY)
			goto illegal;
		tm_be32(r->buf, m->capacity - 1);
		tm_be32(&r->buf[4], 2048);
		r->len = 8;
		break;
	case 0x23:
		if (m->faults & TM_REFUSE_FORMATS)
			goto illegal;
		r->buf[3] = 16;
		tm_be32(&r->buf[4], m->fmt_blocks);
		r->buf[8] = m->fmt_type;
		r->buf[10] = 0x08;
		tm_be32(&r->buf[12], m->fmt_blocks);
		r->buf[16] = 0x26 << 2;
		r->len = 20;
		break;
	case 0x28:
		if (m->faults & TM_BLANK_PVD) {
			r->status = MSINFO_ST_MEDIUM_ERROR;
			return;
		}
		tm_pvd(m, r);
		break;
	default:
		goto illegal;
	}
	r->len = tm_len(m, r->len, cmd);
	return;
illegal:
	memset(r, 0, sizeof(*r));
	r->status = MSINFO_ST_ILLEGAL_REQUEST;
}

/*
 * Runs a refresh against medium m; edit(), if given, sees each reply (and
 * may change it) before it is fed, and returns false to stop there.
 */
typedef bool (*tm_edit_fn)(void *ctx, const struct msinfo_plan *plan,
			   const struct msinfo_cmd *cmd, struct tm_reply *r);

static inline void tm_replay(const struct tmedium *m, struct msinfo_plan *plan,
			     tm_edit_fn edit, void *ctx)
{
	static struct tm_reply r;
	struct msinfo_cmd cmd;

	msinfo_plan_init(plan);
	while (msinfo_plan_next(plan, &cmd)) {
		tm_answer(m, &cmd, &r);
		if (edit && !edit(ctx, plan, &cmd, &r))
			return;
		if (msinfo_plan_feed(plan, r.status, r.buf, r.len))
			return;
	}
}

/*
 * Runs a whole refresh against medium m.  log gets one token per command:
 * "46" GET CONFIGURATION, "51" READ DISC INFORMATION, "52t<n>"/"52s<n>"
 * READ TRACK INFORMATION by track/session, "43f<format>", "25", "23",
 * "28"; with "!" appended when the drive refused it.
 */
static inline int tm_refresh(const struct tmedium *m, struct msinfo_plan *plan,
			     struct msinfo_state *state, char *log, size_t logsize)
{
	static struct tm_reply r;
	struct msinfo_cmd cmd;
	size_t used = 0;
	int err;

	if (log)
		log[0] = 0;
	msinfo_plan_init(plan);
	while (msinfo_plan_next(plan, &cmd)) {
		char tok[24];
		unsigned int n = (unsigned int)cmd.cdb[2] << 24 | cmd.cdb[3] << 16 |
				 cmd.cdb[4] << 8 | cmd.cdb[5];

		tm_answer(m, &cmd, &r);
		if (cmd.cdb[0] == 0x52)
			snprintf(tok, sizeof(tok), "52%c%u", (cmd.cdb[1] & 3) == 2 ? 's' : 't', n);
		else if (cmd.cdb[0] == 0x43)
			snprintf(tok, sizeof(tok), "43f%u", cmd.cdb[2] & 0x0f);
		else
			snprintf(tok, sizeof(tok), "%02x", cmd.cdb[0]);
		if (r.status == MSINFO_ST_ILLEGAL_REQUEST || r.status == MSINFO_ST_MEDIUM_ERROR)
			strcat(tok, "!");
		if (log && used + strlen(tok) + 2 < logsize)
			used += snprintf(log + used, logsize - used, "%s%s", used ? " " : "", tok);
		err = msinfo_plan_feed(plan, r.status, r.buf, r.len);
		if (err)
			break;
	}
	return msinfo_derive(plan, state);
}

#endif /* _TMEDIUM_H */

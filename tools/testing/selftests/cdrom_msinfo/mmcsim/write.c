// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: the write path.
 *
 * WRITE(10)/(12), the track and session commands and the write
 * parameters change the medium model of medium.c; every reply of cmd.c
 * then follows from it. Written blocks are kept in memory, per medium.
 */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_proto.h>

#include "compat.h"
#include "mmcsim.h"

#define SENSE(k, a, q)	(1 << 24 | (k) << 16 | (a) << 8 | (q))
#define ERR_INVALID_OPCODE	SENSE(ILLEGAL_REQUEST, 0x20, 0x00)
#define ERR_LBA_RANGE		SENSE(ILLEGAL_REQUEST, 0x21, 0x00)
#define ERR_WRITE_ADDRESS	SENSE(ILLEGAL_REQUEST, 0x21, 0x02)
#define ERR_INVALID_FIELD	SENSE(ILLEGAL_REQUEST, 0x24, 0x00)
#define ERR_PARAM_FIELD		SENSE(ILLEGAL_REQUEST, 0x26, 0x00)
#define ERR_INCOMPATIBLE_FMT	SENSE(ILLEGAL_REQUEST, 0x30, 0x05)
#define ERR_SEQUENCE		SENSE(ILLEGAL_REQUEST, 0x2c, 0x00)
#define ERR_PROTECTED		SENSE(DATA_PROTECT, 0x27, 0x00)
#define ERR_NOT_FORMATTED	SENSE(MEDIUM_ERROR, 0x30, 0x10)

#define OP_FORMAT_UNIT		0x04
#define OP_SYNC_CACHE		0x35
#define OP_READ_BUFFER_CAP	0x5c
#define OP_RESERVE_TRACK	0x53
#define OP_SEND_OPC		0x54
#define OP_CLOSE		0x5b
#define OP_SEND_CUE_SHEET	0x5d
#define OP_BLANK		0xa1
#define OP_GET_PERFORMANCE	0xac
#define OP_SET_STREAMING	0xb6
#define OP_SET_CD_SPEED		0xbb

/* CD track at once: two run-out blocks end each track */
#define MMCSIM_CD_RUNOUT	2

/* Write Parameters page 05h, as the drive starts: TAO, mode 1 */
void mmcsim_write_params_init(struct mmcsim_drive *d)
{
	u8 *p = d->wparams;

	memset(p, 0, sizeof(d->wparams));
	p[0] = 0x05;
	p[1] = MMCSIM_WPARAMS_LEN - 2;
	p[2] = 0x01;		/* write type: track at once */
	p[3] = 0x04;		/* track mode: data */
	p[4] = 0x08;		/* data block type: mode 1 */
	put_unaligned_be16(150, p + 14);	/* audio pause length */
}

/* MODE SELECT of page 05h: keep what a drive would check */
int mmcsim_write_params_set(struct mmcsim_drive *d, const u8 *page, u32 len)
{
	u8 type = page[2] & 0x0f, block = page[4] & 0x0f;

	if (len < 5)
		return ERR_PARAM_FIELD;
	/* packet, TAO, SAO, raw, layer jump */
	if (type > 4 || (block > 13 && block != 15))
		return ERR_PARAM_FIELD;
	len = min_t(u32, len, MMCSIM_WPARAMS_LEN);
	memcpy(d->wparams + 2, page + 2, len - 2);
	d->wparams[0] = 0x05;
	d->wparams[1] = MMCSIM_WPARAMS_LEN - 2;
	return 0;
}

static bool sequential(const struct mmcsim_medium *m)
{
	return m->profile->kind == MMCSIM_SEQ;
}

static bool cd(const struct mmcsim_medium *m)
{
	return m->profile->family == MMCSIM_CD;
}

static u32 ecc_align(const struct mmcsim_medium *m, u32 lba)
{
	switch (m->profile->family) {
	case MMCSIM_DVD:
		return ALIGN(lba, 16);
	case MMCSIM_BD:
		return ALIGN(lba, 32);
	default:
		return lba;
	}
}

static bool unfinished(const struct mmcsim_track *t)
{
	return t->state == MMCSIM_TRACK_INVISIBLE ||
	       t->state == MMCSIM_TRACK_INCOMPLETE ||
	       t->state == MMCSIM_TRACK_RESERVED;
}

/*
 * Derive what the replies report from the tracks, as the parser does
 * for a description: sizes, addresses, disc and session state.
 */
static void derive(struct mmcsim_medium *m)
{
	struct mmcsim_track *last = &m->tracks[m->nr_tracks - 1];
	unsigned int i, recorded = 0;
	bool open = unfinished(last);
	u32 end = 0;

	m->read_end = 0;
	for (i = 0; i < m->nr_tracks; i++) {
		struct mmcsim_track *t = &m->tracks[i];

		t->number = i + 1;
		switch (t->state) {
		case MMCSIM_TRACK_COMPLETE:
		case MMCSIM_TRACK_DAMAGED:
			t->size = t->length;
			break;
		case MMCSIM_TRACK_RESERVED:
			t->nwa = t->start + t->length;
			t->free = t->size - t->length;
			break;
		default:
			t->nwa = t->start + t->length;
			t->free = m->capacity - min(t->nwa, m->capacity);
			t->size = m->capacity - min(t->start, m->capacity);
			break;
		}
		if (t->length)
			m->read_end = max(m->read_end, t->start + t->length);
		if (t->state != MMCSIM_TRACK_INVISIBLE)
			recorded++;
		if (t->session < last->session)
			end = mmcsim_track_end(t);
	}
	m->nr_sessions = last->session;
	m->nr_closed = open ? last->session - 1 : last->session;
	if (!recorded) {
		m->disc_status = MMCSIM_DISC_BLANK;
		m->session_state = MMCSIM_SESSION_EMPTY;
	} else if (open) {
		m->disc_status = MMCSIM_DISC_APPENDABLE;
		m->session_state = MMCSIM_SESSION_INCOMPLETE;
		if (last->state == MMCSIM_TRACK_INVISIBLE &&
		    (m->nr_tracks == 1 ||
		     m->tracks[m->nr_tracks - 2].session != last->session))
			m->session_state = MMCSIM_SESSION_EMPTY;
	} else {
		m->disc_status = MMCSIM_DISC_COMPLETE;
		m->session_state = MMCSIM_SESSION_COMPLETE;
	}
	if (cd(m) && open)
		m->leadin_next = last->session == 1 ? MMCSIM_CD_ATIP_LEADIN :
				 end + (last->session == 2 ?
					MMCSIM_CD_LEADOUT_FIRST :
					MMCSIM_CD_LEADOUT_NEXT);
}

static int add_invisible(struct mmcsim_medium *m, u8 session, u32 start)
{
	struct mmcsim_track *t;

	if (m->nr_tracks >= MMCSIM_MAX_TRACKS || start >= m->capacity)
		return -ENOSPC;
	t = &m->tracks[m->nr_tracks++];
	if (t->image)		/* of a track blanked away */
		fput(t->image);
	memset(t, 0, sizeof(*t));
	t->session = session;
	t->state = MMCSIM_TRACK_INVISIBLE;
	t->start = start;
	return 0;
}

/* Where the next session's first track starts after one ending at end */
static u32 next_session_start(const struct mmcsim_medium *m, u32 end,
			      u8 session)
{
	if (!cd(m))
		return ecc_align(m, end);
	return end + (session == 2 ? MMCSIM_CD_LEADOUT_FIRST :
		      MMCSIM_CD_LEADOUT_NEXT) +
	       MMCSIM_CD_LEADIN + MMCSIM_CD_PREGAP;
}

static void free_written(struct mmcsim_medium *m, u32 from)
{
	unsigned long idx;
	void *blk;

	xa_for_each_start(&m->written, idx, blk, from) {
		xa_erase(&m->written, idx);
		kfree(blk);
	}
}

/* The written blocks of a medium, freed with it */
void mmcsim_write_free(struct mmcsim_medium *m)
{
	free_written(m, 0);
	xa_destroy(&m->written);
}

/* A written block, or NULL when the block was never written */
const u8 *mmcsim_written(const struct mmcsim_medium *m, u32 lba)
{
	/* xa_load() only reads, under RCU, though it takes no const */
	return xa_load((struct xarray *)&m->written, lba);
}

/* Keep count blocks of the command's data, from block skip on, at lba */
static int store(struct mmcsim_medium *m, struct scsi_cmnd *cmd, u32 skip,
		 u32 lba, u32 count)
{
	u32 i;

	for (i = skip; i < skip + count; i++) {
		u8 *blk = kmalloc(MMCSIM_BLOCK, GFP_KERNEL), *old;

		if (!blk)
			return -ENOMEM;
		sg_pcopy_to_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), blk,
				   MMCSIM_BLOCK, (size_t)i * MMCSIM_BLOCK);
		old = xa_store(&m->written, lba + i - skip, blk, GFP_KERNEL);
		if (xa_is_err(old)) {
			kfree(blk);
			return xa_err(old);
		}
		kfree(old);
	}
	return 0;
}

/* The track a write at lba appends to, on sequential media */
static struct mmcsim_track *append_track(struct mmcsim_medium *m, u32 lba)
{
	unsigned int i;

	for (i = 0; i < m->nr_tracks; i++) {
		struct mmcsim_track *t = &m->tracks[i];

		if (unfinished(t) && t->nwa == lba)
			return t;
	}
	return NULL;
}

static void appended(struct mmcsim_medium *m, struct mmcsim_track *t,
		     u32 count)
{
	if (t->state == MMCSIM_TRACK_INVISIBLE)
		t->state = MMCSIM_TRACK_INCOMPLETE;
	t->length += count;
	derive(m);
}

/*
 * Session at once on CD: after the cue sheet, the writes run in order
 * from the pregap of the first track, 150 blocks before its start; the
 * pregap is not kept.
 */
static int sao_write(struct mmcsim_medium *m, struct scsi_cmnd *cmd,
		     u32 lba, u32 count)
{
	struct mmcsim_track *t = &m->tracks[m->nr_tracks - 1];
	s64 first = (s32)lba, gap;

	if (first != m->sao_next || !unfinished(t))
		return ERR_WRITE_ADDRESS;
	gap = clamp_t(s64, (s64)t->nwa - first, 0, count);
	if (count - gap > t->free)
		return ERR_LBA_RANGE;
	if (store(m, cmd, gap, t->nwa, count - gap))
		return SENSE(HARDWARE_ERROR, 0x44, 0x00);
	m->sao_next += count;
	if (count > gap)
		appended(m, t, count - gap);
	return 0;
}

static bool can_write(const struct mmcsim_drive *d,
		      const struct mmcsim_medium *m)
{
	return d->write_mask & BIT(m->profile - mmcsim_profiles);
}

static int cmd_write(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
		     const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	bool twelve = cdb[0] == WRITE_12;
	u32 lba = get_unaligned_be32(cdb + 2);
	u32 count = twelve ? get_unaligned_be32(cdb + 6) :
			     get_unaligned_be16(cdb + 7);
	struct mmcsim_track *t = NULL;

	if (!can_write(d, m))
		return ERR_INCOMPATIBLE_FMT;
	if (m->write_protect)
		return ERR_PROTECTED;
	if ((u64)count * MMCSIM_BLOCK > scsi_bufflen(cmd))
		return ERR_INVALID_FIELD;
	if (!count)
		return 0;
	if (m->sao_next_valid)
		return sao_write(m, cmd, lba, count);
	if ((u64)lba + count > m->capacity)
		return ERR_LBA_RANGE;
	if (sequential(m)) {
		t = append_track(m, lba);
		if (!t)
			return ERR_WRITE_ADDRESS;
		if (count > t->free)
			return ERR_LBA_RANGE;
	} else if (!m->formatted) {
		return ERR_NOT_FORMATTED;
	}
	if (store(m, cmd, 0, lba, count))
		return SENSE(HARDWARE_ERROR, 0x44, 0x00);
	if (t)
		appended(m, t, count);
	return 0;
}

/* Close the track: CD track at once ends it with its run-out blocks */
static void close_track(struct mmcsim_drive *d, struct mmcsim_medium *m,
			struct mmcsim_track *t)
{
	if (t->state == MMCSIM_TRACK_INVISIBLE ||
	    (t->state == MMCSIM_TRACK_RESERVED && !t->length))
		return;
	if (cd(m) && (d->wparams[2] & 0x0f) == 1)
		t->length += MMCSIM_CD_RUNOUT;
	if (t->state == MMCSIM_TRACK_RESERVED && t->length < t->size)
		t->length = t->size;	/* the drive pads the rest */
	t->state = MMCSIM_TRACK_COMPLETE;
	t->size = t->length;
	/* the session stays open: its next track follows */
	if (t == &m->tracks[m->nr_tracks - 1])
		add_invisible(m, t->session,
			      ecc_align(m, t->start + t->length) +
			      (cd(m) ? MMCSIM_CD_PREGAP : 0));
}

/*
 * Close the last session. CD and DVD-R take another when the write
 * parameters' multi-session field is 11b; DVD+R and BD-R unless the
 * function finalizes the disc.
 */
static void close_session(struct mmcsim_drive *d, struct mmcsim_medium *m,
			  bool finalize)
{
	struct mmcsim_track *last = &m->tracks[m->nr_tracks - 1];
	u16 code = m->profile->code;
	bool plus = code == 0x001b || code == 0x002b || code == 0x0041;
	u8 session = last->session;
	unsigned int i;
	u32 end;

	/* the drive closes the tracks of the session left open */
	for (i = 0; i < m->nr_tracks; i++)
		if (m->tracks[i].session == session &&
		    unfinished(&m->tracks[i]))
			close_track(d, m, &m->tracks[i]);
	last = &m->tracks[m->nr_tracks - 1];
	/* nothing written in this session: it stays empty */
	if (last->state == MMCSIM_TRACK_INVISIBLE &&
	    (m->nr_tracks == 1 || m->tracks[m->nr_tracks - 2].session !=
	     last->session))
		return;
	if (last->state == MMCSIM_TRACK_INVISIBLE)
		m->nr_tracks--;
	last = &m->tracks[m->nr_tracks - 1];
	end = last->start + last->length;
	if (!plus)
		finalize = (d->wparams[3] >> 6) != 3;
	m->appendable = !finalize;
	if (!finalize)
		add_invisible(m, session + 1,
			      next_session_start(m, end, session + 1));
}

static int cmd_close(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	u8 func = cdb[2] & 0x07;
	u16 number = get_unaligned_be16(cdb + 4);

	if (!can_write(d, m))
		return ERR_INCOMPATIBLE_FMT;
	/* overwritable media: a stop of background formatting, nothing */
	if (!sequential(m))
		return 0;
	switch (func) {
	case 1:
		if (!number || number > m->nr_tracks)
			return ERR_INVALID_FIELD;
		close_track(d, m, &m->tracks[number - 1]);
		break;
	case 2:
	case 3:
		close_session(d, m, false);
		break;
	case 5:
	case 6:
		close_session(d, m, true);
		break;
	default:
		return ERR_INVALID_FIELD;
	}
	derive(m);
	return 0;
}

/*
 * SEND CUE SHEET: session at once on a CD. The session is laid out from
 * the NWA, as the drive's own tracks are; writes start at its pregap.
 */
static int cmd_cue_sheet(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	struct mmcsim_track *t = &m->tracks[m->nr_tracks - 1];

	if (!can_write(d, m) || !cd(m) || !sequential(m))
		return ERR_INCOMPATIBLE_FMT;
	if ((d->wparams[2] & 0x0f) != 2 || t->state != MMCSIM_TRACK_INVISIBLE)
		return ERR_SEQUENCE;
	m->sao_next = (s64)t->nwa - MMCSIM_CD_PREGAP;
	m->sao_next_valid = true;
	return 0;
}

/* SYNCHRONIZE CACHE ends a session at once: the drive closes it */
static int cmd_sync_cache(struct mmcsim_drive *d)
{
	struct mmcsim_medium *m = d->medium;

	if (!d->write_mask)
		return ERR_INVALID_OPCODE;
	if (m && m->sao_next_valid) {
		m->sao_next_valid = false;
		close_session(d, m, false);
		derive(m);
	}
	return 0;
}

/* RESERVE TRACK: the invisible track gets a size; the rest follows it */
static int cmd_reserve(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	struct mmcsim_track *t = &m->tracks[m->nr_tracks - 1];
	u32 size = get_unaligned_be32(cdb + 5);

	if (!can_write(d, m) || !sequential(m))
		return ERR_INCOMPATIBLE_FMT;
	if (cdb[1] & 0x01)	/* by address: not offered */
		return ERR_INVALID_FIELD;
	if (t->state != MMCSIM_TRACK_INVISIBLE)
		return ERR_SEQUENCE;
	size = ecc_align(m, size);
	if (!size || size > t->free)
		return ERR_INVALID_FIELD;
	t->state = MMCSIM_TRACK_RESERVED;
	t->size = size;
	add_invisible(m, t->session, ecc_align(m, t->start + size) +
		      (cd(m) ? MMCSIM_CD_PREGAP : 0));
	derive(m);
	return 0;
}

/* BLANK: the whole disc, or its table of contents, back to blank */
static int cmd_blank(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	u8 type = cdb[1] & 0x07;

	if (!can_write(d, m) || !m->profile->erasable || !sequential(m))
		return ERR_INCOMPATIBLE_FMT;
	if (type > 1)
		return ERR_INVALID_FIELD;
	free_written(m, 0);
	m->nr_tracks = 0;
	m->nr_blocks = 0;
	m->appendable = false;
	add_invisible(m, 1, 0);
	derive(m);
	return 0;
}

/* FORMAT UNIT of overwritable media: the whole disc, readable */
static int cmd_format(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	struct mmcsim_track *t = &m->tracks[0];

	if (!can_write(d, m) || sequential(m))
		return ERR_INCOMPATIBLE_FMT;
	if (!(cdb[1] & 0x10))	/* FmtData: a descriptor must come */
		return ERR_INVALID_FIELD;
	m->formatted = true;
	t->state = MMCSIM_TRACK_COMPLETE;
	t->length = m->capacity;
	t->size = m->capacity;
	t->free = 0;
	m->nr_closed = 1;
	m->disc_status = m->profile->formatted_status;
	m->session_state = MMCSIM_SESSION_COMPLETE;
	m->read_end = m->capacity;
	return 0;
}

static int cmd_buffer_capacity(const u8 *cdb, u8 *buf, u32 *len, u32 *alloc)
{
	*alloc = get_unaligned_be16(cdb + 7);
	put_unaligned_be16(10, buf);
	if (cdb[1] & 0x01) {		/* in blocks */
		put_unaligned_be32(1024, buf + 8);
	} else {
		put_unaligned_be32(2048 * 1024, buf + 4);
		put_unaligned_be32(2048 * 1024, buf + 8);
	}
	*len = 12;
	return 0;
}

/* GET PERFORMANCE: one nominal descriptor, or the write speeds */
static int cmd_performance(struct mmcsim_drive *d, const u8 *cdb, u8 *buf,
			   u32 *len, u32 *alloc)
{
	const struct mmcsim_medium *m = d->medium;
	u32 end = m ? m->capacity : 0;
	u32 kbs = m && m->profile->family == MMCSIM_CD ? 7056 : 22160;
	u8 type = cdb[10];

	*alloc = get_unaligned_be16(cdb + 8) * 16 + 8;
	if (type == 0x00) {		/* performance */
		put_unaligned_be32(end, buf + 16);
		put_unaligned_be32(kbs, buf + 12);
		put_unaligned_be32(kbs, buf + 20);
	} else if (type == 0x03) {	/* write speed */
		buf[8] = 0x02;		/* MRW: both */
		put_unaligned_be32(end, buf + 12);
		put_unaligned_be32(kbs, buf + 16);
		put_unaligned_be32(kbs, buf + 20);
	} else {
		*len = 8;
		put_unaligned_be32(4, buf);
		return 0;
	}
	*len = 24;
	put_unaligned_be32(*len - 4, buf);
	return 0;
}

bool mmcsim_write_needs_medium(u8 op)
{
	switch (op) {
	case WRITE_10:
	case WRITE_12:
	case OP_CLOSE:
	case OP_SEND_CUE_SHEET:
	case OP_RESERVE_TRACK:
	case OP_BLANK:
	case OP_FORMAT_UNIT:
		return true;
	default:
		return false;
	}
}

/* The commands of the write path; d->lock is held */
int mmcsim_write_dispatch(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
			  const u8 *cdb, u8 *buf, u32 *len, u32 *alloc)
{
	switch (cdb[0]) {
	case WRITE_10:
	case WRITE_12:
		return cmd_write(d, cmd, cdb);
	case OP_CLOSE:
		return cmd_close(d, cdb);
	case OP_RESERVE_TRACK:
		return cmd_reserve(d, cdb);
	case OP_BLANK:
		return cmd_blank(d, cdb);
	case OP_FORMAT_UNIT:
		return cmd_format(d, cdb);
	case OP_READ_BUFFER_CAP:
		return cmd_buffer_capacity(cdb, buf, len, alloc);
	case OP_GET_PERFORMANCE:
		return cmd_performance(d, cdb, buf, len, alloc);
	case OP_SEND_CUE_SHEET:
		return cmd_cue_sheet(d, cdb);
	case OP_SYNC_CACHE:
		return cmd_sync_cache(d);
	case OP_SEND_OPC:
	case OP_SET_STREAMING:
	case OP_SET_CD_SPEED:
		return d->write_mask ? 0 : ERR_INVALID_OPCODE;
	default:
		return ERR_INVALID_OPCODE;
	}
}

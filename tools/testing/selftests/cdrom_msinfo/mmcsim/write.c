// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: the write path.
 *
 * WRITE(10)/(12), the track and session commands and the write
 * parameters change the medium model of medium.c; every reply of cmd.c
 * then follows from it. Written blocks are kept per medium, in memory or
 * in the medium's backing file.
 */
#include <linux/file.h>
#include <linux/fs.h>
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
#define ERR_NO_SPARE		SENSE(MEDIUM_ERROR, 0x32, 0x00)

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

/* The blank rest of the disc, from start; a full disc has none */
static void add_invisible(struct mmcsim_medium *m, u8 session, u32 start)
{
	if (start < m->capacity)
		mmcsim_add_invisible(m, session, start);
}

/*
 * The written blocks are kept in m->written, by LBA: in memory, or, when
 * the medium has a backing file, in the file at LBA * 2048 with a value
 * entry in m->written that says the block was written.
 */
static void free_written(struct mmcsim_medium *m, u32 from)
{
	unsigned long idx;
	void *blk;

	xa_for_each_start(&m->written, idx, blk, from) {
		xa_erase(&m->written, idx);
		if (!xa_is_value(blk))
			kfree(blk);
	}
}

/*
 * What was written is gone, as after a blank or a format: 0, or the
 * error of the backing file's truncation.
 */
int mmcsim_write_forget(struct mmcsim_medium *m)
{
	free_written(m, 0);
	return m->backing ? vfs_truncate(&m->backing->f_path, 0) : 0;
}

/* The written blocks of a medium, freed with it */
void mmcsim_write_free(struct mmcsim_medium *m)
{
	free_written(m, 0);
	xa_destroy(&m->written);
	if (m->backing)
		fput(m->backing);
	m->backing = NULL;
}

/*
 * Read a written block into buf: 1 when it was written, 0 when it never
 * was, or an error of the backing file.
 */
int mmcsim_written(const struct mmcsim_medium *m, u32 lba, u8 *buf)
{
	/* xa_load() only reads, under RCU, though it takes no const */
	void *blk = xa_load((struct xarray *)&m->written, lba);
	loff_t pos = (loff_t)lba * MMCSIM_BLOCK;
	ssize_t n;

	if (!blk)
		return 0;
	if (!xa_is_value(blk)) {
		memcpy(buf, blk, MMCSIM_BLOCK);
		return 1;
	}
	memset(buf, 0, MMCSIM_BLOCK);
	n = kernel_read(m->backing, buf, MMCSIM_BLOCK, &pos);
	return n < 0 ? n : 1;
}

/*
 * A medium loaded with a backing file: the blocks written before are the
 * file's data (its holes were never written), found with SEEK_DATA and
 * SEEK_HOLE, in the file system's block size.
 */
int mmcsim_write_attach(struct mmcsim_medium *m, struct file *f)
{
	loff_t size = i_size_read(file_inode(f)), data = 0, hole;
	u64 lba, end;
	int ret;

	m->backing = f;
	while (data < size) {
		data = vfs_llseek(f, data, SEEK_DATA);
		if (data == -ENXIO)
			break;
		if (data < 0)
			return data;
		hole = vfs_llseek(f, data, SEEK_HOLE);
		if (hole < 0)
			return hole;
		end = min_t(u64, DIV_ROUND_UP(hole, MMCSIM_BLOCK), U32_MAX);
		for (lba = data / MMCSIM_BLOCK; lba < end; lba++) {
			ret = xa_err(xa_store(&m->written, lba, xa_mk_value(0),
					      GFP_KERNEL));
			if (ret)
				return ret;
		}
		data = hole;
	}
	return 0;
}

/* Keep count blocks of the command's data, from block skip on, at lba */
static int store_file(struct mmcsim_medium *m, struct scsi_cmnd *cmd,
		      u32 skip, u32 lba, u32 count)
{
	u32 chunk = min_t(u32, count, 32), i, n;
	u8 *buf = kmalloc_array(chunk, MMCSIM_BLOCK, GFP_KERNEL);
	loff_t pos = (loff_t)lba * MMCSIM_BLOCK;
	ssize_t w;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (i = 0; i < count && !ret; i += n) {
		n = min(chunk, count - i);
		sg_pcopy_to_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				   (size_t)n * MMCSIM_BLOCK,
				   (size_t)(skip + i) * MMCSIM_BLOCK);
		w = kernel_write(m->backing, buf, (size_t)n * MMCSIM_BLOCK,
				 &pos);
		if (w != (ssize_t)n * MMCSIM_BLOCK)
			ret = w < 0 ? w : -EIO;
	}
	kfree(buf);
	for (i = 0; i < count && !ret; i++)
		ret = xa_err(xa_store(&m->written, lba + i, xa_mk_value(0),
				      GFP_KERNEL));
	return ret;
}

static int store(struct mmcsim_medium *m, struct scsi_cmnd *cmd, u32 skip,
		 u32 lba, u32 count)
{
	u32 i;

	if (m->backing)
		return store_file(m, cmd, skip, lba, count);
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

		if (mmcsim_track_unfinished(t) && t->nwa == lba)
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
	mmcsim_medium_derive(m);
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

	if (first != m->sao_next || !mmcsim_track_unfinished(t))
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

/*
 * BD-R pseudo-overwrite: a write to recorded blocks goes to replacements
 * in the spare areas, and the blocks read back the new data at their
 * own addresses; the tracks stay as they are.
 */
static int pow_write(struct mmcsim_medium *m, struct scsi_cmnd *cmd,
		     u32 lba, u32 count)
{
	const struct mmcsim_track *t;
	u32 i;

	for (i = 0; i < count; i++) {
		t = mmcsim_track_at(m, lba + i);
		if (!t || lba + i >= t->start + t->length)
			return ERR_WRITE_ADDRESS;
	}
	if (count > m->pow_spare)
		return ERR_NO_SPARE;
	if (store(m, cmd, 0, lba, count))
		return SENSE(HARDWARE_ERROR, 0x44, 0x00);
	m->pow_spare -= count;
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
		if (!t && m->pow)
			return pow_write(m, cmd, lba, count);
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
			      mmcsim_track_next(m, t->start + t->length));
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
		    mmcsim_track_unfinished(&m->tracks[i]))
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
			      mmcsim_session_start(m, end, session + 1));
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
	mmcsim_medium_derive(m);
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
		mmcsim_medium_derive(m);
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
	size = mmcsim_align(m, size);
	if (!size || size > t->free)
		return ERR_INVALID_FIELD;
	t->state = MMCSIM_TRACK_RESERVED;
	t->size = size;
	add_invisible(m, t->session, mmcsim_track_next(m, t->start + size));
	mmcsim_medium_derive(m);
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
		return mmcsim_blank(d, cdb);
	case OP_FORMAT_UNIT:
		return mmcsim_format_unit(d, cmd, cdb, buf);
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

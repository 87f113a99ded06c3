// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: command emulation.
 *
 * Every reply is built from the drive's configuration and the medium
 * model, with the byte layouts of MMC-6 and SPC, and is cut to the
 * allocation length of the command.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_proto.h>

#include "compat.h"
#include "mmcsim.h"

#define REPLY_SIZE	4096

/* A result: 0, or sense key / ASC / ASCQ packed with SENSE() */
#define SENSE(k, a, q)	(1 << 24 | (k) << 16 | (a) << 8 | (q))
#define ERR_INVALID_OPCODE	SENSE(ILLEGAL_REQUEST, 0x20, 0x00)
#define ERR_LBA_RANGE		SENSE(ILLEGAL_REQUEST, 0x21, 0x00)
#define ERR_INVALID_FIELD	SENSE(ILLEGAL_REQUEST, 0x24, 0x00)
#define ERR_PARAM_FIELD		SENSE(ILLEGAL_REQUEST, 0x26, 0x00)
#define ERR_SAVE_PARAMS		SENSE(ILLEGAL_REQUEST, 0x39, 0x00)
#define ERR_REMOVAL_PREVENTED	SENSE(ILLEGAL_REQUEST, 0x53, 0x02)
#define ERR_ILLEGAL_MODE	SENSE(ILLEGAL_REQUEST, 0x64, 0x00)
#define ERR_READ		SENSE(MEDIUM_ERROR, 0x11, 0x00)
#define ERR_MEDIUM_CHANGED	SENSE(UNIT_ATTENTION, 0x28, 0x00)
#define ERR_BECOMING_READY	SENSE(NOT_READY, 0x04, 0x01)
#define ERR_INCOMPATIBLE	SENSE(NOT_READY, 0x30, 0x00)

/* MMC opcodes not in scsi_proto.h on every kernel */
#define OP_GET_CONFIGURATION	0x46
#define OP_GESN			0x4a
#define OP_READ_DISC_INFO	0x51
#define OP_READ_TRACK_INFO	0x52
#define OP_READ_FORMAT_CAP	0x23
#define OP_READ_DISC_STRUCTURE	0xad
#define OP_SEND_DISC_STRUCTURE	0xbf
#define OP_MECHANISM_STATUS	0xbd
#define OP_READ_TOC		0x43

struct reply {
	u8 *buf;
	u32 len;		/* bytes built */
	u32 alloc;		/* allocation length of the command */
};

static void lba_to_msf(u32 lba, u8 *p)
{
	s32 l = (s32)lba;
	u32 x = l >= -150 ? l + 150 : l + 450150;

	p[0] = x / (60 * 75);
	p[1] = (x / 75) % 60;
	p[2] = x % 75;
}

static void put_addr(u32 lba, bool msf, u8 *p)
{
	if (msf) {
		p[0] = 0;
		lba_to_msf(lba, p + 1);
	} else {
		put_unaligned_be32(lba, p);
	}
}

static bool profile_in(u32 mask, const struct mmcsim_profile *prof)
{
	return prof && (mask & BIT(prof - mmcsim_profiles));
}

/* Does the drive read or write any profile of this family (or code)? */
static bool drive_has(u32 mask, int family, u16 code)
{
	unsigned int i;

	for (i = 0; i < mmcsim_nr_profiles; i++) {
		if (!(mask & BIT(i)))
			continue;
		if (code && mmcsim_profiles[i].code == code)
			return true;
		if (!code && mmcsim_profiles[i].family == family)
			return true;
	}
	return false;
}

static const struct mmcsim_medium *usable_medium(const struct mmcsim_drive *d)
{
	if (d->medium && profile_in(d->read_mask, d->medium->profile))
		return d->medium;
	return NULL;
}

/* The loaded disc is still spinning up or being identified */
static bool spinning_up(const struct mmcsim_drive *d)
{
	return time_before(jiffies, d->ready_at) ||
	       time_before(jiffies, d->identify_end);
}

static bool identifying(const struct mmcsim_drive *d)
{
	return d->medium && time_before(jiffies, d->identify_end);
}

/* Media events and the unit attention that goes with a change */
static void push_event(struct mmcsim_drive *d, u8 code)
{
	if (d->nr_events == MMCSIM_MAX_EVENTS) {
		memmove(d->events, d->events + 1, MMCSIM_MAX_EVENTS - 1);
		d->nr_events--;
	}
	d->events[d->nr_events++] = code;
}

/*
 * NOT READY TO READY CHANGE at once or, with ua_at_ready, as drives raise
 * it: when a loaded disc is ready, and not for a removal.
 */
static void raise_ua(struct mmcsim_drive *d, bool loaded)
{
	if (d->ua_at_ready)
		d->ua_deferred = loaded;
	else
		d->ua_pending = true;
}

void mmcsim_insert(struct mmcsim_drive *d, struct mmcsim_medium *m)
{
	if (d->medium) {
		push_event(d, MMCSIM_EV_MEDIA_REMOVAL);
		raise_ua(d, false);
		mmcsim_medium_free(d->medium);
	}
	mmcsim_medium_free(d->ejected);
	d->ejected = NULL;
	d->medium = m;
	d->tray_open = false;
	if (m) {
		push_event(d, MMCSIM_EV_NEW_MEDIA);
		d->ready_at = jiffies + msecs_to_jiffies(d->spinup_ms);
		d->identify_end = jiffies + msecs_to_jiffies(d->identify_ms);
		raise_ua(d, true);
	}
}

void mmcsim_eject(struct mmcsim_drive *d)
{
	if (d->medium) {
		mmcsim_medium_free(d->ejected);
		d->ejected = d->medium;
		d->medium = NULL;
		push_event(d, MMCSIM_EV_MEDIA_REMOVAL);
		raise_ua(d, false);
	}
	d->tray_open = true;
}

void mmcsim_close_tray(struct mmcsim_drive *d)
{
	struct mmcsim_medium *m = d->ejected;

	d->tray_open = false;
	if (m && !d->medium) {
		d->ejected = NULL;
		mmcsim_insert(d, m);
	}
}

static int cmd_inquiry(struct mmcsim_drive *d, const u8 *cdb, struct reply *r)
{
	u8 *p = r->buf;

	r->alloc = get_unaligned_be16(cdb + 3);
	if (cdb[1] & 1 || cdb[2])
		return ERR_INVALID_FIELD;	/* no vital product data */
	p[0] = TYPE_ROM;
	p[1] = 0x80;			/* removable */
	p[2] = 0x05;			/* SPC-3, as libata reports ATAPI */
	p[3] = 0x02;
	p[4] = 36 - 5;
	memset(p + 8, ' ', 28);
	memcpy(p + 8, d->vendor, strlen(d->vendor));
	memcpy(p + 16, d->product, strlen(d->product));
	memcpy(p + 32, d->revision, strlen(d->revision));
	r->len = 36;
	return 0;
}

static int not_ready(const struct mmcsim_drive *d)
{
	if (!d->medium)
		return SENSE(NOT_READY, 0x3a, d->tray_open ? 0x02 : 0x01);
	if (!usable_medium(d))
		return ERR_INCOMPATIBLE;
	if (spinning_up(d))
		return ERR_BECOMING_READY;
	return 0;
}

static int cmd_request_sense(struct mmcsim_drive *d, const u8 *cdb,
			     struct reply *r)
{
	int res = 0;
	u8 *p = r->buf;

	r->alloc = cdb[4];
	if (d->ua_pending) {
		d->ua_pending = false;
		res = ERR_MEDIUM_CHANGED;
	} else {
		res = not_ready(d);
	}
	p[0] = 0x70;
	p[2] = (res >> 16) & 0x0f;
	p[7] = 10;
	p[12] = (res >> 8) & 0xff;
	p[13] = res & 0xff;
	r->len = 18;
	return 0;
}

/* MODE SENSE page 2Ah, CD/DVD Capabilities and Mechanical Status */
static u32 caps_page(const struct mmcsim_drive *d, u8 *p)
{
	u32 rd = d->read_mask, wr = d->write_mask;
	u16 speed = 7056;

	p[0] = 0x2a;
	p[1] = 32 + 4 - 2;
	p[2] = (drive_has(rd, 0, 0x0012) ? 0x20 : 0) |
	       (drive_has(rd, 0, 0x0011) ? 0x10 : 0) |
	       (drive_has(rd, MMCSIM_DVD, 0) ? 0x08 : 0) | 0x04 |
	       (drive_has(rd, 0, 0x000a) ? 0x02 : 0) |
	       (drive_has(rd, 0, 0x0009) ? 0x01 : 0);
	p[3] = (drive_has(wr, 0, 0x0012) ? 0x20 : 0) |
	       (drive_has(wr, 0, 0x0011) ? 0x10 : 0) |
	       (wr ? 0x04 : 0) |
	       (drive_has(wr, 0, 0x000a) ? 0x02 : 0) |
	       (drive_has(wr, 0, 0x0009) ? 0x01 : 0);
	p[4] = 0x71;		/* multi-session, mode 2 form 1/2, audio play */
	p[5] = 0x03;		/* CD-DA commands, stream accurate */
	p[6] = 1 << 5 | 0x08 | (d->locked ? 0x02 : 0) | 0x01; /* tray, eject, lock */
	put_unaligned_be16(speed, p + 8);
	put_unaligned_be16(256, p + 10);
	put_unaligned_be16(2048, p + 12);
	put_unaligned_be16(speed, p + 14);
	put_unaligned_be16(speed, p + 18);
	put_unaligned_be16(speed, p + 20);
	put_unaligned_be16(1, p + 22);
	put_unaligned_be16(speed, p + 28);
	put_unaligned_be16(1, p + 30);
	put_unaligned_be16(speed, p + 34);
	return 36;
}

/* MODE SENSE page 05h, Write Parameters: as last selected (write.c) */
static u32 write_page(const struct mmcsim_drive *d, u8 *p, bool changeable)
{
	p[0] = 0x05;
	p[1] = 52 - 2;
	if (changeable) {
		memset(p + 2, 0xff, 50);
		return 52;
	}
	memcpy(p, d->wparams, MMCSIM_WPARAMS_LEN);
	return 52;
}

static bool has_write_page(const struct mmcsim_drive *d)
{
	return d->write_page && d->write_mask;
}

static int cmd_mode_sense(struct mmcsim_drive *d, const u8 *cdb,
			  struct reply *r)
{
	bool ten = cdb[0] == MODE_SENSE_10;
	u8 page = cdb[2] & 0x3f, pc = cdb[2] >> 6;
	u32 hdr = ten ? 8 : 4, n = 0;

	r->alloc = ten ? get_unaligned_be16(cdb + 7) : cdb[4];
	if (pc == 3)
		return ERR_SAVE_PARAMS;
	if (cdb[3] && !(page == 0x3f && cdb[3] == 0xff))
		return ERR_INVALID_FIELD;
	if ((page == 0x05 || page == 0x3f) && has_write_page(d))
		n += write_page(d, r->buf + hdr, pc == 1);
	if (page == 0x2a || page == 0x3f) {
		u32 k = caps_page(d, r->buf + hdr + n);

		if (pc == 1)	/* changeable: nothing here is */
			memset(r->buf + hdr + n + 2, 0, k - 2);
		n += k;
	}
	if (!n)
		return ERR_INVALID_FIELD;
	r->len = hdr + n;
	if (ten)
		put_unaligned_be16(r->len - 2, r->buf);
	else
		r->buf[0] = r->len - 1;
	return 0;
}

/*
 * MODE SELECT: a block descriptor may set 2048-byte blocks, and a drive
 * that writes takes the Write Parameters page; anything else is refused
 * as a drive without such a page refuses it.
 */
static int cmd_mode_select(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
			   const u8 *cdb, u8 *buf)
{
	bool ten = cdb[0] == MODE_SELECT_10;
	u32 len = ten ? get_unaligned_be16(cdb + 7) : cdb[4];
	u32 hdr = ten ? 8 : 4, bdl, pos;

	len = min3(len, scsi_bufflen(cmd), (u32)REPLY_SIZE);
	if (len < hdr)
		return len ? ERR_PARAM_FIELD : 0;
	scsi_sg_copy_to_buffer(cmd, buf, len);
	bdl = ten ? get_unaligned_be16(buf + 6) : buf[3];
	if (bdl && (bdl != 8 || hdr + 8 > len ||
		    get_unaligned_be24(buf + hdr + 5) != MMCSIM_BLOCK))
		return ERR_PARAM_FIELD;
	for (pos = hdr + bdl; pos + 2 <= len; pos += 2 + buf[pos + 1]) {
		int res;

		if ((buf[pos] & 0x3f) != 0x05 || !has_write_page(d))
			return ERR_PARAM_FIELD;
		res = mmcsim_write_params_set(d, buf + pos,
					      min(len - pos, 2U + buf[pos + 1]));
		if (res)
			return res;
	}
	return 0;
}

static int cmd_start_stop(struct mmcsim_drive *d, const u8 *cdb)
{
	bool loej = cdb[4] & 0x02, start = cdb[4] & 0x01;

	if (!loej)
		return 0;
	if (start) {
		mmcsim_close_tray(d);
		return 0;
	}
	if (d->locked)
		return ERR_REMOVAL_PREVENTED;
	mmcsim_eject(d);
	return 0;
}

static int cmd_read_capacity(struct mmcsim_drive *d, struct reply *r)
{
	const struct mmcsim_medium *m = d->medium;

	put_unaligned_be32(m->read_end ? m->read_end - 1 : 0, r->buf);
	put_unaligned_be32(MMCSIM_BLOCK, r->buf + 4);
	r->len = 8;
	r->alloc = 8;
	return 0;
}

static int cmd_read(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
		    const u8 *cdb, u8 *buf)
{
	const struct mmcsim_medium *m = d->medium;
	bool twelve = cdb[0] == READ_12;
	u32 lba = get_unaligned_be32(cdb + 2);
	u32 count = twelve ? get_unaligned_be32(cdb + 6) :
			     get_unaligned_be16(cdb + 7);
	u32 i, done = 0, room = scsi_bufflen(cmd) / MMCSIM_BLOCK;
	int ret, res = 0;

	for (i = 0; i < count && i < room; i++) {
		const struct mmcsim_track *t = mmcsim_track_at(m, lba + i);

		if (lba + i < lba || lba + i >= m->read_end) {
			res = ERR_LBA_RANGE;
			break;
		}
		if (t && t->audio) {
			res = ERR_ILLEGAL_MODE;
			break;
		}
		if (t && t->state == MMCSIM_TRACK_DAMAGED) {
			res = ERR_READ;
			break;
		}
		ret = mmcsim_medium_read(m, lba + i, buf);
		if (ret) {
			res = ret == -ERANGE ? ERR_LBA_RANGE : ERR_READ;
			break;
		}
		sg_pcopy_from_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				     MMCSIM_BLOCK, (size_t)i * MMCSIM_BLOCK);
		done++;
	}
	scsi_set_resid(cmd, scsi_bufflen(cmd) - done * MMCSIM_BLOCK);
	return res;
}

static u8 track_control(const struct mmcsim_track *t)
{
	return t->audio ? 0x00 : 0x04;
}

/* The first and last track the TOC lists, or -1 when there is none */
static int toc_range(const struct mmcsim_medium *m, int *first, int *last)
{
	unsigned int i;

	*first = -1;
	*last = -1;
	for (i = 0; i < m->nr_tracks; i++) {
		if (!mmcsim_track_in_toc(&m->tracks[i]))
			continue;
		if (*first < 0)
			*first = i;
		*last = i;
	}
	return *first;
}

static u8 *toc_full_entry(u8 *p, u8 session, u8 adr_ctl, u8 point,
			  const u8 *msf, u8 zero, const u8 *pmsf)
{
	p[0] = session;
	p[1] = adr_ctl;
	p[2] = 0;
	p[3] = point;
	if (msf)
		memcpy(p + 4, msf, 3);
	p[7] = zero;
	if (pmsf)
		memcpy(p + 8, pmsf, 3);
	return p + 11;
}

static int toc_full(const struct mmcsim_medium *m, struct reply *r)
{
	u8 *p = r->buf + 4, msf[3], cap[3];
	unsigned int i, s, nr_sessions = 0;
	int first, last;

	toc_range(m, &first, &last);
	lba_to_msf(m->capacity, cap);
	/* the lead-in areas: an open session has none yet */
	for (s = 1; s <= m->tracks[last].session && s <= m->nr_closed; s++) {
		const struct mmcsim_track *f = NULL, *l = NULL;
		u8 pm[3] = { 0, 0x00, 0 };	/* PSEC of A0: CD-DA or CD-ROM */

		for (i = 0; i < m->nr_tracks; i++) {
			if (m->tracks[i].session != s ||
			    !mmcsim_track_in_toc(&m->tracks[i]))
				continue;
			if (!f)
				f = &m->tracks[i];
			l = &m->tracks[i];
		}
		if (!f)
			continue;
		nr_sessions = s;
		pm[0] = f->number;
		p = toc_full_entry(p, s, 0x10 | track_control(f), 0xa0, NULL,
				   0, pm);
		pm[0] = l->number;
		pm[1] = 0;
		p = toc_full_entry(p, s, 0x10 | track_control(l), 0xa1, NULL,
				   0, pm);
		lba_to_msf(mmcsim_track_end(l), msf);
		p = toc_full_entry(p, s, 0x10 | track_control(l), 0xa2, NULL,
				   0, msf);
		for (i = 0; i < m->nr_tracks; i++) {
			const struct mmcsim_track *t = &m->tracks[i];

			if (t->session != s || !mmcsim_track_in_toc(t))
				continue;
			lba_to_msf(t->start, msf);
			p = toc_full_entry(p, s, 0x10 | track_control(t),
					   t->number, NULL, 0, msf);
		}
		/* a disc still open for sessions says where the next goes */
		if (m->disc_status == MMCSIM_DISC_APPENDABLE ||
		    s < m->nr_closed) {
			const struct mmcsim_track *n = l + 1;

			if (n < m->tracks + m->nr_tracks)
				lba_to_msf(n->start, msf);
			else
				lba_to_msf(m->capacity, msf);
			p = toc_full_entry(p, s, 0x50, 0xb0, msf, 1, cap);
		}
	}
	if (!nr_sessions)
		return ERR_INVALID_FIELD;	/* no lead-in written yet */
	r->buf[2] = 1;
	r->buf[3] = nr_sessions;
	r->len = p - r->buf;
	put_unaligned_be16(r->len - 2, r->buf);
	return 0;
}

/*
 * Format 4, ATIP: pressed in the pregroove of recordable CDs only, so
 * there on blank and closed discs alike. Lead-out: the capacity.
 */
static int toc_atip(const struct mmcsim_medium *m, struct reply *r)
{
	u8 *p = r->buf;

	if (m->profile->family != MMCSIM_CD || m->profile->kind == MMCSIM_ROM)
		return ERR_INVALID_FIELD;
	p[4] = 0x80 | 4 << 4 | 1;	/* writing power 4, reference speed 1 */
	p[5] = 0x40;			/* unrestricted use */
	p[6] = 0x80 | (m->profile->erasable ? 0x40 : 0);	/* disc type */
	lba_to_msf(MMCSIM_CD_ATIP_LEADIN, p + 8);
	lba_to_msf(m->capacity, p + 12);
	r->len = 28;
	put_unaligned_be16(r->len - 2, p);
	return 0;
}

static int cmd_read_toc(struct mmcsim_drive *d, const u8 *cdb,
			struct reply *r)
{
	const struct mmcsim_medium *m = d->medium;
	bool msf = cdb[1] & 0x02;
	u8 format = cdb[2] & 0x0f, number = cdb[6];
	int first, last;
	unsigned int i;
	u8 *p;

	r->alloc = get_unaligned_be16(cdb + 7);
	if (!format)
		format = cdb[9] >> 6;	/* where ATAPI drives once took it */
	if (format == 4)
		return toc_atip(m, r);
	if (toc_range(m, &first, &last) < 0)
		return ERR_INVALID_FIELD;	/* blank: no TOC */

	switch (format) {
	case 0:
		if (number > m->tracks[last].number && number != 0xaa)
			return ERR_INVALID_FIELD;
		r->buf[2] = m->tracks[first].number;
		r->buf[3] = m->tracks[last].number;
		p = r->buf + 4;
		for (i = first; i <= last && number != 0xaa; i++) {
			const struct mmcsim_track *t = &m->tracks[i];

			if (!mmcsim_track_in_toc(t) || t->number < number)
				continue;
			p[1] = 0x10 | track_control(t);
			p[2] = t->number;
			put_addr(t->start, msf, p + 4);
			p += 8;
		}
		p[1] = 0x10 | track_control(&m->tracks[last]);
		p[2] = 0xaa;
		put_addr(mmcsim_track_end(&m->tracks[last]), msf, p + 4);
		p += 8;
		r->len = p - r->buf;
		break;
	case 1: {
		const struct mmcsim_track *t = NULL;

		/*
		 * The first track in the last complete session: on CD not one
		 * of an open session, closed tracks and all (cdrecord -nofix),
		 * which has no lead-in yet.  DVD and BD have no lead-in per
		 * session: their TOC is made up of the tracks, open ones too.
		 */
		for (i = first; i <= last; i++) {
			if (!mmcsim_track_in_toc(&m->tracks[i]) ||
			    (m->profile->family == MMCSIM_CD &&
			     m->tracks[i].session > m->nr_closed))
				continue;
			if (!t || m->tracks[i].session != t->session)
				t = &m->tracks[i];
		}
		if (!t)
			return ERR_INVALID_FIELD;	/* no complete session */
		r->buf[2] = 1;
		r->buf[3] = t->session;
		p = r->buf + 4;
		p[1] = 0x10 | track_control(t);
		p[2] = t->number;
		put_addr(t->start, msf, p + 4);
		r->len = 12;
		break;
	}
	case 2:
		if (m->profile->family != MMCSIM_CD)
			return ERR_INVALID_FIELD;
		return toc_full(m, r);
	default:
		return ERR_INVALID_FIELD;
	}
	put_unaligned_be16(r->len - 2, r->buf);
	return 0;
}

static int cmd_disc_info(struct mmcsim_drive *d, const u8 *cdb,
			 struct reply *r)
{
	const struct mmcsim_medium *m = d->medium;
	const struct mmcsim_track *last = &m->tracks[m->nr_tracks - 1];
	bool cd = m->profile->family == MMCSIM_CD;
	bool open = m->disc_status == MMCSIM_DISC_BLANK ||
		    m->disc_status == MMCSIM_DISC_APPENDABLE;
	unsigned int i, first_in_last = last->number;
	u8 *p = r->buf;

	r->alloc = get_unaligned_be16(cdb + 7);
	if (cdb[1] & 0x07)
		return ERR_INVALID_FIELD;	/* only standard disc information */
	for (i = m->nr_tracks; i-- > 0;)
		if (m->tracks[i].session == last->session)
			first_in_last = m->tracks[i].number;

	put_unaligned_be16(34 - 2, p);
	p[2] = (m->profile->erasable ? 0x10 : 0) | m->session_state << 2 |
	       m->disc_status;
	p[3] = 1;
	p[4] = m->nr_sessions & 0xff;
	p[5] = first_in_last & 0xff;
	p[6] = last->number & 0xff;
	p[7] = 0x20;			/* unrestricted use */
	if (m->profile->code == 0x001a && m->formatted)
		p[7] |= 0x03;		/* background format complete */
	p[8] = 0x00;			/* CD-DA or CD-ROM */
	p[9] = m->nr_sessions >> 8;
	p[10] = first_in_last >> 8;
	p[11] = last->number >> 8;
	if (open && m->profile->kind == MMCSIM_SEQ) {
		if (cd) {
			put_addr(m->leadin_next, true, p + 16);
			put_addr(m->capacity, true, p + 20);
		} else {
			put_unaligned_be32(0, p + 16);
			put_unaligned_be32(m->capacity, p + 20);
		}
	} else {
		put_unaligned_be32(0xffffffff, p + 16);
		put_unaligned_be32(0xffffffff, p + 20);
	}
	r->len = 34;
	return 0;
}

static int cmd_track_info(struct mmcsim_drive *d, const u8 *cdb,
			  struct reply *r)
{
	const struct mmcsim_medium *m = d->medium;
	const struct mmcsim_track *t = NULL;
	u32 addr = get_unaligned_be32(cdb + 2);
	unsigned int i;
	bool blank, writable, recorded;
	u8 *p = r->buf;

	r->alloc = get_unaligned_be16(cdb + 7);
	switch (cdb[1] & 0x03) {
	case 0:
		t = mmcsim_track_at(m, addr);
		if (!t)
			return ERR_LBA_RANGE;
		break;
	case 1:
		if (addr == 0xff) {
			t = &m->tracks[m->nr_tracks - 1];
			if (t->state != MMCSIM_TRACK_INVISIBLE &&
			    t->state != MMCSIM_TRACK_INCOMPLETE)
				return ERR_INVALID_FIELD;
		} else if (addr >= 1 && addr <= m->nr_tracks) {
			t = &m->tracks[addr - 1];
		}
		break;
	case 2:
		for (i = 0; i < m->nr_tracks && !t; i++)
			if (m->tracks[i].session == addr ||
			    (addr == 0xff &&
			     m->tracks[i].session == m->nr_sessions))
				t = &m->tracks[i];
		break;
	}
	if (!t)
		return ERR_INVALID_FIELD;

	blank = t->state == MMCSIM_TRACK_INVISIBLE ||
		(t->state == MMCSIM_TRACK_RESERVED && !t->length);
	writable = t->state == MMCSIM_TRACK_INVISIBLE ||
		   t->state == MMCSIM_TRACK_INCOMPLETE ||
		   t->state == MMCSIM_TRACK_RESERVED;
	recorded = t->length > 0;

	put_unaligned_be16(48 - 2, p);
	p[2] = t->number;
	p[3] = t->session;
	p[5] = (t->state == MMCSIM_TRACK_DAMAGED ? 0x20 : 0) |
	       (t->audio ? 0x00 : writable ? 0x05 : 0x04);
	/* restricted overwrite is written in fixed packets of 16 blocks */
	p[6] = (t->state == MMCSIM_TRACK_RESERVED ? 0x80 : 0) |
	       (blank ? 0x40 : 0) |
	       (writable && m->profile->kind == MMCSIM_SEQ ? 0x20 : 0) |
	       (m->profile->code == 0x0013 && m->formatted ? 0x30 : 0) |
	       (blank || t->audio ? 0x0f : 0x01);
	p[7] = (writable ? 0x01 : 0) |
	       (recorded && m->profile->family != MMCSIM_CD ? 0x02 : 0);
	put_unaligned_be32(t->start, p + 8);
	if (writable) {
		put_unaligned_be32(t->nwa, p + 12);
		put_unaligned_be32(t->free, p + 16);
	}
	put_unaligned_be32(m->profile->family == MMCSIM_DVD ? 16 :
			   m->profile->family == MMCSIM_BD ? 32 : 0, p + 20);
	put_unaligned_be32(t->size, p + 24);
	if (recorded && m->profile->family != MMCSIM_CD)
		put_unaligned_be32(t->start + t->length - 1, p + 28);
	p[32] = t->number >> 8;
	p[33] = t->session >> 8;
	r->len = 48;
	return 0;
}

/* GET CONFIGURATION: the feature descriptors */
struct feat_ctx {
	const struct mmcsim_drive *d;
	const struct mmcsim_medium *m;	/* usable medium, or NULL */
	bool writable;			/* the medium can be written here */
};

static const u16 feature_codes[] = {
	0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x001d, 0x001e, 0x001f,
	0x0020, 0x0021, 0x0023, 0x0024, 0x0026, 0x0027, 0x0028, 0x002a,
	0x002b, 0x002d, 0x002e, 0x002f, 0x0038, 0x0040, 0x0041,
};

static bool medium_is(const struct feat_ctx *x, u16 code)
{
	return x->m && x->m->profile->code == code;
}

static bool medium_family(const struct feat_ctx *x, int family)
{
	return x->m && x->m->profile->family == family;
}

/*
 * Write one feature descriptor at p; return its length, or 0 when the
 * drive does not have the feature.
 */
static u32 feature(const struct feat_ctx *x, u16 code, u8 *p)
{
	const struct mmcsim_drive *d = x->d;
	const struct mmcsim_medium *m = x->m;
	u32 rd = d->read_mask, wr = d->write_mask;
	bool cur = false, persistent = false;
	u8 version = 0, len = 0;
	unsigned int i;

	memset(p, 0, 32);
	switch (code) {
	case 0x0000:		/* Profile List */
		persistent = true;
		cur = true;
		for (i = mmcsim_nr_profiles; i-- > 0;) {
			if (!(rd & BIT(i)))
				continue;
			put_unaligned_be16(mmcsim_profiles[i].code, p + 4 + len);
			p[4 + len + 2] = medium_is(x, mmcsim_profiles[i].code);
			len += 4;
		}
		break;
	case 0x0001:		/* Core */
		version = 2;
		persistent = true;
		cur = true;
		len = 8;
		put_unaligned_be32(2, p + 4);	/* ATAPI */
		p[8] = 0x01;			/* DBE */
		break;
	case 0x0002:		/* Morphing */
		version = 1;
		persistent = true;
		cur = true;
		len = 4;
		p[4] = 0x02;			/* OCEvent */
		break;
	case 0x0003:		/* Removable Medium */
		version = 2;
		persistent = true;
		cur = true;
		len = 4;
		p[4] = 1 << 5 | 0x10 | 0x08 | 0x01; /* tray, load, eject, lock */
		break;
	case 0x0010:		/* Random Readable */
		cur = m && m->read_end;
		len = 8;
		put_unaligned_be32(MMCSIM_BLOCK, p + 4);
		put_unaligned_be16(medium_family(x, MMCSIM_BD) ? 32 :
				   medium_family(x, MMCSIM_DVD) ? 16 : 1, p + 8);
		p[10] = 0x01;			/* PP */
		break;
	case 0x001d:		/* Multi-Read */
		if (!drive_has(rd, MMCSIM_CD, 0))
			return 0;
		cur = medium_family(x, MMCSIM_CD) && m->read_end;
		break;
	case 0x001e:		/* CD Read */
		if (!drive_has(rd, MMCSIM_CD, 0))
			return 0;
		version = 2;
		cur = medium_family(x, MMCSIM_CD);
		len = 4;
		break;
	case 0x001f:		/* DVD Read */
		if (!drive_has(rd, MMCSIM_DVD, 0))
			return 0;
		version = 2;
		cur = medium_family(x, MMCSIM_DVD);
		len = 4;
		p[4] = 0x01;			/* MULTI110 */
		p[6] = (drive_has(rd, 0, 0x0015) ? 0x01 : 0);
		break;
	case 0x0020:		/* Random Writable */
		if (!drive_has(wr, 0, 0x0012) && !drive_has(wr, 0, 0x0013) &&
		    !drive_has(wr, 0, 0x001a) && !drive_has(wr, 0, 0x0042) &&
		    !drive_has(wr, 0, 0x0043))
			return 0;
		version = 1;
		cur = x->writable && m->profile->kind == MMCSIM_RANDOM &&
		      m->formatted;
		len = 12;
		put_unaligned_be32(cur ? m->capacity - 1 : 0, p + 4);
		put_unaligned_be32(MMCSIM_BLOCK, p + 8);
		put_unaligned_be16(medium_family(x, MMCSIM_BD) ? 32 : 16, p + 12);
		p[14] = 0x01;
		break;
	case 0x0021:		/* Incremental Streaming Writable */
		if (!drive_has(wr, 0, 0x0009) && !drive_has(wr, 0, 0x000a) &&
		    !drive_has(wr, 0, 0x0011) && !drive_has(wr, 0, 0x0014))
			return 0;
		version = 1;
		cur = x->writable && m->profile->kind == MMCSIM_SEQ &&
		      (medium_family(x, MMCSIM_CD) || medium_is(x, 0x0011) ||
		       medium_is(x, 0x0014) || medium_is(x, 0x0015));
		len = 8;
		put_unaligned_be16(0x0001, p + 4);	/* mode 1 blocks */
		p[6] = 0x01;				/* BUF */
		p[7] = 1;
		p[8] = medium_family(x, MMCSIM_DVD) ? 16 : 7;
		break;
	case 0x0023:		/* Formattable */
		if (!drive_has(wr, 0, 0x001a) && !drive_has(wr, 0, 0x0013) &&
		    !drive_has(wr, 0, 0x0014) && !drive_has(wr, 0, 0x0012) &&
		    !drive_has(wr, 0, 0x0041) && !drive_has(wr, 0, 0x0043))
			return 0;
		version = 1;
		cur = x->writable &&
		      (m->profile->kind == MMCSIM_RANDOM ||
		       medium_is(x, 0x0014) ||
		       (medium_is(x, 0x0041) &&
			m->disc_status == MMCSIM_DISC_BLANK));
		len = 8;
		if (drive_has(wr, MMCSIM_BD, 0))
			p[4] = 0x0e;		/* RENoSA, Expand, QCert */
		break;
	case 0x0024:		/* Hardware Defect Management */
		if (!drive_has(wr, 0, 0x0012) && !drive_has(wr, MMCSIM_BD, 0))
			return 0;
		version = 1;
		cur = x->writable &&
		      (medium_is(x, 0x0012) || medium_is(x, 0x0043) ||
		       medium_is(x, 0x0042) || (m && m->pow));
		len = 4;
		p[4] = 0x80;			/* SSA */
		break;
	case 0x0026:		/* Restricted Overwrite */
		if (!drive_has(wr, 0, 0x0013))
			return 0;
		cur = x->writable && medium_is(x, 0x0013);
		break;
	case 0x0027:		/* CD-RW CAV Write */
		if (!drive_has(wr, 0, 0x000a))
			return 0;
		cur = x->writable && medium_is(x, 0x000a);
		len = 4;
		break;
	case 0x0028:		/* MRW */
		if (!drive_has(rd, 0, 0x000a))
			return 0;
		version = 1;
		len = 4;
		p[4] = drive_has(wr, 0, 0x000a) ? 0x01 : 0;
		break;
	case 0x002a:		/* DVD+RW */
		if (!drive_has(rd, 0, 0x001a))
			return 0;
		version = 1;
		cur = medium_is(x, 0x001a);
		len = 4;
		p[4] = drive_has(wr, 0, 0x001a) ? 0x01 : 0;
		break;
	case 0x002b:		/* DVD+R */
		if (!drive_has(rd, 0, 0x001b))
			return 0;
		cur = medium_is(x, 0x001b);
		len = 4;
		p[4] = drive_has(wr, 0, 0x001b) ? 0x01 : 0;
		break;
	case 0x002d:		/* CD Track at Once */
	case 0x002e:		/* CD Mastering */
		if (!drive_has(wr, 0, 0x0009) && !drive_has(wr, 0, 0x000a))
			return 0;
		cur = x->writable && medium_family(x, MMCSIM_CD);
		len = 4;
		if (code == 0x002d) {
			version = 2;
			p[4] = 0x40 | 0x04 |
			       (drive_has(wr, 0, 0x000a) ? 0x02 : 0);
			put_unaligned_be16(0x3f0f, p + 6);
		} else {
			version = 1;
			p[4] = 0x40 | 0x20 | 0x08 | 0x04 |
			       (drive_has(wr, 0, 0x000a) ? 0x02 : 0);
			p[7] = 0xff;
			p[6] = 0x0f;
		}
		break;
	case 0x002f:		/* DVD-R/-RW Write */
		if (!drive_has(wr, 0, 0x0011) && !drive_has(wr, 0, 0x0014))
			return 0;
		version = 2;
		cur = x->writable &&
		      (medium_is(x, 0x0011) || medium_is(x, 0x0014) ||
		       medium_is(x, 0x0015));
		len = 4;
		p[4] = 0x40 | 0x04 | (drive_has(wr, 0, 0x0015) ? 0x08 : 0) |
		       (drive_has(wr, 0, 0x0014) ? 0x02 : 0);
		break;
	case 0x0038:		/* BD-R Pseudo-Overwrite */
		if (!drive_has(wr, 0, 0x0041))
			return 0;
		cur = x->writable && m->pow;
		len = 4;
		break;
	case 0x0040:		/* BD Read */
		if (!drive_has(rd, MMCSIM_BD, 0))
			return 0;
		version = 1;
		cur = medium_family(x, MMCSIM_BD);
		len = 28;
		memset(p + 8, 0xff, 24);	/* every class and version */
		break;
	case 0x0041:		/* BD Write */
		if (!drive_has(wr, MMCSIM_BD, 0))
			return 0;
		version = 2;
		cur = x->writable && medium_family(x, MMCSIM_BD);
		len = 24;
		memset(p + 8, 0xff, 20);
		break;
	default:
		return 0;
	}
	put_unaligned_be16(code, p);
	p[2] = version << 2 | (persistent ? 0x02 : 0) | (cur ? 0x01 : 0);
	p[3] = len;
	return 4 + len;
}

static int cmd_get_configuration(struct mmcsim_drive *d, const u8 *cdb,
				 struct reply *r)
{
	u8 rt = cdb[1] & 0x03;
	u16 start = get_unaligned_be16(cdb + 2);
	/* while the disc is identified, no profile is current */
	struct feat_ctx x = {
		.d = d, .m = identifying(d) ? NULL : usable_medium(d),
	};
	u8 scratch[128];
	unsigned int i;
	u32 n;

	r->alloc = get_unaligned_be16(cdb + 7);
	if (rt == 3)
		return ERR_INVALID_FIELD;
	x.writable = x.m && profile_in(d->write_mask, x.m->profile) &&
		     !x.m->write_protect &&
		     (x.m->disc_status != MMCSIM_DISC_COMPLETE ||
		      x.m->profile->kind == MMCSIM_RANDOM) &&
		     x.m->profile->kind != MMCSIM_ROM;
	r->len = 8;
	for (i = 0; i < ARRAY_SIZE(feature_codes); i++) {
		u16 code = feature_codes[i];

		if (code < start || (rt == 2 && code != start))
			continue;
		n = feature(&x, code, scratch);
		if (!n || (rt == 1 && !(scratch[2] & 0x01)))
			continue;
		if (r->len + n > REPLY_SIZE)
			break;
		memcpy(r->buf + r->len, scratch, n);
		r->len += n;
	}
	put_unaligned_be32(r->len - 4, r->buf);
	put_unaligned_be16(x.m ? x.m->profile->code : 0, r->buf + 6);
	return 0;
}

static int cmd_gesn(struct mmcsim_drive *d, const u8 *cdb, struct reply *r)
{
	u8 *p = r->buf;

	r->alloc = get_unaligned_be16(cdb + 7);
	if (!(cdb[1] & 0x01))
		return ERR_INVALID_FIELD;	/* only polled operation */
	p[3] = 0x10;				/* media class supported */
	if (!(cdb[4] & 0x10)) {
		p[2] = 0x80;			/* no event available */
		put_unaligned_be16(2, p);
		r->len = 4;
		return 0;
	}
	p[2] = 0x04;
	put_unaligned_be16(6, p);
	if (d->nr_events) {
		p[4] = d->events[0];
		memmove(d->events, d->events + 1, --d->nr_events);
	}
	p[5] = (d->medium ? 0x02 : 0) | (d->tray_open ? 0x01 : 0);
	r->len = 8;
	return 0;
}

static u8 *format_desc(u8 *p, u32 blocks, u8 type, u32 param)
{
	put_unaligned_be32(blocks, p);
	p[4] = type;
	p[5] = (param >> 16) & 0xff;
	p[6] = (param >> 8) & 0xff;
	p[7] = param & 0xff;
	return p + 8;
}

static int cmd_format_capacities(struct mmcsim_drive *d, const u8 *cdb,
				 struct reply *r)
{
	const struct mmcsim_medium *m = usable_medium(d);
	u8 *p = r->buf + 4;
	u32 cap;

	r->alloc = get_unaligned_be16(cdb + 7);
	if (!m) {
		p = format_desc(p, 0, 0x03, MMCSIM_BLOCK);
		goto done;
	}
	cap = m->capacity;
	switch (m->profile->kind) {
	case MMCSIM_ROM:
		p = format_desc(p, m->read_end, 0x02, MMCSIM_BLOCK);
		break;
	case MMCSIM_SEQ:
		/* blank: unformatted, but a BD-R formatted with spare areas */
		p = format_desc(p, m->disc_status == MMCSIM_DISC_BLANK ? cap :
				   m->read_end,
				m->disc_status == MMCSIM_DISC_BLANK &&
				!m->formatted ? 0x01 : 0x02,
				MMCSIM_BLOCK);
		if (m->profile->code == 0x0014) {
			/* to restricted overwrite: full, DVD-RW full, quick */
			p = format_desc(p, cap, 0x00 << 2, 16);
			p = format_desc(p, cap, 0x10 << 2, 16);
			p = format_desc(p, cap, 0x15 << 2, 16);
		}
		/* BD-R with spare areas: the default, and the least */
		if (m->profile->code == 0x0041 && !m->formatted &&
		    m->disc_status == MMCSIM_DISC_BLANK &&
		    cap > 2 * MMCSIM_BD_SPARE) {
			p = format_desc(p, cap - MMCSIM_BD_SPARE, 0x00 << 2,
					MMCSIM_BD_SPARE);
			p = format_desc(p, cap - MMCSIM_BD_SPARE, 0x32 << 2,
					MMCSIM_BD_SPARE);
			p = format_desc(p, cap - MMCSIM_BD_SPARE_MIN, 0x32 << 2,
					MMCSIM_BD_SPARE_MIN);
		}
		break;
	case MMCSIM_RANDOM:
		p = format_desc(p, cap, m->formatted ? 0x02 : 0x01,
				MMCSIM_BLOCK);
		switch (m->profile->code) {
		case 0x001a:
			p = format_desc(p, cap, 0x26 << 2, 0);
			break;
		case 0x0013:	/* full, DVD-RW full, quick */
			p = format_desc(p, cap, 0x00 << 2, 16);
			p = format_desc(p, cap, 0x10 << 2, 16);
			p = format_desc(p, cap, 0x15 << 2, 16);
			break;
		case 0x0043:
		case 0x0042:
			p = format_desc(p, cap, 0x00 << 2, 0x3000);
			p = format_desc(p, cap, 0x30 << 2, 0x3000);
			break;
		default:
			p = format_desc(p, cap, 0x00 << 2, MMCSIM_BLOCK);
			break;
		}
		break;
	}
done:
	r->len = p - r->buf;
	r->buf[3] = r->len - 4;
	return 0;
}

static int cmd_mechanism_status(struct mmcsim_drive *d, const u8 *cdb,
				struct reply *r)
{
	r->alloc = get_unaligned_be16(cdb + 8);
	r->buf[1] = d->tray_open ? 0x10 : 0;
	r->len = 8;
	return 0;
}

static bool needs_medium(u8 op)
{
	switch (op) {
	case TEST_UNIT_READY:
	case READ_CAPACITY:
	case READ_10:
	case READ_12:
	case OP_READ_TOC:
	case OP_READ_DISC_INFO:
	case OP_READ_TRACK_INFO:
	case OP_READ_DISC_STRUCTURE:
	case OP_SEND_DISC_STRUCTURE:
		return true;
	default:
		return false;
	}
}

static int dispatch(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
		    const u8 *cdb, struct reply *r)
{
	u8 op = cdb[0];
	int res;

	if (op == OP_GESN && !d->gesn)
		return ERR_INVALID_OPCODE;
	/* with ua_at_ready, the change comes once the disc is ready */
	if (d->ua_deferred && !spinning_up(d)) {
		d->ua_deferred = false;
		d->ua_pending = true;
	}
	/* a change is reported once, to the first command that may */
	if (d->ua_pending && op != INQUIRY && op != REQUEST_SENSE &&
	    op != OP_GET_CONFIGURATION && op != OP_GESN) {
		d->ua_pending = false;
		return ERR_MEDIUM_CHANGED;
	}
	if (needs_medium(op) || mmcsim_write_needs_medium(op)) {
		res = not_ready(d);
		if (res)
			return res;
	}

	switch (op) {
	case TEST_UNIT_READY:
		return 0;
	case REQUEST_SENSE:
		return cmd_request_sense(d, cdb, r);
	case INQUIRY:
		return cmd_inquiry(d, cdb, r);
	case MODE_SENSE:
	case MODE_SENSE_10:
		return cmd_mode_sense(d, cdb, r);
	case MODE_SELECT:
	case MODE_SELECT_10:
		return cmd_mode_select(d, cmd, cdb, r->buf);
	case START_STOP:
		return cmd_start_stop(d, cdb);
	case ALLOW_MEDIUM_REMOVAL:
		d->locked = cdb[4] & 0x01;
		return 0;
	case READ_CAPACITY:
		return cmd_read_capacity(d, r);
	case READ_10:
	case READ_12:
		return cmd_read(d, cmd, cdb, r->buf);
	case OP_READ_TOC:
		return cmd_read_toc(d, cdb, r);
	case OP_GET_CONFIGURATION:
		return cmd_get_configuration(d, cdb, r);
	case OP_GESN:
		return cmd_gesn(d, cdb, r);
	case OP_READ_DISC_INFO:
		return cmd_disc_info(d, cdb, r);
	case OP_READ_TRACK_INFO:
		return cmd_track_info(d, cdb, r);
	case OP_READ_FORMAT_CAP:
		return cmd_format_capacities(d, cdb, r);
	case OP_MECHANISM_STATUS:
		return cmd_mechanism_status(d, cdb, r);
	case OP_READ_DISC_STRUCTURE:
		return mmcsim_read_structure(d, cdb, r->buf, &r->len,
					     &r->alloc);
	case OP_SEND_DISC_STRUCTURE:
		return mmcsim_send_structure(d, cmd, cdb, r->buf);
	default:
		return mmcsim_write_dispatch(d, cmd, cdb, r->buf, &r->len,
					     &r->alloc);
	}
}

/*
 * READ(10) and READ(12) put their blocks straight into the command's
 * buffer: a short transfer ends there, what did not come reads zeros, and
 * random bytes replace the blocks.  buf: a block of scratch space.
 */
static void fault_read_data(struct scsi_cmnd *cmd,
			    const struct mmcsim_fault_hit *hit, u8 *buf)
{
	u32 n = scsi_bufflen(cmd) - scsi_get_resid(cmd), off, k;

	for (off = 0; hit->random && off < n; off += k) {
		k = min_t(u32, n - off, MMCSIM_BLOCK);
		mmcsim_fault_noise(hit, off, buf, k);
		sg_pcopy_from_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				     k, off);
	}
	if (!hit->is_short || hit->short_len >= n)
		return;
	memset(buf, 0, MMCSIM_BLOCK);
	for (off = hit->short_len; off < n; off += k) {
		k = min_t(u32, n - off, MMCSIM_BLOCK);
		sg_pcopy_from_buffer(scsi_sglist(cmd), scsi_sg_count(cmd), buf,
				     k, off);
	}
	scsi_set_resid(cmd, scsi_bufflen(cmd) - hit->short_len);
}

void mmcsim_execute(struct mmcsim_drive *d, struct scsi_cmnd *cmd)
{
	struct mmcsim_fault_hit hit = {};
	struct reply r = {};
	u8 op = cmd->cmnd[0];
	bool data_in;
	int res;
	u32 n;

	r.buf = kzalloc(REPLY_SIZE, GFP_KERNEL);
	if (!r.buf) {
		set_host_byte(cmd, DID_ERROR);
		return;
	}
	mutex_lock(&d->lock);
	d->counters[op]++;
	mmcsim_fault_take(d, op, &hit);
	mutex_unlock(&d->lock);

	/* an aborted command never ran: it leaves the drive as it was */
	if (hit.delay_ms && mmcsim_cmd_sleep(cmd, hit.delay_ms)) {
		set_host_byte(cmd, DID_NO_CONNECT);
		goto out;
	}
	if (hit.vanish) {
		mmcsim_vanish(d, cmd);
		goto out;
	}

	mutex_lock(&d->lock);
	if (hit.sense)
		res = SENSE(hit.key, hit.asc, hit.ascq);
	else
		res = dispatch(d, cmd, cmd->cmnd, &r);
	mutex_unlock(&d->lock);

	data_in = cmd->sc_data_direction == DMA_FROM_DEVICE;
	if (res) {
		scsi_build_sense(cmd, 0, (res >> 16) & 0xff, (res >> 8) & 0xff,
				 res & 0xff);
		if (op != READ_10 && op != READ_12)
			scsi_set_resid(cmd, scsi_bufflen(cmd));
		goto out;
	}
	if (data_in && op != READ_10 && op != READ_12) {
		mmcsim_fault_mangle(&hit, op, r.buf, &r.len);
		n = min3(r.len, r.alloc, scsi_bufflen(cmd));
		if (hit.is_short)
			n = min(n, hit.short_len);
		scsi_sg_copy_from_buffer(cmd, r.buf, n);
		scsi_set_resid(cmd, scsi_bufflen(cmd) - n);
	} else if (data_in) {
		fault_read_data(cmd, &hit, r.buf);
	}
	/* the data came, after retries or correction */
	if (hit.recovered)
		scsi_build_sense(cmd, 0, RECOVERED_ERROR, hit.rec_asc,
				 hit.rec_ascq);
out:
	kfree(r.buf);
}

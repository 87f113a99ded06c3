// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: BLANK and FORMAT UNIT, the commands that change what a medium
 * is: blank again, formatted, or another profile of the same disc (a
 * DVD-RW formatted for restricted overwrite, blanked back to sequential
 * recording).  They change the medium model of medium.c; every reply
 * follows from it.
 */
#include <linux/file.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <scsi/scsi.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_proto.h>

#include "compat.h"
#include "mmcsim.h"

#define SENSE(k, a, q)	(1 << 24 | (k) << 16 | (a) << 8 | (q))
#define ERR_INVALID_FIELD	SENSE(ILLEGAL_REQUEST, 0x24, 0x00)
#define ERR_PARAM_FIELD		SENSE(ILLEGAL_REQUEST, 0x26, 0x00)
#define ERR_PARAM_LENGTH	SENSE(ILLEGAL_REQUEST, 0x1a, 0x00)
#define ERR_INCOMPATIBLE_FMT	SENSE(ILLEGAL_REQUEST, 0x30, 0x05)
#define ERR_WRITE_ERROR		SENSE(HARDWARE_ERROR, 0x44, 0x00)

#define ERR_SEQUENCE		SENSE(ILLEGAL_REQUEST, 0x2c, 0x00)

#define PROFILE_DVD_RW_RO	0x0013
#define PROFILE_DVD_RW_SEQ	0x0014
#define PROFILE_BD_R_SRM	0x0041

/* Format types, MMC-6 "Format Descriptor" */
#define FMT_FULL		0x00
#define FMT_DVD_RW_FULL		0x10
#define FMT_DVD_RW_GROW		0x13	/* quick grow the last session */
#define FMT_DVD_RW_QUICK	0x15
#define FMT_BD_R		0x32	/* with spare areas of a chosen size */

/* BD-R format subtypes */
#define SUBTYPE_SRM_POW		0
#define SUBTYPE_SRM		1

/* The drive writes this profile, and reads it */
static bool writes(const struct mmcsim_drive *d,
		   const struct mmcsim_profile *prof)
{
	return prof && (d->write_mask & d->read_mask &
			BIT(prof - mmcsim_profiles));
}

/*
 * Nothing of what the disc held stays: the written blocks, and the
 * contents its description gave.
 */
static int wipe(struct mmcsim_medium *m)
{
	unsigned int i;

	for (i = 0; i < MMCSIM_MAX_TRACKS; i++) {
		if (m->tracks[i].image)
			fput(m->tracks[i].image);
		m->tracks[i].image = NULL;
	}
	m->nr_blocks = 0;
	return mmcsim_write_forget(m) ? ERR_WRITE_ERROR : 0;
}

/* Sequential media: one blank track, the whole disc */
static void to_blank(struct mmcsim_medium *m)
{
	m->nr_tracks = 0;
	m->appendable = false;
	mmcsim_add_invisible(m, 1, 0);
	mmcsim_medium_derive(m);
}

/*
 * BLANK: CD-RW and DVD-RW, the whole disc or its table of contents, back
 * to blank; a DVD-RW in restricted overwrite goes back to sequential
 * recording.
 */
int mmcsim_blank(struct mmcsim_drive *d, const u8 *cdb)
{
	struct mmcsim_medium *m = d->medium;
	const struct mmcsim_profile *seq = m->profile;
	u8 type = cdb[1] & 0x07;
	int res;

	if (m->profile->code == PROFILE_DVD_RW_RO)
		seq = mmcsim_profile_by_code(PROFILE_DVD_RW_SEQ);
	if (!writes(d, m->profile) || !writes(d, seq) ||
	    !seq->erasable || seq->kind != MMCSIM_SEQ)
		return ERR_INCOMPATIBLE_FMT;
	if (type > 1)
		return ERR_INVALID_FIELD;
	res = wipe(m);
	if (res)
		return res;
	m->profile = seq;
	m->formatted = false;
	to_blank(m);
	return 0;
}

/*
 * DVD-RW: a full (00h, 10h) or quick (15h) format makes the disc
 * restricted overwrite, the whole of it formatted, nothing of what it
 * held kept; a quick grow (13h) has nothing left to grow.
 */
static int format_dvd_rw(struct mmcsim_drive *d, struct mmcsim_medium *m,
			 u8 type)
{
	const struct mmcsim_profile *ro =
		mmcsim_profile_by_code(PROFILE_DVD_RW_RO);
	bool is_ro = m->profile == ro;
	int res;

	if (!writes(d, ro))
		return ERR_INCOMPATIBLE_FMT;
	switch (type) {
	case FMT_DVD_RW_GROW:
		return is_ro ? 0 : ERR_PARAM_FIELD;
	case FMT_FULL:
	case FMT_DVD_RW_FULL:
	case FMT_DVD_RW_QUICK:
		break;
	default:
		return ERR_PARAM_FIELD;
	}
	res = wipe(m);
	if (res)
		return res;
	m->profile = ro;
	m->appendable = false;
	mmcsim_medium_format(m, true);
	return 0;
}

/*
 * BD-R, blank and not formatted yet: spare areas (00h: the default; 32h: what the
 * descriptor leaves of the disc), the user capacity the rest, and with
 * subtype 0 pseudo-overwrite, whose replacements the spare areas hold.
 * Random recording (subtype 2) is not offered.
 */
static int format_bd_r(struct mmcsim_medium *m, u32 blocks, u8 type,
		       u8 subtype)
{
	if (m->disc_status != MMCSIM_DISC_BLANK || m->formatted)
		return ERR_SEQUENCE;
	if (type != FMT_FULL && type != FMT_BD_R)
		return ERR_PARAM_FIELD;
	if (subtype != SUBTYPE_SRM_POW && subtype != SUBTYPE_SRM)
		return ERR_PARAM_FIELD;
	if (type == FMT_FULL || !blocks)
		blocks = m->capacity - min(m->capacity / 2, MMCSIM_BD_SPARE);
	if (blocks >= m->capacity)
		return ERR_PARAM_FIELD;
	m->formatted = true;
	m->pow = subtype == SUBTYPE_SRM_POW;
	m->pow_spare = m->pow ? m->capacity - blocks : 0;
	m->capacity = blocks;
	mmcsim_medium_derive(m);
	return 0;
}

/*
 * FORMAT UNIT, with a format descriptor (FmtData). Overwritable media
 * other than DVD-RW: the whole disc becomes formatted and readable,
 * whatever the format type.
 */
int mmcsim_format_unit(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
		       const u8 *cdb, u8 *buf)
{
	struct mmcsim_medium *m = d->medium;
	u32 n = min_t(u32, scsi_bufflen(cmd), 12);
	u8 type;

	if (!writes(d, m->profile))
		return ERR_INCOMPATIBLE_FMT;
	if (!(cdb[1] & 0x10) || (cdb[1] & 0x07) != 1)
		return ERR_INVALID_FIELD;	/* a descriptor must come */
	if (n < 12)
		return ERR_PARAM_LENGTH;
	scsi_sg_copy_to_buffer(cmd, buf, n);
	type = buf[8] >> 2;
	if (m->profile->code == PROFILE_DVD_RW_SEQ ||
	    m->profile->code == PROFILE_DVD_RW_RO)
		return format_dvd_rw(d, m, type);
	if (m->profile->code == PROFILE_BD_R_SRM)
		return format_bd_r(m, get_unaligned_be32(buf + 4), type,
				   buf[8] & 0x03);
	if (m->profile->kind != MMCSIM_RANDOM)
		return ERR_INCOMPATIBLE_FMT;
	mmcsim_medium_format(m, true);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: the disc structures of DVD media, READ DISC STRUCTURE and
 * SEND DISC STRUCTURE.
 *
 * What a structure reports is the medium model's; the one structure a
 * host may send, the layer boundary of a dual layer disc, changes the
 * model (its capacity), and every reply follows.
 */
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
#define ERR_SEQUENCE		SENSE(ILLEGAL_REQUEST, 0x2c, 0x00)
#define ERR_INCOMPATIBLE_FMT	SENSE(ILLEGAL_REQUEST, 0x30, 0x05)

/* Format codes, MMC-6 table "READ DISC STRUCTURE, DVD" */
#define FMT_PHYSICAL		0x00
#define FMT_LAYER_BOUNDARY	0x20
#define FMT_WRITE_PROTECTION	0xc0
#define FMT_LIST		0xff

/* The first physical sector of the data zone */
#define DVD_DATA_ZONE_PSN	0x30000

/* Dual layer recordable DVD: its layer boundary can be read and set */
static bool layer_boundary(const struct mmcsim_medium *m)
{
	return m->profile->layers == 2 && m->profile->kind == MMCSIM_SEQ;
}

/* Once anything is recorded, the drive has fixed the layer boundary */
static bool boundary_fixed(const struct mmcsim_medium *m)
{
	return m->disc_status != MMCSIM_DISC_BLANK;
}

static u32 physical_format(const struct mmcsim_medium *m, u8 *p)
{
	static const u8 book[] = {
		[0x10] = 0x0, [0x11] = 0x2, [0x12] = 0x1, [0x13] = 0x3,
		[0x14] = 0x3, [0x15] = 0x2, [0x1a] = 0x9, [0x1b] = 0xa,
		[0x2b] = 0xe,
	};
	u16 code = m->profile->code;
	u32 l0 = m->profile->layers == 2 ? m->l0_capacity : m->capacity;

	p[4] = (code < ARRAY_SIZE(book) ? book[code] : 0) << 4 | 0x01;
	p[5] = 0x0f;
	p[6] = (m->profile->layers - 1) << 5 |
	       (m->profile->kind == MMCSIM_ROM ? 0x01 :
		m->profile->erasable ? 0x04 : 0x02);
	p[7] = 0x10;
	put_unaligned_be32(DVD_DATA_ZONE_PSN, p + 8);
	put_unaligned_be32(DVD_DATA_ZONE_PSN + m->capacity - 1, p + 12);
	put_unaligned_be32(DVD_DATA_ZONE_PSN + l0 - 1, p + 16);
	return 4 + 2048;
}

/* Format FFh: the structures this medium offers, readable or sendable */
static u32 structure_list(const struct mmcsim_medium *m, u8 *p)
{
	static const struct {
		u8 format;
		u16 len;
	} all[] = {
		{ FMT_PHYSICAL, 4 + 2048 },
		{ FMT_LAYER_BOUNDARY, 4 + 8 },
		{ FMT_WRITE_PROTECTION, 4 + 4 },
		{ FMT_LIST, 0 },
	};
	unsigned int i;
	u32 n = 4;

	for (i = 0; i < ARRAY_SIZE(all); i++) {
		bool send = all[i].format == FMT_LAYER_BOUNDARY;

		if (send && !layer_boundary(m))
			continue;
		p[n] = all[i].format;
		p[n + 1] = (send ? 0x80 : 0) | 0x40;	/* SDS, RDS */
		put_unaligned_be16(all[i].len, p + n + 2);
		n += 4;
	}
	return n;
}

/* READ DISC STRUCTURE of a DVD; d->lock is held */
int mmcsim_read_structure(struct mmcsim_drive *d, const u8 *cdb, u8 *buf,
			  u32 *len, u32 *alloc)
{
	const struct mmcsim_medium *m = d->medium;

	*alloc = get_unaligned_be16(cdb + 8);
	if ((cdb[1] & 0x0f) != 0 || m->profile->family != MMCSIM_DVD)
		return ERR_INVALID_FIELD;
	switch (cdb[7]) {
	case FMT_PHYSICAL:
		*len = physical_format(m, buf);
		break;
	case FMT_LAYER_BOUNDARY:
		if (!layer_boundary(m))
			return ERR_INVALID_FIELD;
		buf[4] = boundary_fixed(m) ? 0x80 : 0;	/* Init Status */
		put_unaligned_be32(m->l0_capacity, buf + 8);
		*len = 4 + 8;
		break;
	case FMT_WRITE_PROTECTION:
		buf[4] = m->write_protect ? 0x02 : 0;
		*len = 8;
		break;
	case FMT_LIST:
		*len = structure_list(m, buf);
		break;
	default:
		return ERR_INVALID_FIELD;
	}
	put_unaligned_be16(*len - 2, buf);
	return 0;
}

/*
 * SEND DISC STRUCTURE: format 20h sets the L0 data zone capacity of a
 * blank dual layer disc, rounded up to the ECC block; the second layer
 * holds as much, so the disc's capacity becomes twice it.
 */
int mmcsim_send_structure(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
			  const u8 *cdb, u8 *buf)
{
	struct mmcsim_medium *m = d->medium;
	u32 n = min3((u32)get_unaligned_be16(cdb + 8), scsi_bufflen(cmd),
		     (u32)MMCSIM_BLOCK);
	u32 l0;

	if (!(d->write_mask & BIT(m->profile - mmcsim_profiles)))
		return ERR_INCOMPATIBLE_FMT;
	if ((cdb[1] & 0x0f) != 0 || cdb[7] != FMT_LAYER_BOUNDARY ||
	    !layer_boundary(m))
		return ERR_INVALID_FIELD;
	if (boundary_fixed(m))
		return ERR_SEQUENCE;
	if (n < 12)
		return ERR_PARAM_FIELD;
	scsi_sg_copy_to_buffer(cmd, buf, n);
	l0 = get_unaligned_be32(buf + 8);
	if (!l0 || l0 > m->l0_max)
		return ERR_PARAM_FIELD;
	mmcsim_medium_set_layer_break(m, ALIGN(l0, 16));
	return 0;
}

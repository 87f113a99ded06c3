// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: the medium model and its text description.
 *
 * A description names a profile and the recorded layout; everything a
 * command reports (disc status, next writable address, free blocks, TOC,
 * capacity) is derived here once, so that all commands agree.
 */
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "mmcsim.h"

const struct mmcsim_profile mmcsim_profiles[] = {
	{ 0x0008, "cd-rom", "CD-ROM", MMCSIM_CD, MMCSIM_ROM, false, 1, 359849, 0 },
	{ 0x0009, "cd-r", "CD-R", MMCSIM_CD, MMCSIM_SEQ, false, 1, 359849, 0 },
	{ 0x000a, "cd-rw", "CD-RW", MMCSIM_CD, MMCSIM_SEQ, true, 1, 359849, 0 },
	{ 0x0010, "dvd-rom", "DVD-ROM", MMCSIM_DVD, MMCSIM_ROM, false, 1, 2295104, 0 },
	{ 0x0011, "dvd-r", "DVD-R Sequential Recording", MMCSIM_DVD,
	  MMCSIM_SEQ, false, 1, 2298496, 0 },
	{ 0x0012, "dvd-ram", "DVD-RAM", MMCSIM_DVD, MMCSIM_RANDOM, true, 1,
	  2236704, MMCSIM_DISC_OTHER },
	{ 0x0013, "dvd-rw-ro", "DVD-RW Restricted Overwrite", MMCSIM_DVD,
	  MMCSIM_RANDOM, true, 1, 2297888, MMCSIM_DISC_COMPLETE },
	{ 0x0014, "dvd-rw", "DVD-RW Sequential Recording", MMCSIM_DVD,
	  MMCSIM_SEQ, true, 1, 2297888, 0 },
	{ 0x0015, "dvd-r-dl", "DVD-R Dual Layer Sequential Recording",
	  MMCSIM_DVD, MMCSIM_SEQ, false, 2, 4171712, 0 },
	{ 0x001a, "dvd+rw", "DVD+RW", MMCSIM_DVD, MMCSIM_RANDOM, true, 1,
	  2295104, MMCSIM_DISC_COMPLETE },
	{ 0x001b, "dvd+r", "DVD+R", MMCSIM_DVD, MMCSIM_SEQ, false, 1, 2295104, 0 },
	{ 0x002b, "dvd+r-dl", "DVD+R Dual Layer", MMCSIM_DVD, MMCSIM_SEQ, false,
	  2, 4173824, 0 },
	{ 0x0040, "bd-rom", "BD-ROM", MMCSIM_BD, MMCSIM_ROM, false, 1, 12219392, 0 },
	{ 0x0041, "bd-r", "BD-R Sequential Recording", MMCSIM_BD, MMCSIM_SEQ,
	  false, 1, 12219392, 0 },
	{ 0x0042, "bd-r-rrm", "BD-R Random Recording", MMCSIM_BD, MMCSIM_RANDOM,
	  false, 1, 12219392, MMCSIM_DISC_APPENDABLE },
	{ 0x0043, "bd-re", "BD-RE", MMCSIM_BD, MMCSIM_RANDOM, true, 1, 11826176,
	  MMCSIM_DISC_OTHER },
};

const unsigned int mmcsim_nr_profiles = ARRAY_SIZE(mmcsim_profiles);

const struct mmcsim_profile *mmcsim_profile_by_code(u16 code)
{
	unsigned int i;

	for (i = 0; i < mmcsim_nr_profiles; i++)
		if (mmcsim_profiles[i].code == code)
			return &mmcsim_profiles[i];
	return NULL;
}

const struct mmcsim_profile *mmcsim_profile_by_name(const char *name)
{
	unsigned int i;
	u16 code;

	for (i = 0; i < mmcsim_nr_profiles; i++)
		if (!strcasecmp(mmcsim_profiles[i].name, name))
			return &mmcsim_profiles[i];
	if (!kstrtou16(name, 0, &code))
		return mmcsim_profile_by_code(code);
	return NULL;
}

u32 mmcsim_track_end(const struct mmcsim_track *t)
{
	if (mmcsim_track_unfinished(t))
		return t->start + t->size;
	return t->start + t->length;
}

bool mmcsim_track_in_toc(const struct mmcsim_track *t)
{
	return t->state == MMCSIM_TRACK_COMPLETE ||
	       t->state == MMCSIM_TRACK_DAMAGED;
}

const struct mmcsim_track *mmcsim_track_at(const struct mmcsim_medium *m,
					   u32 lba)
{
	unsigned int i;

	for (i = 0; i < m->nr_tracks; i++) {
		const struct mmcsim_track *t = &m->tracks[i];

		if (lba >= t->start && lba < mmcsim_track_end(t))
			return t;
	}
	return NULL;
}

/* A track still written to: the invisible, an incomplete, a reserved one */
bool mmcsim_track_unfinished(const struct mmcsim_track *t)
{
	return t->state == MMCSIM_TRACK_INVISIBLE ||
	       t->state == MMCSIM_TRACK_INCOMPLETE ||
	       t->state == MMCSIM_TRACK_RESERVED;
}

/* Where a track may start after lba: DVD and BD write whole ECC blocks */
u32 mmcsim_align(const struct mmcsim_medium *m, u32 lba)
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

/* Where the first track of a session may start after one ending at end */
u32 mmcsim_session_start(const struct mmcsim_medium *m, u32 end, u8 session)
{
	if (m->profile->family != MMCSIM_CD)
		return mmcsim_align(m, end);
	return end + (session == 2 ? MMCSIM_CD_LEADOUT_FIRST :
		      MMCSIM_CD_LEADOUT_NEXT) +
	       MMCSIM_CD_LEADIN + MMCSIM_CD_PREGAP;
}

/* Where the next track of the session may start after one ending at end */
u32 mmcsim_track_next(const struct mmcsim_medium *m, u32 end)
{
	return mmcsim_align(m, end) +
	       (m->profile->family == MMCSIM_CD ? MMCSIM_CD_PREGAP : 0);
}

/* A blank track from start to the end of the disc, in session */
int mmcsim_add_invisible(struct mmcsim_medium *m, u8 session, u32 start)
{
	struct mmcsim_track *t;

	if (m->nr_tracks >= MMCSIM_MAX_TRACKS)
		return -ENOSPC;
	t = &m->tracks[m->nr_tracks++];
	if (t->image)		/* of a track blanked away */
		fput(t->image);
	memset(t, 0, sizeof(*t));
	t->number = m->nr_tracks;
	t->session = session;
	t->state = MMCSIM_TRACK_INVISIBLE;
	t->start = start;
	return 0;
}

/*
 * Everything the replies report, derived from the tracks alone: each
 * track's size, next writable address and free blocks, the readable end,
 * the session counts, the disc status and the state of the last session,
 * and on CD where the lead-in of the last session starts. The parser
 * calls it once a description is laid out, the write path after every
 * change, so that a written medium and its description answer alike.
 */
void mmcsim_medium_derive(struct mmcsim_medium *m)
{
	const struct mmcsim_track *last;
	unsigned int i, recorded = 0;
	u32 end = 0;
	bool open;

	if (m->profile->kind == MMCSIM_RANDOM) {
		mmcsim_medium_format(m, m->formatted);
		return;
	}
	last = &m->tracks[m->nr_tracks - 1];
	open = mmcsim_track_unfinished(last);
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
		default:	/* incomplete or invisible: up to the end */
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
	/* CD: where the lead-in of the last session starts (or would) */
	if (m->profile->family == MMCSIM_CD && open)
		m->leadin_next = last->session == 1 ? MMCSIM_CD_ATIP_LEADIN :
				 end + (last->session == 2 ?
					MMCSIM_CD_LEADOUT_FIRST :
					MMCSIM_CD_LEADOUT_NEXT);
}

/*
 * Overwritable media are one track: formatted, the whole disc recorded
 * and readable; blank, one invisible track.
 */
void mmcsim_medium_format(struct mmcsim_medium *m, bool formatted)
{
	struct mmcsim_track *t = &m->tracks[0];

	m->formatted = formatted;
	m->nr_tracks = 1;
	m->nr_sessions = 1;
	t->number = 1;
	t->session = 1;
	t->start = 0;
	t->size = m->capacity;
	t->nwa = 0;
	if (formatted) {
		t->state = MMCSIM_TRACK_COMPLETE;
		t->length = m->capacity;
		t->free = 0;
		m->nr_closed = 1;
		m->disc_status = m->profile->formatted_status;
		m->session_state = MMCSIM_SESSION_COMPLETE;
		m->read_end = m->capacity;
	} else {
		t->state = MMCSIM_TRACK_INVISIBLE;
		t->length = 0;
		t->free = m->capacity;
		m->nr_closed = 0;
		m->disc_status = MMCSIM_DISC_BLANK;
		m->session_state = MMCSIM_SESSION_EMPTY;
		m->read_end = 0;
	}
}

/*
 * The layer boundary of a dual layer disc: layer 0 holds l0 blocks, and
 * the second layer, read back towards the centre, as many.
 */
void mmcsim_medium_set_layer_break(struct mmcsim_medium *m, u32 l0)
{
	m->l0_capacity = l0;
	m->capacity = 2 * l0;
	mmcsim_medium_derive(m);
}

static const char * const track_state_names[] = {
	[MMCSIM_TRACK_COMPLETE] = "complete",
	[MMCSIM_TRACK_INCOMPLETE] = "incomplete",
	[MMCSIM_TRACK_INVISIBLE] = "invisible",
	[MMCSIM_TRACK_RESERVED] = "reserved",
	[MMCSIM_TRACK_DAMAGED] = "damaged",
};

static const char * const disc_status_names[] = {
	[MMCSIM_DISC_BLANK] = "blank",
	[MMCSIM_DISC_APPENDABLE] = "appendable",
	[MMCSIM_DISC_COMPLETE] = "complete",
	[MMCSIM_DISC_OTHER] = "other",
};

/* State of the parser between lines */
struct mmcsim_parse {
	struct mmcsim_medium *m;
	const char *dir;
	char *err;
	size_t errlen;
	unsigned int line;
	u8 session;		/* current session number, 0 before any */
	bool open[MMCSIM_MAX_TRACKS + 1];
	bool capacity_given;
	int formatted;		/* -1: not said */
};

static __printf(2, 3) int perr(struct mmcsim_parse *p, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = scnprintf(p->err, p->errlen, "line %u: ", p->line);
	va_start(ap, fmt);
	vscnprintf(p->err + n, p->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Open a file the description names; relative to its own directory */
static struct file *open_file(struct mmcsim_parse *p, const char *path,
			      int flags, char **full_path)
{
	struct file *f;
	char *full;

	if (path[0] != '/' && p->dir)
		full = kasprintf(GFP_KERNEL, "%s/%s", p->dir, path);
	else
		full = kstrdup(path, GFP_KERNEL);
	if (!full)
		return ERR_PTR(-ENOMEM);
	f = filp_open(full, flags | O_LARGEFILE, 0600);
	if (IS_ERR(f))
		perr(p, "cannot open %s (%ld)", full, PTR_ERR(f));
	if (full_path && !IS_ERR(f))
		*full_path = full;
	else
		kfree(full);
	return f;
}

static struct file *open_path(struct mmcsim_parse *p, const char *path)
{
	return open_file(p, path, O_RDONLY, NULL);
}

/*
 * "backing PATH": the blocks burners write are kept in this sparse file
 * (created if need be), at LBA * 2048, and the blocks it holds were
 * written before: a medium saved as its description (configfs medium)
 * and this file loads again as it was.
 */
static int parse_backing(struct mmcsim_parse *p, const char *path)
{
	struct mmcsim_medium *m = p->m;
	struct file *f;
	int ret;

	if (!path || !*path)
		return perr(p, "backing: expected a file");
	if (m->backing)
		return perr(p, "backing: given twice");
	f = open_file(p, path, O_RDWR | O_CREAT, &m->backing_path);
	if (IS_ERR(f))
		return PTR_ERR(f);
	if (!S_ISREG(file_inode(f)->i_mode)) {
		fput(f);
		return perr(p, "backing: %s is not a regular file",
			    m->backing_path);
	}
	ret = mmcsim_write_attach(m, f);
	return ret ? perr(p, "backing: cannot read %s (%d)",
			  m->backing_path, ret) : 0;
}

static int parse_u32(struct mmcsim_parse *p, const char *key, const char *val,
		     u32 *out)
{
	if (kstrtou32(val, 0, out))
		return perr(p, "%s: not a number: %s", key, val);
	return 0;
}

static int parse_bool(struct mmcsim_parse *p, const char *val, bool *out)
{
	if (!val || kstrtobool(val, out))
		return perr(p, "expected yes or no");
	return 0;
}

/*
 * The next KEY=VALUE of a statement's arguments: 1 with key and val set,
 * 0 at their end, or an error that names the statement.
 */
static int next_pair(struct mmcsim_parse *p, char **args, const char *what,
		     char **key, char **val)
{
	char *tok;

	while ((tok = strsep(args, " \t")) != NULL) {
		if (!*tok)
			continue;
		*val = strchr(tok, '=');
		if (!*val)
			return perr(p, "%s: expected key=value: %s", what, tok);
		*(*val)++ = '\0';
		*key = tok;
		return 1;
	}
	return 0;
}

static int parse_track(struct mmcsim_parse *p, char *args)
{
	struct mmcsim_medium *m = p->m;
	struct mmcsim_track *t;
	char *tok, *val;
	bool have_length = false;
	int ret;

	if (m->nr_tracks >= MMCSIM_MAX_TRACKS - 1)
		return perr(p, "too many tracks");
	if (!p->session)
		p->session = 1;
	t = &m->tracks[m->nr_tracks++];
	t->number = m->nr_tracks;
	t->session = p->session;
	t->state = MMCSIM_TRACK_COMPLETE;

	while ((ret = next_pair(p, &args, "track", &tok, &val)) > 0) {
		if (!strcmp(tok, "start")) {
			ret = parse_u32(p, tok, val, &t->start);
			t->start_given = true;
		} else if (!strcmp(tok, "length")) {
			ret = parse_u32(p, tok, val, &t->length);
			have_length = true;
		} else if (!strcmp(tok, "size")) {
			ret = parse_u32(p, tok, val, &t->size);
		} else if (!strcmp(tok, "mode")) {
			ret = 0;
			if (!strcmp(val, "audio"))
				t->audio = true;
			else if (strcmp(val, "data"))
				ret = perr(p, "mode: data or audio");
		} else if (!strcmp(tok, "state")) {
			unsigned int i;

			ret = perr(p, "unknown track state %s", val);
			for (i = 0; i < ARRAY_SIZE(track_state_names); i++) {
				if (!strcmp(val, track_state_names[i])) {
					t->state = i;
					ret = 0;
				}
			}
		} else if (!strcmp(tok, "image")) {
			struct file *f = open_path(p, val);

			if (IS_ERR(f))
				return PTR_ERR(f);
			if (t->image)
				fput(t->image);
			t->image = f;
			t->image_blocks = i_size_read(file_inode(f)) /
					  MMCSIM_BLOCK;
			ret = 0;
		} else {
			ret = perr(p, "track: unknown key %s", tok);
		}
		if (ret)
			return ret;
	}
	if (ret)
		return ret;
	if (!have_length && t->image &&
	    (t->state == MMCSIM_TRACK_COMPLETE ||
	     t->state == MMCSIM_TRACK_DAMAGED ||
	     t->state == MMCSIM_TRACK_INCOMPLETE))
		t->length = min_t(u64, t->image_blocks, U32_MAX);
	if ((t->state == MMCSIM_TRACK_COMPLETE ||
	     t->state == MMCSIM_TRACK_DAMAGED) && !t->length)
		return perr(p, "a recorded track needs length= or image=");
	if (t->state == MMCSIM_TRACK_INVISIBLE && t->length)
		return perr(p, "an invisible track has no recorded blocks");
	if (t->state == MMCSIM_TRACK_RESERVED && t->size < t->length)
		return perr(p, "a reserved track needs size= >= length=");
	return 0;
}

static int hexval(char c)
{
	if (isdigit(c))
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_block(struct mmcsim_parse *p, char *args)
{
	struct mmcsim_medium *m = p->m;
	struct mmcsim_blocks *b;
	char *tok, *val, *lba;
	int ret;

	if (m->nr_blocks >= MMCSIM_MAX_BLOCKS)
		return perr(p, "too many block lines");
	b = &m->blocks[m->nr_blocks++];
	lba = strsep(&args, " \t");
	if (!lba || parse_u32(p, "block", lba, &b->lba))
		return perr(p, "block: expected a block address");
	b->count = 1;
	while ((ret = next_pair(p, &args, "block", &tok, &val)) > 0) {
		if (!strcmp(tok, "file")) {
			struct file *f = open_path(p, val);
			u64 blocks;

			if (IS_ERR(f))
				return PTR_ERR(f);
			if (b->file)
				fput(b->file);
			b->file = f;
			blocks = DIV_ROUND_UP(i_size_read(file_inode(f)),
					      MMCSIM_BLOCK);
			b->count = clamp_t(u64, blocks, 1, U32_MAX);
		} else if (!strcmp(tok, "hex")) {
			size_t i, n = strlen(val);

			if (n % 2 || n / 2 > MMCSIM_BLOCK)
				return perr(p, "hex: even count of digits, at most one block");
			kfree(b->data);
			b->data = kzalloc(MMCSIM_BLOCK, GFP_KERNEL);
			if (!b->data)
				return -ENOMEM;
			for (i = 0; i < n; i += 2) {
				int hi = hexval(val[i]), lo = hexval(val[i + 1]);

				if (hi < 0 || lo < 0)
					return perr(p, "hex: bad digit");
				b->data[i / 2] = hi << 4 | lo;
			}
		} else {
			return perr(p, "block: unknown key %s", tok);
		}
	}
	if (ret < 0)
		return ret;
	ret = (b->file || b->data) ? 0 : perr(p, "block: needs file= or hex=");
	return ret;
}

/* ECMA-119 fields are stored twice, little endian then big endian */
static void both32(u8 *p, u32 v)
{
	put_unaligned_le32(v, p);
	put_unaligned_be32(v, p + 4);
}

static void both16(u8 *p, u16 v)
{
	put_unaligned_le16(v, p);
	put_unaligned_be16(v, p + 2);
}

static void iso_dir_record(u8 *p, u32 extent, u8 id)
{
	p[0] = 34;
	both32(p + 2, extent);
	both32(p + 10, MMCSIM_BLOCK);
	p[18] = 124;			/* 2024-01-01 */
	p[19] = 1;
	p[20] = 1;
	p[25] = 0x02;			/* directory */
	both16(p + 28, 1);
	p[32] = 1;
	p[33] = id;
}

static u8 *add_inline(struct mmcsim_parse *p, u32 lba)
{
	struct mmcsim_blocks *b;

	if (p->m->nr_blocks >= MMCSIM_MAX_BLOCKS) {
		perr(p, "too many block lines");
		return NULL;
	}
	b = &p->m->blocks[p->m->nr_blocks++];
	b->lba = lba;
	b->count = 1;
	b->data = kzalloc(MMCSIM_BLOCK, GFP_KERNEL);
	if (!b->data)
		perr(p, "out of memory");
	return b->data;
}

/*
 * "iso LBA size=N label=X": a minimal ISO 9660 volume (an empty root
 * directory) whose session starts at LBA, so that blkid, mount and the
 * multi-session tools find a file system there. Addresses are absolute,
 * as in any later session; size is the volume space size, in blocks.
 */
static int parse_iso(struct mmcsim_parse *p, char *args)
{
	char label[33] = "MMCSIM";
	u32 base, size = 0;
	u8 *pvd, *term, *lpt, *mpt, *root;
	char *tok, *val;
	size_t n;
	int ret;

	tok = strsep(&args, " \t");
	if (!tok || parse_u32(p, "iso", tok, &base))
		return perr(p, "iso: expected the session's first block");
	while ((ret = next_pair(p, &args, "iso", &tok, &val)) > 0) {
		if (!strcmp(tok, "size")) {
			if (parse_u32(p, tok, val, &size))
				return -EINVAL;
		} else if (!strcmp(tok, "label")) {
			strscpy(label, val, sizeof(label));
		} else {
			return perr(p, "iso: unknown key %s", tok);
		}
	}
	if (ret < 0)
		return ret;
	if (size < base + 21)
		size = base + 21;
	pvd = add_inline(p, base + 16);
	term = pvd ? add_inline(p, base + 17) : NULL;
	lpt = term ? add_inline(p, base + 18) : NULL;
	mpt = lpt ? add_inline(p, base + 19) : NULL;
	root = mpt ? add_inline(p, base + 20) : NULL;
	if (!root)
		return -ENOMEM;

	pvd[0] = 1;
	memcpy(pvd + 1, "CD001", 5);
	pvd[6] = 1;
	memset(pvd + 8, ' ', 64);
	n = strlen(label);
	memcpy(pvd + 40, label, n);
	both32(pvd + 80, size);
	both16(pvd + 120, 1);
	both16(pvd + 124, 1);
	both16(pvd + 128, MMCSIM_BLOCK);
	both32(pvd + 132, 10);
	put_unaligned_le32(base + 18, pvd + 140);
	put_unaligned_be32(base + 19, pvd + 148);
	iso_dir_record(pvd + 156, base + 20, 0);
	memset(pvd + 190, ' ', 623);
	memset(pvd + 813, '0', 16 * 4 + 3);
	pvd[829] = 0;
	pvd[846] = 0;
	pvd[863] = 0;
	pvd[880] = 0;
	pvd[881] = 1;

	term[0] = 0xff;
	memcpy(term + 1, "CD001", 5);
	term[6] = 1;

	lpt[0] = 1;
	put_unaligned_le32(base + 20, lpt + 2);
	put_unaligned_le16(1, lpt + 6);
	mpt[0] = 1;
	put_unaligned_be32(base + 20, mpt + 2);
	put_unaligned_be16(1, mpt + 6);

	iso_dir_record(root, base + 20, 0);
	iso_dir_record(root + 34, base + 20, 1);
	return 0;
}

static int parse_line(struct mmcsim_parse *p, char *line)
{
	struct mmcsim_medium *m = p->m;
	char *key, *rest;
	int ret = 0;
	bool yes;

	line = strim(line);
	rest = strchr(line, '#');
	if (rest)
		*rest = '\0';
	line = strim(line);
	if (!*line)
		return 0;
	key = strsep(&line, " \t");
	rest = line ? strim(line) : NULL;

	if (!strcmp(key, "profile")) {
		m->profile = rest ? mmcsim_profile_by_name(rest) : NULL;
		if (!m->profile)
			return perr(p, "unknown profile %s", rest ?: "");
	} else if (!strcmp(key, "capacity")) {
		ret = rest ? parse_u32(p, key, rest, &m->capacity) :
			     perr(p, "capacity: missing value");
		p->capacity_given = true;
	} else if (!strcmp(key, "status")) {
		unsigned int i;

		ret = perr(p, "unknown status %s", rest ?: "");
		for (i = 0; rest && i < ARRAY_SIZE(disc_status_names); i++) {
			if (!strcmp(rest, disc_status_names[i])) {
				m->status_override = i;
				ret = 0;
			}
		}
	} else if (!strcmp(key, "session")) {
		if (p->session >= MMCSIM_MAX_TRACKS)
			return perr(p, "too many sessions");
		p->session++;
		if (rest && !strcmp(rest, "open"))
			p->open[p->session] = true;
		else if (rest && strcmp(rest, "closed"))
			return perr(p, "session: open or closed");
	} else if (!strcmp(key, "track")) {
		ret = parse_track(p, rest ?: "");
	} else if (!strcmp(key, "appendable")) {
		ret = parse_bool(p, rest ?: "yes", &m->appendable);
	} else if (!strcmp(key, "formatted")) {
		ret = parse_bool(p, rest, &yes);
		p->formatted = yes;
	} else if (!strcmp(key, "pow")) {
		ret = parse_bool(p, rest, &m->pow);
	} else if (!strcmp(key, "write-protect")) {
		ret = parse_bool(p, rest, &m->write_protect);
	} else if (!strcmp(key, "block")) {
		ret = parse_block(p, rest ?: "");
	} else if (!strcmp(key, "iso")) {
		ret = parse_iso(p, rest ?: "");
	} else if (!strcmp(key, "backing")) {
		ret = parse_backing(p, rest);
	} else if (!strcmp(key, "name") || !strcmp(key, "expect") ||
		   !strcmp(key, "deviation")) {
		/* for people and tests, not for the drive */
	} else {
		ret = perr(p, "unknown keyword %s", key);
	}
	return ret;
}

static int add_invisible(struct mmcsim_parse *p, u8 session, u32 start)
{
	if (mmcsim_add_invisible(p->m, session, start))
		return perr(p, "too many tracks");
	return 0;
}

static int layout_random(struct mmcsim_parse *p)
{
	if (p->m->nr_tracks)
		return perr(p, "random-writable media take formatted yes|no, not tracks");
	mmcsim_medium_format(p->m, p->formatted != 0);
	return 0;
}

/*
 * Place the tracks of sequential and read-only media: fill in starts not
 * given, check those given against the gaps the format needs, then
 * derive the writable state of the last session.
 */
static int layout_sequential(struct mmcsim_parse *p)
{
	struct mmcsim_medium *m = p->m;
	const struct mmcsim_profile *prof = m->profile;
	bool cd = prof->family == MMCSIM_CD;
	u32 prev_end = 0, session_end = 0, min;
	unsigned int i;
	u8 last_session;
	bool last_open;
	int ret;

	last_session = m->nr_tracks ? m->tracks[m->nr_tracks - 1].session : 0;
	if (last_session != p->session && p->session)
		return perr(p, "session %u has no track", p->session);
	last_open = last_session && p->open[last_session];

	for (i = 0; i < m->nr_tracks; i++) {
		struct mmcsim_track *t = &m->tracks[i];
		bool first = !i || m->tracks[i - 1].session != t->session;
		bool last = i == m->nr_tracks - 1;

		p->line = 0;
		if (t->state != MMCSIM_TRACK_COMPLETE &&
		    t->state != MMCSIM_TRACK_DAMAGED) {
			if (prof->kind == MMCSIM_ROM)
				return perr(p, "track %u: pressed media have complete tracks only",
					    t->number);
			if (!p->open[t->session])
				return perr(p, "track %u: unfinished, in a closed session",
					    t->number);
			if (t->state != MMCSIM_TRACK_RESERVED && !last)
				return perr(p, "track %u: unfinished, and not the last",
					    t->number);
		}
		if (p->open[t->session] && t->session != last_session)
			return perr(p, "session %u: only the last session may be open",
				    t->session);
		if (first && i)
			session_end = prev_end;
		if (!first)
			min = prev_end;
		else if (t->session == 1)
			min = 0;
		else
			min = mmcsim_session_start(m, session_end, t->session);
		if (cd && !first && t->state == MMCSIM_TRACK_INVISIBLE)
			min += MMCSIM_CD_PREGAP;
		if (!t->start_given)
			t->start = min;
		else if (t->start < min)
			return perr(p, "track %u: start %u is before %u (previous track and gaps)",
				    t->number, t->start, min);
		prev_end = t->start + (t->state == MMCSIM_TRACK_RESERVED ?
				       t->size : t->length);
	}

	if (prof->kind == MMCSIM_ROM) {
		if (!m->nr_tracks)
			return perr(p, "pressed media need at least one track");
		if (!p->capacity_given || m->capacity < prev_end)
			m->capacity = prev_end;
		m->appendable = false;
	}

	/* The rest of the disc is the invisible track */
	if (!m->nr_tracks) {
		ret = add_invisible(p, 1, 0);
	} else if (last_open) {
		struct mmcsim_track *t = &m->tracks[m->nr_tracks - 1];

		ret = 0;
		if (t->state != MMCSIM_TRACK_INCOMPLETE &&
		    t->state != MMCSIM_TRACK_INVISIBLE)
			ret = add_invisible(p, last_session,
					    mmcsim_track_next(m, prev_end));
	} else if (m->appendable) {
		ret = add_invisible(p, last_session + 1,
				    mmcsim_session_start(m, prev_end,
							 last_session + 1));
	} else {
		ret = 0;
	}
	if (ret)
		return ret;

	/* what the derivation takes for granted */
	for (i = 0; i < m->nr_tracks; i++) {
		struct mmcsim_track *t = &m->tracks[i];

		p->line = 0;
		if (mmcsim_track_unfinished(t) &&
		    t->state != MMCSIM_TRACK_RESERVED) {
			if (t->start > m->capacity)
				return perr(p, "track %u starts at %u, past the capacity %u",
					    t->number, t->start, m->capacity);
			if (t->start + t->length > m->capacity)
				return perr(p, "track %u: recorded past the capacity %u",
					    t->number, m->capacity);
		}
		if (t->start + t->length > m->capacity)
			return perr(p, "track %u ends past the capacity %u",
				    t->number, m->capacity);
	}
	mmcsim_medium_derive(m);
	return 0;
}

void mmcsim_medium_free(struct mmcsim_medium *m)
{
	unsigned int i;

	if (!m)
		return;
	mmcsim_write_free(m);
	for (i = 0; i < MMCSIM_MAX_TRACKS; i++)
		if (m->tracks[i].image)
			fput(m->tracks[i].image);
	for (i = 0; i < MMCSIM_MAX_BLOCKS; i++) {
		if (m->blocks[i].file)
			fput(m->blocks[i].file);
		kfree(m->blocks[i].data);
	}
	kfree(m->backing_path);
	kfree(m->text);
	kvfree(m);
}

struct mmcsim_medium *mmcsim_medium_parse(const char *text, size_t len,
					  const char *dir, char *err,
					  size_t errlen)
{
	struct mmcsim_parse p = {
		.dir = dir, .err = err, .errlen = errlen, .formatted = -1,
	};
	struct mmcsim_medium *m;
	char *copy, *cur, *line;
	int ret = 0;

	if (len > MMCSIM_DESC_MAX)
		return ERR_PTR(-EFBIG);
	m = kvzalloc(sizeof(*m), GFP_KERNEL);
	copy = kmemdup_nul(text, len, GFP_KERNEL);
	if (!m || !copy) {
		kvfree(m);
		kfree(copy);
		return ERR_PTR(-ENOMEM);
	}
	m->status_override = -1;
	xa_init(&m->written);
	p.m = m;
	cur = copy;
	while (!ret && (line = strsep(&cur, "\n")) != NULL) {
		p.line++;
		ret = parse_line(&p, line);
	}
	kfree(copy);
	if (!ret && !m->profile)
		ret = perr(&p, "no profile line");
	if (!ret) {
		if (!p.capacity_given)
			m->capacity = m->profile->capacity;
		m->l0_capacity = ALIGN_DOWN(m->capacity / 2, 16);
		m->l0_max = m->l0_capacity;
		if (m->pow && m->profile->code != 0x0041)
			ret = perr(&p, "pow: only BD-R sequential recording has pseudo-overwrite");
		/* as formatted with the default spare areas */
		if (m->pow)
			m->pow_spare = MMCSIM_BD_SPARE;
	}
	if (!ret) {
		if (m->profile->kind == MMCSIM_RANDOM)
			ret = layout_random(&p);
		else
			ret = layout_sequential(&p);
	}
	if (!ret && m->status_override >= 0)
		m->disc_status = m->status_override;
	if (!ret) {
		m->text = kmemdup_nul(text, len, GFP_KERNEL);
		m->text_len = len;
		if (!m->text)
			ret = -ENOMEM;
	}
	if (ret) {
		mmcsim_medium_free(m);
		return ERR_PTR(ret);
	}
	return m;
}

/* Fill one block: described blocks first, then the track image, else zeros */
int mmcsim_medium_read(const struct mmcsim_medium *m, u32 lba, u8 *buf)
{
	const struct mmcsim_track *t;
	unsigned int i;
	loff_t pos;
	ssize_t n;
	int ret;

	if (lba >= m->read_end)
		return -ERANGE;
	/* what a burner wrote wins over the description */
	ret = mmcsim_written(m, lba, buf);
	if (ret)
		return ret < 0 ? ret : 0;
	for (i = m->nr_blocks; i-- > 0;) {
		const struct mmcsim_blocks *b = &m->blocks[i];

		if (lba < b->lba || lba - b->lba >= b->count)
			continue;
		if (b->data) {
			memcpy(buf, b->data, MMCSIM_BLOCK);
			return 0;
		}
		memset(buf, 0, MMCSIM_BLOCK);
		pos = (loff_t)(lba - b->lba) * MMCSIM_BLOCK;
		n = kernel_read(b->file, buf, MMCSIM_BLOCK, &pos);
		return n < 0 ? n : 0;
	}
	memset(buf, 0, MMCSIM_BLOCK);
	t = mmcsim_track_at(m, lba);
	if (t && t->image && lba - t->start < t->image_blocks) {
		pos = (loff_t)(lba - t->start) * MMCSIM_BLOCK;
		n = kernel_read(t->image, buf, MMCSIM_BLOCK, &pos);
		return n < 0 ? n : 0;
	}
	return 0;
}

/* The derived model, in the description's own words */
ssize_t mmcsim_medium_show(const struct mmcsim_medium *m, char *buf,
			   size_t size)
{
	size_t n = 0;
	unsigned int i;

	n += scnprintf(buf + n, size - n,
		       "profile %s\t# 0x%04x %s\ncapacity %u\nstatus %s\n",
		       m->profile->name, m->profile->code, m->profile->title,
		       m->capacity, disc_status_names[m->disc_status]);
	n += scnprintf(buf + n, size - n,
		       "# sessions %u closed %u tracks %u readable %u\n",
		       m->nr_sessions, m->nr_closed, m->nr_tracks, m->read_end);
	if (m->profile->kind == MMCSIM_RANDOM)
		n += scnprintf(buf + n, size - n, "formatted %s\n",
			       m->formatted ? "yes" : "no");
	if (m->pow)
		n += scnprintf(buf + n, size - n, "pow yes\n");
	if (m->backing_path)
		n += scnprintf(buf + n, size - n, "backing %s\n",
			       m->backing_path);
	/* overwritable media are one track, which formatted says */
	for (i = 0; m->profile->kind != MMCSIM_RANDOM && i < m->nr_tracks;
	     i++) {
		const struct mmcsim_track *t = &m->tracks[i];

		if (!i || t->session != m->tracks[i - 1].session)
			n += scnprintf(buf + n, size - n, "session %s\n",
				       t->session > m->nr_closed ? "open" :
								   "closed");
		n += scnprintf(buf + n, size - n,
			       "track mode=%s state=%s start=%u length=%u",
			       t->audio ? "audio" : "data",
			       track_state_names[t->state], t->start,
			       t->length);
		if (t->state == MMCSIM_TRACK_RESERVED)
			n += scnprintf(buf + n, size - n, " size=%u", t->size);
		if (t->state != MMCSIM_TRACK_COMPLETE &&
		    t->state != MMCSIM_TRACK_DAMAGED)
			n += scnprintf(buf + n, size - n, "\t# nwa %u free %u",
				       t->nwa, t->free);
		n += scnprintf(buf + n, size - n, "\n");
	}
	return n;
}

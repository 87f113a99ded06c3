// SPDX-License-Identifier: GPL-2.0
/*
 * Drive faults: every command a refresh sends, failed by the simulated
 * drive in every way a drive can fail it.  The cases are the rows of the
 * table "Drive faults" in Documentation/admin-guide/cdrom-msinfo.rst, which
 * this test reads: each row names the command, the medium whose refresh
 * sends it, the fault, and what the refresh returns, what "error" says and
 * in which state the drive is left.  For each row the fault is armed for
 * the first command with that opcode, the drive refreshed, the state
 * checked through sysfs and the ioctl, the fault cleared, and the drive
 * refreshed again: every value must be what it was before the fault.
 *
 * Two more cases follow the automatic refresh: a drive that spins up
 * after a media change, and one that stays "becoming ready" after a
 * refresh asked for by root; both are retried with growing delays until
 * the drive is ready, and the new medium is not published before.
 */
#include <ctype.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define DOC		"Documentation/admin-guide/cdrom-msinfo.rst"
#define MAX_ROWS	160
/* The command timeout while a delay fault runs, and the delay. */
#define SHORT_TIMEOUT_MS	1000
#define DELAY_MS		8000
/* How long a "retried" row may take to come back by itself. */
#define RETRY_WAIT_S		5

/* The faults of the table, in the simulator's syntax (without op=). */
static const struct fault_kind {
	const char *name;
	const char *spec;
} kinds[] = {
	{ "medium error",	"sense key=3 asc=0x11 ascq=0" },
	{ "hardware error",	"sense key=4 asc=0x44 ascq=0" },
	{ "illegal request",	"sense key=5 asc=0x24 ascq=0" },
	{ "unit attention",	"sense key=6 asc=0x28 ascq=0" },
	{ "recovered error",	"recovered asc=0x17 ascq=0x01" },
	{ "becoming ready",	"sense key=2 asc=4 ascq=1" },
	{ "long write",		"long-write" },
	{ "short transfer",	"short bytes=2" },
	{ "length too large",	"badlen" },
	{ "length too small",	"badlen value=1" },
	/* the same bytes every run: the table says what they give */
	{ "random bytes",	"random seed=2" },
	{ "timeout",		"delay ms=8000" },
	{ "removed",		"vanish" },
};

#define NKINDS ARRAY_SIZE(kinds)

#define MAX_MEDIA	8

enum end_state {
	END_UNKNOWN,	/* media_state unknown, every value ENODATA */
	END_CORRECT,	/* every value as before the fault */
	END_PARTIAL,	/* as before, but for some values read ENODATA */
	END_TAKEN,	/* the reply was taken as the drive's answer */
	END_RETRIED,	/* unknown, then as before without being asked */
	END_REMOVED,	/* the drive went away */
};

static const char *const end_names[] = {
	[END_UNKNOWN] = "unknown",
	[END_CORRECT] = "correct",
	[END_PARTIAL] = "partial",
	[END_TAKEN] = "taken",
	[END_RETRIED] = "retried",
	[END_REMOVED] = "removed",
};

#define MAX_TAKEN	4

/* What a row says the refresh leaves: one outcome, exactly. */
struct outcome {
	int err;		/* 0 or -errno */
	char error[64];		/* what "error" reads */
	enum end_state end;
	unsigned int lost;	/* END_PARTIAL: bits of msinfo_value_attrs[] */
	/* END_TAKEN: the values the reply changed, and what they read */
	int ntaken;
	unsigned int taken[MAX_TAKEN];		/* index in msinfo_value_attrs[] */
	char taken_value[MAX_TAKEN][32];
};

struct row {
	int line;		/* in the document */
	unsigned int opcode;
	char medium[48];
	const struct fault_kind *kind;
	struct outcome want;
};

static const struct {
	const char *name;
	int err;
} errnos[] = {
	{ "0", 0 }, { "EIO", -EIO }, { "EPROTO", -EPROTO },
	{ "EOPNOTSUPP", -EOPNOTSUPP }, { "EAGAIN", -EAGAIN },
	{ "EMEDIUMTYPE", -EMEDIUMTYPE }, { "ESTALE", -ESTALE },
	{ "ENODEV", -ENODEV }, { "ETIMEDOUT", -ETIMEDOUT },
};

static const char *errno_name(int err)
{
	static char buf[16];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].err == err)
			return errnos[i].name;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}

/* ---- the table ---- */

static void trim(char *s)
{
	char *p = s;
	size_t n;

	while (isspace((unsigned char)*p))
		p++;
	memmove(s, p, strlen(p) + 1);
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* Drop the ``literal`` marks of a cell. */
static void unquote(char *s)
{
	char *r = s, *w = s;

	for (; *r; r++)
		if (*r != '`')
			*w++ = *r;
	*w = '\0';
	trim(s);
}

static int parse_errno(const char *s, int *err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errnos); i++) {
		if (!strcmp(s, errnos[i].name)) {
			*err = errnos[i].err;
			return 0;
		}
	}
	return -1;
}

static int value_index(const char *name)
{
	size_t i;

	for (i = 0; i < MSINFO_NVALUES; i++)
		if (!strcmp(name, msinfo_value_attrs[i]))
			return i;
	return -1;
}

/*
 * "taken: a=1 b=2" names the values the reply changed and what they read;
 * every other value reads as before.  A bare "taken" would let any state
 * pass.
 */
static int parse_taken(char *s, struct outcome *o)
{
	char *item, *save, *eq;
	int i;

	o->end = END_TAKEN;
	for (item = strtok_r(s, " ", &save); item; item = strtok_r(NULL, " ", &save)) {
		eq = strchr(item, '=');
		if (!eq || o->ntaken == MAX_TAKEN)
			return -1;
		*eq = '\0';
		i = value_index(item);
		if (i < 0)
			return -1;
		o->taken[o->ntaken] = i;
		snprintf(o->taken_value[o->ntaken++], sizeof(o->taken_value[0]), "%s", eq + 1);
	}
	return o->ntaken ? 0 : -1;
}

/* "partial: a, b" names the values that read ENODATA. */
static int parse_end(char *s, struct outcome *o)
{
	char *name, *save;
	size_t i;

	if (!strncmp(s, "taken:", 6))
		return parse_taken(s + 6, o);

	if (!strncmp(s, "partial:", 8)) {
		o->end = END_PARTIAL;
		for (name = strtok_r(s + 8, ", ", &save); name;
		     name = strtok_r(NULL, ", ", &save)) {
			for (i = 0; i < MSINFO_NVALUES; i++)
				if (!strcmp(name, msinfo_value_attrs[i]))
					break;
			if (i == MSINFO_NVALUES)
				return -1;
			o->lost |= 1U << i;
		}
		return o->lost ? 0 : -1;
	}
	for (i = 0; i < ARRAY_SIZE(end_names); i++) {
		if (!strcmp(s, end_names[i]) && i != END_PARTIAL && i != END_TAKEN) {
			o->end = i;
			return 0;
		}
	}
	return -1;
}

/* Column starts from a border line of "=" runs; returns their number. */
static int table_columns(const char *border, int start[8])
{
	int n = 0, i;

	for (i = 0; border[i] && border[i] != '\n'; i++)
		if (border[i] == '=' && (i == 0 || border[i - 1] == ' ') && n < 8)
			start[n++] = i;
	return n;
}

static void cell(const char *line, const int *start, int ncol, int c, char *out, size_t len)
{
	int from = start[c], to = c + 1 < ncol ? start[c + 1] : (int)strlen(line);
	int linelen = strlen(line);

	if (from >= linelen) {
		out[0] = '\0';
		return;
	}
	if (to > linelen)
		to = linelen;
	snprintf(out, len, "%.*s", to - from, line + from);
	unquote(out);
}

#define MAX_COLS	8
#define CELL_LEN	160

/* One table of the section: its header and its rows, continuations merged. */
struct table {
	int ncol;
	char head[MAX_COLS][32];
	int nrows;
	int line[MAX_ROWS];
	char cell[MAX_ROWS][MAX_COLS][CELL_LEN];
};

static int column(const struct table *t, const char *name)
{
	int c;

	for (c = 0; c < t->ncol; c++)
		if (!strcmp(t->head[c], name))
			return c;
	return -1;
}

/*
 * The simple tables of the section "Drive faults", in order; returns how
 * many were read (at most max), or -1 without the document.
 */
static int read_tables(struct table *tables, int max)
{
	char path[PATH_MAX], line[512], prev[512] = "", buf[CELL_LEN];
	int start[MAX_COLS], ncol = 0, borders = 0, lineno = 0, n = 0, c;
	bool in_section = false;
	struct table *t = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", mmcsim_top(), DOC);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!in_section) {
			if (!strcmp(prev, "Drive faults") && line[0] == '=')
				in_section = true;
			snprintf(prev, sizeof(prev), "%s", line);
			continue;
		}
		/* the underline of the next heading ends the section */
		if (!borders && line[0] && prev[0] && prev[0] != ' ' &&
		    strspn(line, "=-~") == strlen(line)) {
			break;
		}
		snprintf(prev, sizeof(prev), "%s", line);
		if (!strncmp(line, "====", 4) && strchr(line, ' ')) {
			if (borders == 0) {
				if (n == max)
					break;
				t = &tables[n];
				memset(t, 0, sizeof(*t));
				ncol = table_columns(line, start);
				t->ncol = ncol;
			}
			if (++borders == 3) {
				borders = 0;
				n++;
			}
			continue;
		}
		if (!borders || !line[0])
			continue;
		if (borders == 1) {
			for (c = 0; c < ncol; c++)
				cell(line, start, ncol, c, t->head[c], sizeof(t->head[c]));
			continue;
		}
		cell(line, start, ncol, 0, buf, sizeof(buf));
		if (!buf[0] && t->nrows) {
			/* a continuation line: its cells go on those above */
			for (c = 1; c < ncol; c++) {
				char *dst = t->cell[t->nrows - 1][c];

				cell(line, start, ncol, c, buf, sizeof(buf));
				if (buf[0])
					snprintf(dst + strlen(dst), CELL_LEN - strlen(dst), "%s%s",
						 dst[0] ? " " : "", buf);
			}
			continue;
		}
		if (t->nrows == MAX_ROWS)
			continue;
		t->line[t->nrows] = lineno;
		for (c = 0; c < ncol; c++)
			cell(line, start, ncol, c, t->cell[t->nrows][c], CELL_LEN);
		t->nrows++;
	}
	fclose(f);
	return n;
}

/* A medium of the media table. */
struct medium {
	char name[48];		/* media/<name>.txt */
	char state[32];		/* its media_state */
	int sends[256];		/* the commands of one refresh, by opcode */
};

/* Opcodes such as "46h 51h 52h 52h": each one counted in ops[]. */
static int parse_opcodes(const char *list, int ops[256])
{
	const char *p = list;
	char *end;
	unsigned long op;

	memset(ops, 0, 256 * sizeof(ops[0]));
	while (*p) {
		op = strtoul(p, &end, 16);
		if (end == p || *end != 'h' || op > 0xff)
			return -1;
		ops[op]++;
		p = end + 1;
		while (*p == ' ' || *p == ',')
			p++;
	}
	return 0;
}

/*
 * The media table and the fault table.  Returns the number of fault rows,
 * or -line of a bad row (0: no tables).
 */
static int read_doc(struct medium *media, int *nmedia, struct row *rows, int max)
{
	static struct table tables[4];
	const struct table *mt = NULL, *ft = NULL;
	int ntables = read_tables(tables, 4), i, j, n = 0;
	int c_cmd, c_fault, c_refresh, c_error, c_then, c_med, c_state, c_cmds, c_sends;
	int cmds[256];

	for (i = 0; i < ntables; i++) {
		if (column(&tables[i], "medium") >= 0)
			mt = &tables[i];
		if (column(&tables[i], "fault") >= 0 && column(&tables[i], "then") >= 0)
			ft = &tables[i];
	}
	if (!mt || !ft)
		return 0;
	c_med = column(mt, "medium");
	c_state = column(mt, "media_state");
	c_cmds = column(mt, "commands");
	c_sends = column(mt, "a refresh sends");
	c_cmd = column(ft, "command");
	c_fault = column(ft, "fault");
	c_refresh = column(ft, "refresh");
	c_error = column(ft, "error");
	c_then = column(ft, "then");
	if (c_state < 0 || c_cmds < 0 || c_sends < 0 || c_cmd < 0 || c_refresh < 0 ||
	    c_error < 0)
		return 0;
	*nmedia = 0;
	for (i = 0; i < mt->nrows && i < MAX_MEDIA; i++) {
		struct medium *m = &media[(*nmedia)++];

		snprintf(m->name, sizeof(m->name), "%.47s", mt->cell[i][c_med]);
		snprintf(m->state, sizeof(m->state), "%.31s", mt->cell[i][c_state]);
		if (parse_opcodes(mt->cell[i][c_sends], m->sends) ||
		    parse_opcodes(mt->cell[i][c_cmds], cmds))
			return -mt->line[i];
	}
	for (i = 0; i < ft->nrows && n < max; i++) {
		struct row *r = &rows[n];
		char then[CELL_LEN], *end;
		struct outcome *o;

		memset(r, 0, sizeof(*r));
		r->line = ft->line[i];
		r->opcode = strtoul(ft->cell[i][c_cmd], &end, 16);
		if (end == ft->cell[i][c_cmd] || *end != 'h' || r->opcode > 0xff)
			return -r->line;
		/* the medium whose row in the media table names the command */
		for (j = 0; j < *nmedia; j++) {
			parse_opcodes(mt->cell[j][c_cmds], cmds);
			if (cmds[r->opcode])
				snprintf(r->medium, sizeof(r->medium), "%s", media[j].name);
		}
		if (!r->medium[0])
			return -r->line;
		for (j = 0; j < (int)NKINDS; j++)
			if (!strcmp(ft->cell[i][c_fault], kinds[j].name))
				r->kind = &kinds[j];
		if (!r->kind)
			return -r->line;
		o = &r->want;
		snprintf(then, CELL_LEN, "%s", ft->cell[i][c_then]);
		if (parse_errno(ft->cell[i][c_refresh], &o->err) || parse_end(then, o))
			return -r->line;
		if (strcmp(ft->cell[i][c_error], "(empty)"))
			snprintf(o->error, sizeof(o->error), "%s", ft->cell[i][c_error]);
		n++;
	}
	return n;
}

/* ---- drives ---- */

struct fault_drive {
	struct mmcsim_drive d;
	const char *medium;
	const char *state;
	const int *sends;		/* what the media table says a refresh sends */
	int fd;				/* an open /dev/srN, for the ioctl */
	struct msinfo_values before;	/* the values with no fault */
	long long sent[256];		/* commands of one refresh, per opcode */
};

struct faults {
	struct medium media[MAX_MEDIA];
	int nmedia;
	struct fault_drive drive[MAX_MEDIA];
	struct row rows[MAX_ROWS];
	int nrows;
	int ctl;
	char timeout_ms[32];
	char rest_ms[32];
};

FIXTURE(faults) {
	struct faults f;
};

static const char *const timeout_param = "/sys/module/cdrom_msinfo/parameters/timeout_ms";
/* The rest after a timeout is another test's: none here. */
static const char *const rest_param = "/sys/module/cdrom_msinfo/parameters/rest_ms";

static int open_disk(struct fault_drive *fd)
{
	if (fd->fd >= 0)
		close(fd->fd);
	fd->fd = msinfo_open_disk(fd->d.disk);
	return fd->fd < 0 ? -errno : 0;
}

/* Bring a drive to a healthy, fresh state: no fault, powered, refreshed. */
static void healthy(struct __test_metadata *_metadata, struct fault_drive *fd)
{
	char buf[128];

	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "faults", "clear"));
	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "spinup_ms", "0"));
	if (mmcsim_attr_read(&fd->d, "host", buf, sizeof(buf)) <= 0 || atoi(buf) < 0) {
		ASSERT_EQ(0, mmcsim_power(&fd->d, 1)) TH_LOG("%s", fd->medium);
		ASSERT_EQ(0, open_disk(fd));
	}
	ASSERT_EQ(0, mmcsim_wait_disk(&fd->d, 20000));
	ASSERT_LT(0, msinfo_wait_fresh(fd->d.disk, 1, 30)) TH_LOG("%s", fd->medium);
	ASSERT_EQ(0, msinfo_refresh_sysfs(fd->d.disk)) TH_LOG("%s", fd->medium);
}

/*
 * The commands of one refresh, per opcode.  Just after a drive came back,
 * an automatic refresh for the change the block layer saw may run at the
 * same time (generation moves by 2, or diskseq moves): that count is
 * taken again, and logged.
 */
static void count_refresh(struct __test_metadata *_metadata, struct fault_drive *fd)
{
	long long seq, gen;
	int op, try;

	for (try = 0; try < 3; try++) {
		seq = msinfo_disk_seq(fd->d.disk);
		gen = msinfo_attr_num(fd->d.disk, "generation");
		ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "counters", "0"));
		ASSERT_EQ(0, msinfo_refresh_sysfs(fd->d.disk));
		memset(fd->sent, 0, sizeof(fd->sent));
		for (op = 0; op < (int)ARRAY_SIZE(msinfo_module_opcodes); op++)
			fd->sent[msinfo_module_opcodes[op]] =
				msinfo_sim_commands(&fd->d, msinfo_module_opcodes[op]);
		if (msinfo_disk_seq(fd->d.disk) == seq &&
		    msinfo_attr_num(fd->d.disk, "generation") == gen + 1)
			return;
		TH_LOG("%s: diskseq %lld -> %lld, generation %lld -> %lld while counting",
		       fd->medium, seq, msinfo_disk_seq(fd->d.disk), gen,
		       msinfo_attr_num(fd->d.disk, "generation"));
		ASSERT_LT(0, msinfo_wait_fresh(fd->d.disk, 1, 30));
	}
}

FIXTURE_SETUP(faults)
{
	struct faults *f = &self->f;
	char name[32], buf[64];
	unsigned int i;
	int op;

	f->ctl = -1;
	f->nrows = read_doc(f->media, &f->nmedia, f->rows, MAX_ROWS);
	ASSERT_LT(0, f->nrows) TH_LOG("%s: no tables, or a bad row at line %d", DOC, -f->nrows);
	ASSERT_LT(0, f->nmedia);
	ASSERT_EQ(0, msinfo_read_file(timeout_param, f->timeout_ms,
				      sizeof(f->timeout_ms)));
	/* a run killed by its timeout leaves the short command timeout */
	if (atoi(f->timeout_ms) == SHORT_TIMEOUT_MS)
		snprintf(f->timeout_ms, sizeof(f->timeout_ms), "30000");
	ASSERT_EQ(0, msinfo_write_file(timeout_param, f->timeout_ms));
	ASSERT_EQ(0, msinfo_read_file(rest_param, f->rest_ms, sizeof(f->rest_ms)));
	if (!atoi(f->rest_ms))
		snprintf(f->rest_ms, sizeof(f->rest_ms), "60000");
	ASSERT_EQ(0, msinfo_write_file(rest_param, "0"));
	f->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, f->ctl);
	ASSERT_EQ(0, mmcsim_load_module());

	/* Drives left by an earlier test of this program are used again. */
	for (i = 0; i < (unsigned int)f->nmedia; i++) {
		struct fault_drive *fd = &f->drive[i];
		char medium[64];
		bool exists;

		fd->fd = -1;
		fd->medium = f->media[i].name;
		fd->state = f->media[i].state;
		fd->sends = f->media[i].sends;
		snprintf(name, sizeof(name), "fault%u", i);
		snprintf(medium, sizeof(medium), "%s.txt", fd->medium);
		snprintf(buf, sizeof(buf), MMCSIM_CONFIGFS "/%s", name);
		exists = !access(buf, F_OK);
		ASSERT_EQ(0, mmcsim_create(&fd->d, name));
		if (!exists) {
			/* powered all at once: sr probes them side by side */
			ASSERT_EQ(0, mmcsim_load(&fd->d, medium));
			ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "power", "1"));
		}
	}
	for (i = 0; i < (unsigned int)f->nmedia; i++) {
		struct fault_drive *fd = &f->drive[i];

		healthy(_metadata, fd);
		ASSERT_EQ(0, open_disk(fd));
		ASSERT_EQ(0, msinfo_attr(fd->d.disk, "media_state", buf, sizeof(buf)));
		ASSERT_STREQ(fd->state, buf) TH_LOG("%s", fd->medium);
		ASSERT_EQ(0, msinfo_attr(fd->d.disk, "error", buf, sizeof(buf)));
		ASSERT_STREQ("", buf) TH_LOG("%s", fd->medium);
		msinfo_read_values(fd->d.disk, &fd->before);

		/* Which commands one refresh of this medium sends. */
		count_refresh(_metadata, fd);
		for (op = 0; op < (int)ARRAY_SIZE(msinfo_module_opcodes); op++) {
			unsigned int code = msinfo_module_opcodes[op];

			EXPECT_EQ(fd->sends[code], fd->sent[code])
				TH_LOG("%s: %02xh sent %lld times, the table says %d", fd->medium,
				       code, fd->sent[code], fd->sends[code]);
		}
	}
}

FIXTURE_TEARDOWN(faults)
{
	struct faults *f = &self->f;
	unsigned int i;

	msinfo_write_file(timeout_param, f->timeout_ms);
	msinfo_write_file(rest_param, f->rest_ms);
	for (i = 0; i < (unsigned int)f->nmedia; i++) {
		mmcsim_attr_write(&f->drive[i].d, "faults", "clear");
		if (f->drive[i].fd >= 0)
			close(f->drive[i].fd);
	}
	if (f->ctl >= 0)
		close(f->ctl);
}

static struct fault_drive *drive_of(struct faults *self, const char *medium)
{
	unsigned int i;

	for (i = 0; i < (unsigned int)self->nmedia; i++)
		if (!strcmp(self->drive[i].medium, medium))
			return &self->drive[i];
	return NULL;
}

/* ---- one case ---- */

struct observed {
	int err;
	char error[80];
	enum end_state end;	/* UNKNOWN, CORRECT, PARTIAL, TAKEN or REMOVED */
	int differs;		/* first value unlike before, -1 if none */
	char value[80];		/* what it reads */
	unsigned int lost;	/* values that read ENODATA, and did not before */
	struct msinfo_values now;	/* every value, if published */
	double secs;
};

static bool gone(struct fault_drive *fd, const char *disk)
{
	char path[128], buf[16];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession", disk);
	if (access(path, F_OK))
		return true;
	return mmcsim_attr_read(&fd->d, "host", buf, sizeof(buf)) > 0 && atoi(buf) < 0;
}

/*
 * The values that read ENODATA now and had a value before; 0 if any
 * other value differs.
 */
static unsigned int lost_values(const struct msinfo_values *now,
				const struct msinfo_values *before)
{
	unsigned int lost = 0;
	size_t i;

	for (i = 0; i < MSINFO_NVALUES; i++) {
		if (!strcmp(now->v[i], before->v[i]))
			continue;
		if (strcmp(now->v[i], "ENODATA"))
			return 0;
		lost |= 1U << i;
	}
	return lost;
}

/*
 * What the refresh left: the snapshot of the ioctl, checked against sysfs.
 * Checks what every fault must leave, whatever the row says: a failed
 * refresh shows no value, and a successful one no error.
 */
static void observe(struct __test_metadata *_metadata, struct faults *self,
		    struct fault_drive *fd, long long gen0, struct observed *o,
		    int get_err, const struct cdrom_msinfo *got)
{
	struct cdrom_msinfo info = *got;
	struct msinfo_values *now = &o->now;
	char buf[80], disk[32];
	bool same;
	int t;

	snprintf(disk, sizeof(disk), "%s", fd->d.disk);
	o->differs = -1;
	o->lost = 0;
	o->error[0] = '\0';
	if (gone(fd, disk)) {
		o->end = END_REMOVED;
		return;
	}
	ASSERT_EQ(0, get_err);
	EXPECT_EQ(gen0 + 1, (long long)info.generation);
	snprintf(o->error, sizeof(o->error), "%s", info.error_reason);
	EXPECT_EQ(o->err, info.error) TH_LOG("the ioctl's error is not the refresh's");
	ASSERT_EQ(0, msinfo_attr(disk, "diskseq", buf, sizeof(buf)));
	EXPECT_EQ(strtoull(buf, NULL, 10), info.diskseq);
	msinfo_read_values(disk, now);
	/*
	 * sysfs shows the same snapshot, unless an automatic retry came in
	 * between: the generation, read after the values and after the
	 * error, says.
	 */
	same = msinfo_attr_num(disk, "generation") == (long long)info.generation;
	if (same) {
		ASSERT_EQ(0, msinfo_attr(disk, "error", buf, sizeof(buf)));
		if (msinfo_attr_num(disk, "generation") == (long long)info.generation)
			EXPECT_STREQ(info.error_reason, buf);
	}

	if (info.media_state == CDROM_MSINFO_MEDIA_UNKNOWN) {
		o->end = END_UNKNOWN;
		/* nothing of the previous state is shown as fresh */
		EXPECT_NE(0, info.error);
		EXPECT_NE('\0', info.error_reason[0]);
		EXPECT_EQ(0, info.flags & CDROM_MSINFO_F_MSINFO_VALID);
		EXPECT_EQ(0, info.profile);
		EXPECT_EQ(0, info.sessions);
		EXPECT_EQ(0, info.tracks);
		EXPECT_EQ(0, info.types_supported);
		EXPECT_EQ(CDROM_MSINFO_TYPE_NONE, info.type_in_use);
		for (t = 0; t < MSINFO_TYPES; t++)
			EXPECT_EQ(0, info.type[t].valid);
		t = msinfo_values_not_unknown(now);
		if (same)
			EXPECT_EQ(-1, t) TH_LOG("%s reads %s", msinfo_value_attrs[t], now->v[t]);
		return;
	}
	/* a published state is either unknown or free of errors */
	EXPECT_EQ(0, info.error);
	EXPECT_STREQ("", info.error_reason);
	EXPECT_NE(0, info.profile);
	o->differs = msinfo_values_differ(now, &fd->before);
	if (o->differs >= 0)
		snprintf(o->value, sizeof(o->value), "%s", now->v[o->differs]);
	o->lost = o->differs < 0 ? 0 : lost_values(now, &fd->before);
	if (o->differs < 0)
		o->end = END_CORRECT;
	else if (o->lost)
		o->end = END_PARTIAL;
	else
		o->end = END_TAKEN;
}

/* Wait for a drive left unknown to come back by itself; true if it did. */
static bool comes_back(struct fault_drive *fd, struct msinfo_values *now)
{
	double end = msinfo_now() + RETRY_WAIT_S;
	char state[32];

	do {
		if (!msinfo_attr(fd->d.disk, "media_state", state, sizeof(state)) &&
		    strcmp(state, "unknown")) {
			msinfo_read_values(fd->d.disk, now);
			return true;
		}
		usleep(50000);
	} while (msinfo_now() < end);
	return false;
}

/* The fault cleared, the drive (back and) refreshed: every value as before. */
static void restore(struct __test_metadata *_metadata, struct fault_drive *fd,
		    const struct row *r)
{
	struct msinfo_values now;
	char buf[80];
	int i;

	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "faults", "clear"));
	if (gone(fd, fd->d.disk)) {
		/* the simulator's host goes away on its own workqueue */
		for (i = 0; i < 500 && mmcsim_attr_read(&fd->d, "host", buf, sizeof(buf)) > 0 &&
		     atoi(buf) >= 0; i++)
			usleep(20000);
		ASSERT_EQ(0, mmcsim_power(&fd->d, 1)) TH_LOG("line %d: power on", r->line);
		ASSERT_EQ(0, open_disk(fd));
		ASSERT_LT(0, msinfo_wait_fresh(fd->d.disk, 1, 30));
	}
	ASSERT_EQ(0, msinfo_refresh_sysfs(fd->d.disk))
		TH_LOG("line %d: refresh after clear", r->line);
	ASSERT_EQ(0, msinfo_attr(fd->d.disk, "error", buf, sizeof(buf)));
	EXPECT_STREQ("", buf) TH_LOG("line %d", r->line);
	msinfo_read_values(fd->d.disk, &now);
	i = msinfo_values_differ(&now, &fd->before);
	EXPECT_EQ(-1, i) TH_LOG("line %d: after the fault, %s reads %s, was %s", r->line,
				msinfo_value_attrs[i], now.v[i], fd->before.v[i]);
}

/*
 * A taken reply: the values the row names read what it says, every other
 * value as before.  Returns the index of the first value that does not,
 * or -1; *want what it should read.
 */
static int taken_differs(const struct outcome *want, const struct observed *o,
			 const struct msinfo_values *before, const char **expect)
{
	size_t i;
	int k;

	for (i = 0; i < MSINFO_NVALUES; i++) {
		*expect = before->v[i];
		for (k = 0; k < want->ntaken; k++)
			if (want->taken[k] == i)
				*expect = want->taken_value[k];
		if (strcmp(o->now.v[i], *expect))
			return i;
	}
	return -1;
}

/* Whether what the refresh left is the row's outcome. */
static bool outcome_matches(struct __test_metadata *_metadata, const struct row *r,
			    const struct observed *o, const struct fault_drive *fd)
{
	const struct outcome *want = &r->want;
	const char *expect;
	int i;

	if (want->err != o->err || (o->end != END_REMOVED && strcmp(want->error, o->error)))
		return false;
	switch (want->end) {
	case END_TAKEN:
		if (o->end != END_TAKEN)
			return false;
		i = taken_differs(want, o, &fd->before, &expect);
		if (i >= 0)
			TH_LOG("line %d: %s reads %s, the table says %s", r->line,
			       msinfo_value_attrs[i], o->now.v[i], expect);
		return i < 0;
	case END_PARTIAL:
		return o->end == END_PARTIAL && o->lost == want->lost;
	case END_RETRIED:
		return o->end == END_UNKNOWN;
	default:
		return o->end == want->end;
	}
}

/* One row: the fault armed, a refresh, the state checked, the fault cleared. */
static void run_row(struct __test_metadata *_metadata, struct faults *self,
		    const struct row *r, struct fault_drive *fd)
{
	bool timeout = !strncmp(r->kind->spec, "delay", 5);
	struct msinfo_values now;
	struct cdrom_msinfo info;
	struct observed o;
	char spec[128], buf[256], detail[256];
	long long gen0;
	double t0;
	int t, get_err;
	bool match;

	gen0 = msinfo_attr_num(fd->d.disk, "generation");
	ASSERT_LT(0, gen0);
	snprintf(spec, sizeof(spec), "%s op=0x%02x", r->kind->spec, r->opcode);
	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "faults", spec));
	if (timeout) {
		snprintf(buf, sizeof(buf), "%d", SHORT_TIMEOUT_MS);
		ASSERT_EQ(0, msinfo_write_file(timeout_param, buf));
	}
	t0 = msinfo_now();
	o.err = msinfo_refresh_sysfs(fd->d.disk);
	o.secs = msinfo_now() - t0;
	/*
	 * The module passed the unit attention on to sr, which reports a
	 * media change at its next check: let that happen now (an open, as
	 * udev's after the event) and the module read the medium again; the
	 * state looked at is that refresh's.  sr's own commands would meet
	 * the next row's fault otherwise.
	 */
	if (!strcmp(r->kind->name, "unit attention")) {
		msinfo_touch_disk(fd->d.disk);
		ASSERT_LT(0, msinfo_wait_fresh(fd->d.disk, 1, 15))
			TH_LOG("line %d: no state after sr's media change", r->line);
		gen0 = msinfo_attr_num(fd->d.disk, "generation") - 1;
	}
	/* at once: the retry of a drive not ready comes 100 ms after */
	get_err = msinfo_get(self->ctl, fd->fd, &info);
	if (timeout)
		ASSERT_EQ(0, msinfo_write_file(timeout_param, self->timeout_ms));
	/* the refresh met the fault */
	ASSERT_LE(0, mmcsim_attr_read(&fd->d, "faults", buf, sizeof(buf)));
	EXPECT_STREQ("", buf) TH_LOG("line %d: the fault was not used", r->line);
	if (timeout)
		EXPECT_GT(DELAY_MS / 1000.0, o.secs) TH_LOG("line %d: no timeout", r->line);

	/* the simulator removes its host on a workqueue of its own */
	if (r->want.end == END_REMOVED)
		for (t = 0; t < 500 && !gone(fd, fd->d.disk); t++)
			usleep(20000);
	observe(_metadata, self, fd, gen0, &o, get_err, &info);
	detail[0] = '\0';
	if (o.differs >= 0)
		snprintf(detail, sizeof(detail), ": %s reads %s, was %s",
			 msinfo_value_attrs[o.differs], o.value, fd->before.v[o.differs]);
	TH_LOG("%02xh %-18s %-17s -> %-11s %-40s %s (%.2f s)%s", r->opcode, r->medium,
	       r->kind->name, errno_name(o.err), o.error[0] ? o.error : "-",
	       end_names[o.end], o.secs, detail);

	match = outcome_matches(_metadata, r, &o, fd);
	EXPECT_TRUE(match) TH_LOG("line %d: %02xh %s: not as the table says",
				  r->line, r->opcode, r->kind->name);
	if (match && r->want.end == END_RETRIED) {
		bool back = comes_back(fd, &now);
		int i = back ? msinfo_values_differ(&now, &fd->before) : 0;

		EXPECT_TRUE(back) TH_LOG("line %d: not retried within %d s", r->line,
					 RETRY_WAIT_S);
		if (back)
			EXPECT_EQ(-1, i) TH_LOG("line %d: after the retry, %s reads %s, was %s",
						r->line, msinfo_value_attrs[i], now.v[i],
						fd->before.v[i]);
	}
	restore(_metadata, fd, r);
}

static void run_rows(struct __test_metadata *_metadata, struct faults *self,
		     unsigned int opcode)
{
	int i, n = 0;

	for (i = 0; i < self->nrows; i++) {
		const struct row *r = &self->rows[i];
		struct fault_drive *fd;

		if (r->opcode != opcode)
			continue;
		fd = drive_of(self, r->medium);
		ASSERT_NE(NULL, fd) TH_LOG("line %d: no drive with %s", r->line, r->medium);
		ASSERT_LT(0, fd->sent[opcode]) TH_LOG("line %d: a refresh of %s sends no %02xh",
						      r->line, r->medium, opcode);
		run_row(_metadata, self, r, fd);
		n++;
	}
	EXPECT_EQ((int)NKINDS, n) TH_LOG("rows for %02xh", opcode);
}

/* Every command a refresh sends, with every fault, exactly once. */
TEST_F(faults, table_is_complete)
{
	unsigned int o, k;
	int i, n;

	for (o = 0; o < ARRAY_SIZE(msinfo_module_opcodes); o++) {
		for (k = 0; k < NKINDS; k++) {
			n = 0;
			for (i = 0; i < self->f.nrows; i++)
				if (self->f.rows[i].opcode == msinfo_module_opcodes[o] &&
				    self->f.rows[i].kind == &kinds[k])
					n++;
			EXPECT_EQ(1, n) TH_LOG("%02xh %s: %d rows", msinfo_module_opcodes[o],
					       kinds[k].name, n);
		}
	}
	EXPECT_EQ((int)(NKINDS * (sizeof(msinfo_module_opcodes) /
				  sizeof(msinfo_module_opcodes[0]))), self->f.nrows);
}

TEST_F_TIMEOUT(faults, get_configuration, 600)
{
	run_rows(_metadata, &self->f, 0x46);
}

TEST_F_TIMEOUT(faults, read_disc_information, 600)
{
	run_rows(_metadata, &self->f, 0x51);
}

TEST_F_TIMEOUT(faults, read_track_information, 600)
{
	run_rows(_metadata, &self->f, 0x52);
}

TEST_F_TIMEOUT(faults, read_toc, 600)
{
	run_rows(_metadata, &self->f, 0x43);
}

TEST_F_TIMEOUT(faults, read_capacity, 600)
{
	run_rows(_metadata, &self->f, 0x25);
}

TEST_F_TIMEOUT(faults, read_format_capacities, 600)
{
	run_rows(_metadata, &self->f, 0x23);
}

TEST_F_TIMEOUT(faults, read_10, 600)
{
	run_rows(_metadata, &self->f, 0x28);
}

/*
 * Publications while a drive stays not ready: the first try and the
 * retries of a backoff that starts at 100 ms and doubles, so about
 * log2(ms / 100) + 2 of them, far fewer than one per poll.
 */
static void wait_ready_by_itself(struct __test_metadata *_metadata, struct fault_drive *fd,
				 long long gen0, int ready_ms, bool new_medium)
{
	struct msinfo_values now;
	long long gen;
	double t0 = msinfo_now(), secs;
	char state[32] = "unknown";
	bool unknown = false;
	int i, max = 2, err;

	for (i = 100; i < ready_ms * 2; i *= 2)
		max++;
	/* EAGAIN while the snapshot is older than the medium */
	do {
		usleep(50000);
		secs = msinfo_now() - t0;
		err = msinfo_attr(fd->d.disk, "media_state", state, sizeof(state));
		unknown |= !err && !strcmp(state, "unknown");
	} while ((err || !strcmp(state, "unknown")) && secs < RETRY_WAIT_S + ready_ms / 1000.0);
	/* a new medium is not published as not ready, only once it is */
	if (new_medium)
		EXPECT_FALSE(unknown) TH_LOG("the new medium was published as unknown");
	gen = msinfo_attr_num(fd->d.disk, "generation");
	TH_LOG("%s: ready after %.2f s, %lld publications", fd->medium, secs, gen - gen0);
	ASSERT_STRNE("unknown", state) TH_LOG("not retried");
	EXPECT_LE(gen - gen0, max);
	msinfo_read_values(fd->d.disk, &now);
	i = msinfo_values_differ(&now, &fd->before);
	EXPECT_EQ(-1, i) TH_LOG("%s reads %s, was %s", msinfo_value_attrs[i], now.v[i],
				fd->before.v[i]);
}

/* A new medium spins up: the automatic refresh waits for it. */
TEST_F_TIMEOUT(faults, spin_up_after_media_change, 120)
{
	struct fault_drive *fd = &self->f.drive[0];
	char medium[64], path[64], buf[32];
	unsigned long long seq0, seq;
	long long gen0 = msinfo_attr_num(fd->d.disk, "generation");
	int i;

	snprintf(medium, sizeof(medium), "%s.txt", fd->medium);
	snprintf(path, sizeof(path), "/sys/block/%s/diskseq", fd->d.disk);
	ASSERT_EQ(0, msinfo_read_file(path, buf, sizeof(buf)));
	seq0 = strtoull(buf, NULL, 10);
	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "spinup_ms", "2000"));
	ASSERT_EQ(0, mmcsim_load(&fd->d, medium));
	/* the block layer's polling sees the new medium */
	for (i = 0, seq = seq0; i < 200 && seq == seq0; i++) {
		usleep(20000);
		ASSERT_EQ(0, msinfo_read_file(path, buf, sizeof(buf)));
		seq = strtoull(buf, NULL, 10);
	}
	ASSERT_NE(seq0, seq);
	wait_ready_by_itself(_metadata, fd, gen0, 2000, true);
	EXPECT_EQ(seq, (unsigned long long)msinfo_attr_num(fd->d.disk, "diskseq"));
	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "spinup_ms", "0"));
}

/* Root asks while the drive is becoming ready: it is retried all the same. */
TEST_F_TIMEOUT(faults, becoming_ready_for_a_while, 120)
{
	struct fault_drive *fd = &self->f.drive[1];
	long long gen0 = msinfo_attr_num(fd->d.disk, "generation");
	char buf[80];

	ASSERT_EQ(0, mmcsim_attr_write(&fd->d, "faults", "not-ready ms=2000"));
	EXPECT_EQ(-EAGAIN, msinfo_refresh_sysfs(fd->d.disk));
	ASSERT_EQ(0, msinfo_attr(fd->d.disk, "error", buf, sizeof(buf)));
	EXPECT_STREQ("becoming_ready", buf);
	wait_ready_by_itself(_metadata, fd, gen0, 2000, false);
}

/* The last test leaves no drive behind for the programs after this one. */
TEST(remove_drives)
{
	struct mmcsim_drive d;
	char name[32];
	unsigned int i;

	for (i = 0; i < MAX_MEDIA; i++) {
		snprintf(name, sizeof(name), "fault%u", i);
		memset(&d, 0, sizeof(d));
		snprintf(d.dir, sizeof(d.dir), MMCSIM_CONFIGFS "/%s", name);
		if (!access(d.dir, F_OK))
			EXPECT_EQ(0, mmcsim_destroy(&d)) TH_LOG("%s", name);
	}
}

TEST_HARNESS_MAIN

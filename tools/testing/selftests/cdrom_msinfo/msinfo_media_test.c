// SPDX-License-Identifier: GPL-2.0
/*
 * Every simulated medium in media/: each attribute of
 * /sys/block/srN/multisession/ equals the values listed beside the medium
 * (media/NAME.msinfo for media/NAME.txt, one "attribute value" a line,
 * after the values table of Documentation/cdrom-msinfo-values.rst); an
 * attribute with no line must read as not applicable.  The values
 * must also agree with what the peers print for the same medium (the
 * "expect cdrskin", "expect xorriso" and "expect multisession" lines,
 * which mmcsim_peers_test checks against the live programs), and reading
 * them must send no command to the drive.
 */
#include <ctype.h>
#include <dirent.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"

#define MAX_MEDIA	64
#define MAX_EXPECT	40

struct expectation {
	char attr[64];
	char value[64];
};

struct medium {
	char file[256];
	struct mmcsim_drive drive;
	struct expectation expect[MAX_EXPECT];
	int nexpect;
	char cdrskin[64];	/* START,NEXT as cdrskin -msinfo prints it, or "" */
	long long xorriso_nwa;	/* "Media nwa" of xorriso -toc, or -1 */
	long long multisession_lba;	/* CDROMMULTISESSION, or -1 */
	bool cd;
};

static struct medium media[MAX_MEDIA];
static int nmedia;

static void trim(char *s)
{
	size_t n = strlen(s);

	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

static void add_expectation(struct medium *m, const char *line)
{
	struct expectation *e;
	size_t n = strcspn(line, " ");

	if (m->nexpect >= MAX_EXPECT || !line[n])
		return;
	e = &m->expect[m->nexpect++];
	snprintf(e->attr, sizeof(e->attr), "%.*s", (int)n, line);
	snprintf(e->value, sizeof(e->value), "%s", line + n + strspn(line + n, " "));
}

/* Read the module's values of media/NAME.msinfo, and the peers' of NAME.txt. */
static int parse_medium(struct medium *m)
{
	char path[PATH_MAX], line[512];
	FILE *f;

	mmcsim_media_path(path, sizeof(path), m->file);
	strcpy(path + strlen(path) - 4, ".msinfo");
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		trim(line);
		if (line[0] && line[0] != '#')
			add_expectation(m, line);
	}
	fclose(f);

	mmcsim_media_path(path, sizeof(path), m->file);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	m->xorriso_nwa = -1;
	m->multisession_lba = -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		trim(line);
		if (!strncmp(line, "profile cd", 10))
			m->cd = true;
		if (!strncmp(line, "expect cdrskin ", 15)) {
			snprintf(m->cdrskin, sizeof(m->cdrskin), "%.*s",
				 (int)sizeof(m->cdrskin) - 1, line + 15);
		} else if (!strncmp(line, "expect xorriso Media nwa", 24)) {
			p = strchr(line, ':');
			if (p)
				m->xorriso_nwa = strtoll(p + 1, NULL, 10);
		} else if (!strncmp(line, "expect multisession lba=", 24)) {
			m->multisession_lba = strtoll(line + 24, NULL, 10);
		} else if (!strncmp(line, "deviation cdrskin", 17)) {
			m->cdrskin[0] = '\0';
		}
	}
	fclose(f);
	return 0;
}

static const char *expected(const struct medium *m, const char *attr)
{
	int i;

	for (i = 0; i < m->nexpect; i++)
		if (!strcmp(m->expect[i].attr, attr))
			return m->expect[i].value;
	return NULL;
}

/*
 * Not applicable: ENODATA for a value, 0 for supported/in_use, and an
 * empty list for type (no type supported).
 */
static const char *default_value(const char *attr)
{
	const char *slash = strrchr(attr, '/');
	const char *base = slash ? slash + 1 : attr;

	if (!strcmp(base, "supported") || !strcmp(base, "in_use"))
		return "0";
	if (!strcmp(attr, "type"))
		return "";
	return "ENODATA";
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct medium *)a)->file, ((const struct medium *)b)->file);
}

FIXTURE(all_media) {
	int ctl;
};

FIXTURE_SETUP(all_media)
{
	char dir[PATH_MAX], name[32];
	struct dirent *de;
	DIR *d;
	int i;

	ASSERT_EQ(0, mmcsim_load_module());
	self->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	if (nmedia)
		return;

	mmcsim_media_path(dir, sizeof(dir), "");
	d = opendir(dir);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d)) && nmedia < MAX_MEDIA) {
		size_t n = strlen(de->d_name);

		if (n < 5 || strcmp(de->d_name + n - 4, ".txt"))
			continue;
		snprintf(media[nmedia].file, sizeof(media[nmedia].file), "%s", de->d_name);
		nmedia++;
	}
	closedir(d);
	ASSERT_LT(40, nmedia);
	qsort(media, nmedia, sizeof(media[0]), by_name);

	/* Power all drives on first: sr probes and the refreshes overlap. */
	for (i = 0; i < nmedia; i++) {
		struct medium *m = &media[i];

		ASSERT_EQ(0, parse_medium(m)) TH_LOG("%s: no values beside it", m->file);
		snprintf(name, sizeof(name), "media%d", i);
		ASSERT_EQ(0, mmcsim_create(&m->drive, name));
		ASSERT_EQ(0, mmcsim_load(&m->drive, m->file)) TH_LOG("%s", m->file);
		ASSERT_EQ(0, mmcsim_attr_write(&m->drive, "power", "1"));
	}
	for (i = 0; i < nmedia; i++) {
		struct medium *m = &media[i];

		ASSERT_EQ(0, mmcsim_wait_disk(&m->drive, 60000)) TH_LOG("%s", m->file);
		ASSERT_LT(0, msinfo_wait_fresh(m->drive.disk, 1, 60)) TH_LOG("%s", m->file);
	}
}

FIXTURE_TEARDOWN(all_media)
{
	if (self->ctl >= 0)
		close(self->ctl);
}

/* 47 drives: minutes under a debug kernel */
TEST_F_TIMEOUT(all_media, every_attribute_as_documented, 900)
{
	char got[128];
	int i, a, e;

	for (i = 0; i < nmedia; i++) {
		const struct medium *m = &media[i];

		EXPECT_LT(2, m->nexpect) TH_LOG("%s has no values", m->file);
		for (e = 0; e < m->nexpect; e++) {
			for (a = 0; a < (int)MSINFO_NVALUES; a++)
				if (!strcmp(msinfo_value_attrs[a], m->expect[e].attr))
					break;
			EXPECT_GT(MSINFO_NVALUES, a)
				TH_LOG("%s: no attribute %s", m->file, m->expect[e].attr);
		}
		for (a = 0; a < (int)MSINFO_NVALUES; a++) {
			const char *attr = msinfo_value_attrs[a];
			const char *want = expected(m, attr) ?: default_value(attr);

			msinfo_read_value(m->drive.disk, attr, got, sizeof(got));
			EXPECT_STREQ(want, got) TH_LOG("%s: %s", m->file, attr);
		}
		msinfo_read_value(m->drive.disk, "error", got, sizeof(got));
		EXPECT_STREQ("", got) TH_LOG("%s", m->file);
	}
}

/* The same values as the programs burners use today print. */
TEST_F_TIMEOUT(all_media, agree_with_peers, 900)
{
	char got[128];
	int i, checked = 0;

	for (i = 0; i < nmedia; i++) {
		const struct medium *m = &media[i];

		if (m->cdrskin[0]) {
			/* nothing to append to: cdrskin refuses, msinfo is not applicable */
			const char *want = strcmp(m->cdrskin, "refused") ? m->cdrskin : "ENODATA";

			msinfo_read_value(m->drive.disk, "msinfo", got, sizeof(got));
			EXPECT_STREQ(want, got) TH_LOG("%s: cdrskin -msinfo", m->file);
			checked++;
		}
		if (m->xorriso_nwa >= 0) {
			msinfo_read_value(m->drive.disk, "sequential/next_writable",
					  got, sizeof(got));
			if (strcmp(got, "ENODATA"))
				EXPECT_EQ(m->xorriso_nwa, strtoll(got, NULL, 10))
					TH_LOG("%s: xorriso nwa", m->file);
		}
		if (m->cd && m->multisession_lba >= 0) {
			msinfo_read_value(m->drive.disk, "sequential/prev_session_start",
					  got, sizeof(got));
			if (strcmp(got, "ENODATA"))
				EXPECT_EQ(m->multisession_lba, strtoll(got, NULL, 10))
					TH_LOG("%s: CDROMMULTISESSION", m->file);
		}
	}
	EXPECT_LT(20, checked);
}

/* Reads are served from the cache: no MMC command reaches the drive. */
TEST_F_TIMEOUT(all_media, reads_send_no_command, 900)
{
	struct cdrom_msinfo info;
	char got[128];
	int i, a, fd;

	for (i = 0; i < nmedia; i++) {
		struct medium *m = &media[i];

		fd = msinfo_open_disk(m->drive.disk);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, mmcsim_attr_write(&m->drive, "counters", "0"));
		for (a = 0; a < (int)MSINFO_NVALUES; a++)
			msinfo_read_value(m->drive.disk, msinfo_value_attrs[a], got, sizeof(got));
		EXPECT_EQ(0, msinfo_get(self->ctl, fd, &info)) TH_LOG("%s", m->file);
		EXPECT_EQ(0, msinfo_sim_commands(&m->drive, -1)) TH_LOG("%s", m->file);
		close(fd);
	}
}

/*
 * A refresh sends few commands: at most 4, 5 where a session has several
 * tracks.  sr may send some of the same opcodes meanwhile (READ CAPACITY
 * when it revalidates), which only adds: the least of three refreshes
 * counts.
 */
TEST_F_TIMEOUT(all_media, commands_per_refresh, 900)
{
	long long n, least;
	int i, r;

	for (i = 0; i < nmedia; i++) {
		struct medium *m = &media[i];

		least = LLONG_MAX;
		for (r = 0; r < 3; r++) {
			ASSERT_EQ(0, mmcsim_attr_write(&m->drive, "counters", "0"));
			ASSERT_EQ(0, msinfo_refresh_sysfs(m->drive.disk)) TH_LOG("%s", m->file);
			n = msinfo_sim_commands(&m->drive, -1);
			ASSERT_LE(0, n) TH_LOG("%s: no counters", m->file);
			least = n < least ? n : least;
		}
		n = least;
		TH_LOG("%s: %lld commands", m->file, n);
		EXPECT_GE(5, n) TH_LOG("%s", m->file);
		EXPECT_LE(1, n) TH_LOG("%s", m->file);
	}
}

/* 49 drives taken away one after the other: minutes on the debug kernel */
TEST_F_TIMEOUT(all_media, remove_drives, 600)
{
	int i;

	for (i = 0; i < nmedia; i++)
		EXPECT_EQ(0, mmcsim_destroy(&media[i].drive)) TH_LOG("%s", media[i].file);
}

TEST_HARNESS_MAIN

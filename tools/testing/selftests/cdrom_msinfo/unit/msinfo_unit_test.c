// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the pure core of cdrom_msinfo (msinfo_derive.c): the
 * commands a refresh sends for every profile and state, the values derived
 * from the replies, malformed and garbage replies, and the rules of
 * msinfo_check_type().
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "media_cases.h"

/* ---- every profile x state: each value of the derived state ---- */

FIXTURE(refresh) {
	struct msinfo_plan plan;
	struct msinfo_state state;
	char log[256];
	int err;
};

FIXTURE_VARIANT(refresh) {
	const struct tcase *tc;
};

FIXTURE_VARIANT_ADD(refresh, cd_r_blank) {
	.tc = &case_cd_r_blank,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_appendable) {
	.tc = &case_cd_r_appendable,
};

FIXTURE_VARIANT_ADD(refresh, cd_rw_appendable_2) {
	.tc = &case_cd_rw_appendable_2,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_complete) {
	.tc = &case_cd_r_complete,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_audio_first) {
	.tc = &case_cd_r_audio_first,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_open_session) {
	.tc = &case_cd_r_open_session,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_open_audio) {
	.tc = &case_cd_r_open_audio,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_incomplete) {
	.tc = &case_cd_r_incomplete,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_incomplete_2) {
	.tc = &case_cd_r_incomplete_2,
};

FIXTURE_VARIANT_ADD(refresh, cd_rw_open_track) {
	.tc = &case_cd_rw_open_track,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_damaged) {
	.tc = &case_cd_r_damaged,
};

FIXTURE_VARIANT_ADD(refresh, cd_rom) {
	.tc = &case_cd_rom,
};

FIXTURE_VARIANT_ADD(refresh, cd_rom_enhanced) {
	.tc = &case_cd_rom_enhanced,
};

FIXTURE_VARIANT_ADD(refresh, cd_rom_no_disc_info) {
	.tc = &case_cd_rom_no_disc_info,
};

FIXTURE_VARIANT_ADD(refresh, cd_rom_session_toc_only) {
	.tc = &case_cd_rom_session_toc_only,
};

FIXTURE_VARIANT_ADD(refresh, cd_rom_no_full_toc) {
	.tc = &case_cd_rom_no_full_toc,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_no_full_toc) {
	.tc = &case_cd_r_no_full_toc,
};

FIXTURE_VARIANT_ADD(refresh, cd_r_every_fallback) {
	.tc = &case_cd_r_every_fallback,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rom) {
	.tc = &case_dvd_rom,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rom_no_track_info) {
	.tc = &case_dvd_rom_no_track_info,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rom_multisession) {
	.tc = &case_dvd_rom_multisession,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_blank) {
	.tc = &case_dvd_r_blank,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_appendable) {
	.tc = &case_dvd_r_appendable,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_two_track_session) {
	.tc = &case_dvd_r_two_track_session,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_no_session_address) {
	.tc = &case_dvd_r_no_session_address,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_complete) {
	.tc = &case_dvd_r_complete,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_open_track) {
	.tc = &case_dvd_r_open_track,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_open_track_2) {
	.tc = &case_dvd_r_open_track_2,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rw_seq_appendable) {
	.tc = &case_dvd_rw_seq_appendable,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_dl_appendable) {
	.tc = &case_dvd_r_dl_appendable,
};

FIXTURE_VARIANT_ADD(refresh, dvd_r_dl_jump_blank) {
	.tc = &case_dvd_r_dl_jump_blank,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_r_blank) {
	.tc = &case_dvd_plus_r_blank,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_r_appendable) {
	.tc = &case_dvd_plus_r_appendable,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_r_complete) {
	.tc = &case_dvd_plus_r_complete,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_r_dl_appendable) {
	.tc = &case_dvd_plus_r_dl_appendable,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_rw_unformatted) {
	.tc = &case_dvd_plus_rw_unformatted,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_rw_iso) {
	.tc = &case_dvd_plus_rw_iso,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_rw_partly_formatted) {
	.tc = &case_dvd_plus_rw_partly_formatted,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_rw_no_iso) {
	.tc = &case_dvd_plus_rw_no_iso,
};

FIXTURE_VARIANT_ADD(refresh, dvd_plus_rw_zeros) {
	.tc = &case_dvd_plus_rw_zeros,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rw_restricted_overwrite) {
	.tc = &case_dvd_rw_restricted_overwrite,
};

FIXTURE_VARIANT_ADD(refresh, dvd_rw_ro_unformatted) {
	.tc = &case_dvd_rw_ro_unformatted,
};

FIXTURE_VARIANT_ADD(refresh, dvd_ram_iso) {
	.tc = &case_dvd_ram_iso,
};

FIXTURE_VARIANT_ADD(refresh, dvd_ram_unformatted) {
	.tc = &case_dvd_ram_unformatted,
};

FIXTURE_VARIANT_ADD(refresh, bd_rom) {
	.tc = &case_bd_rom,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_srm_blank) {
	.tc = &case_bd_r_srm_blank,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_srm_appendable) {
	.tc = &case_bd_r_srm_appendable,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_srm_complete) {
	.tc = &case_bd_r_srm_complete,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_pow_appendable) {
	.tc = &case_bd_r_pow_appendable,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_pow_blank) {
	.tc = &case_bd_r_pow_blank,
};

FIXTURE_VARIANT_ADD(refresh, bd_r_rrm_iso) {
	.tc = &case_bd_r_rrm_iso,
};

FIXTURE_VARIANT_ADD(refresh, bd_re_unformatted) {
	.tc = &case_bd_re_unformatted,
};

FIXTURE_VARIANT_ADD(refresh, bd_re_iso) {
	.tc = &case_bd_re_iso,
};

FIXTURE_VARIANT_ADD(refresh, bd_re_no_formats) {
	.tc = &case_bd_re_no_formats,
};

FIXTURE_VARIANT_ADD(refresh, hd_dvd_r_appendable) {
	.tc = &case_hd_dvd_r_appendable,
};

FIXTURE_VARIANT_ADD(refresh, hd_dvd_ram_iso) {
	.tc = &case_hd_dvd_ram_iso,
};

FIXTURE_VARIANT_ADD(refresh, no_medium_sense) {
	.tc = &case_no_medium_sense,
};

FIXTURE_VARIANT_ADD(refresh, no_medium_profile) {
	.tc = &case_no_medium_profile,
};

FIXTURE_VARIANT_ADD(refresh, identifying) {
	.tc = &case_identifying,
};

FIXTURE_VARIANT_ADD(refresh, becoming_ready) {
	.tc = &case_becoming_ready,
};

FIXTURE_VARIANT_ADD(refresh, unknown_profile) {
	.tc = &case_unknown_profile,
};

FIXTURE_SETUP(refresh)
{
	self->err = tm_refresh(&variant->tc->m, &self->plan, &self->state, self->log,
			       sizeof(self->log));
}

FIXTURE_TEARDOWN(refresh)
{
}

static void expect_type(struct __test_metadata *_metadata,
			const struct cdrom_msinfo_type_info *ti, const struct tvals *v,
			bool supported, bool in_use)
{
	EXPECT_EQ(v->valid, ti->valid);
	EXPECT_EQ(supported, ti->supported);
	EXPECT_EQ(in_use, ti->in_use);
	/* a value that does not apply holds 0 */
	EXPECT_EQ(v->fds, ti->first_data_session);
	EXPECT_EQ(v->pss, ti->prev_session_start);
	EXPECT_EQ(v->psl, ti->prev_session_last_written);
	EXPECT_EQ(v->nwa, ti->next_writable);
	EXPECT_EQ(v->free, ti->free_sectors);
	EXPECT_EQ(v->lw, ti->last_written);
	EXPECT_EQ(v->total, ti->total_sectors);
	EXPECT_EQ(v->wu, ti->write_unit_size);
	EXPECT_EQ(0, ti->reserved);
}

TEST_F(refresh, values)
{
	const struct texpect *e = &variant->tc->e;
	const struct msinfo_state *st = &self->state;
	u32 auto_type = e->auto1 ? (u32)e->auto1 - 1 : CDROM_MSINFO_TYPE_NONE;
	const char *name = msinfo_state_profile_name(st);

	EXPECT_EQ(e->err, self->err);
	EXPECT_STREQ(e->log, self->log);
	EXPECT_EQ(e->media, st->media_state);
	/* no name for no medium or an unknown profile */
	EXPECT_STREQ(e->profile ? e->profile : "(none)", name ? name : "(none)");
	if (e->media != M_NONE && e->media != M_UNKNOWN)
		EXPECT_EQ(variant->tc->m.profile, st->profile);
	EXPECT_EQ(e->last, st->last_session);
	EXPECT_EQ(e->sessions, st->sessions);
	EXPECT_EQ(e->tracks, st->tracks);
	EXPECT_EQ(e->types, st->types_supported);
	EXPECT_EQ(auto_type, st->auto_type);
	EXPECT_EQ(e->flags, st->flags);
	EXPECT_EQ(e->msv, st->msinfo_valid);
	EXPECT_EQ(e->ms_start, st->msinfo_start);
	EXPECT_EQ(e->ms_next, st->msinfo_next);
	EXPECT_EQ(self->plan.sent, st->commands);
	expect_type(_metadata, &st->type[CDROM_MSINFO_TYPE_SEQUENTIAL], &e->seq,
		    e->types & T_SEQ, auto_type == CDROM_MSINFO_TYPE_SEQUENTIAL);
	expect_type(_metadata, &st->type[CDROM_MSINFO_TYPE_RANDOM_WRITE], &e->rw,
		    e->types & T_RW, auto_type == CDROM_MSINFO_TYPE_RANDOM_WRITE);
	expect_type(_metadata, &st->type[CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE], &e->pow,
		    e->types & T_POW, auto_type == CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE);
}

TEST_F(refresh, check_type)
{
	const struct texpect *e = &variant->tc->e;

	EXPECT_EQ(e->check[0], msinfo_check_type(&self->state, CDROM_MSINFO_TYPE_SEQUENTIAL));
	EXPECT_EQ(e->check[1], msinfo_check_type(&self->state, CDROM_MSINFO_TYPE_RANDOM_WRITE));
	EXPECT_EQ(e->check[2], msinfo_check_type(&self->state,
						 CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE));
	EXPECT_EQ(e->check[3], msinfo_check_type(&self->state, CDROM_MSINFO_TYPE_NONE));
	/* no such type, whatever the medium */
	EXPECT_EQ(-EINVAL, msinfo_check_type(&self->state, MSINFO_TYPE_COUNT));
	EXPECT_EQ(-EINVAL, msinfo_check_type(&self->state, 0x7fffffff));
}

/* At most 4 commands, but for the documented exceptions; never above the bound. */
TEST_F(refresh, command_count)
{
	static const char * const more_than_4[] = {
		"cd_r_open_audio", "cd_r_incomplete_2", "cd_r_no_full_toc",
		"dvd_r_two_track_session",
		"dvd_r_no_session_address", "bd_re_no_formats", "cd_r_every_fallback",
	};
	bool exception = false;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(more_than_4); i++)
		if (!strcmp(more_than_4[i], variant->tc->name))
			exception = true;
	ASSERT_LE(self->plan.sent, MSINFO_MAX_COMMANDS);
	EXPECT_LE(self->plan.sent, exception ? MSINFO_MAX_COMMANDS : 4);
}

/* The same medium twice gives byte-identical states (the shell memcmp()s). */
TEST_F(refresh, deterministic)
{
	struct msinfo_state again;
	struct msinfo_plan plan;

	memset(&again, 0x5a, sizeof(again));
	tm_refresh(&variant->tc->m, &plan, &again, NULL, 0);
	EXPECT_EQ(0, memcmp(&again, &self->state, sizeof(again)));
}

/* The reply the refresh got to the command of step, replayed. */
struct step_reply {
	unsigned int step;
	bool found;
	struct tm_reply r;
};

static bool keep_step_reply(void *ctx, const struct msinfo_plan *plan,
			    const struct msinfo_cmd *cmd, struct tm_reply *r)
{
	struct step_reply *sr = ctx;

	if (plan->step != sr->step)
		return true;
	sr->r = *r;
	sr->found = true;
	return false;
}

/* Sixteen more blocks written where the medium is written next. */
static void write_16_blocks(struct tmedium *m, unsigned int track)
{
	struct tm_track *t = &m->t[track - m->first_track];

	if (t->invisible) {
		t->invisible = false;
		t->nwa_v = true;
		t->nwa = t->start;
		t->free = t->size;
	}
	t->blank = false;
	t->nwa += 16;
	t->free -= 16;
	t->lra_v = true;
	t->lra = t->nwa - 1;
}

/*
 * After a burner let go, one command tells whether it wrote: the probe's
 * reply is the one the refresh got, and differs once 16 blocks are
 * written (media written in sessions) or the disc is blanked (closed and
 * read-only media).  Random-writable media have none: a refresh tells.
 */
TEST_F(refresh, probe)
{
	const struct tmedium *m = &variant->tc->m;
	const struct msinfo_profile_info *info = msinfo_profile_lookup(m->profile);
	static struct step_reply got;
	static struct tm_reply again;
	struct tmedium written = *m;
	struct msinfo_plan plan;
	struct msinfo_cmd cmd;
	unsigned int step;

	step = msinfo_probe(&self->plan, &cmd);
	if (self->err || !info || info->kind == MSINFO_KIND_RANDOM ||
	    self->state.media_state == M_NONE) {
		EXPECT_EQ(MSINFO_STEP_DONE, step);
		return;
	}
	if (info->kind == MSINFO_KIND_SEQUENTIAL && m->ds != 2) {
		/* a drive that refused the track's information: a refresh */
		if (m->faults & TM_REFUSE_RTI) {
			EXPECT_EQ(MSINFO_STEP_DONE, step);
			return;
		}
		ASSERT_EQ(MSINFO_STEP_TRACK_LAST, step);
		write_16_blocks(&written, m->last_in_last);
	} else {
		if (m->faults & TM_REFUSE_RDI) {
			EXPECT_EQ(MSINFO_STEP_DONE, step);
			return;
		}
		ASSERT_EQ(MSINFO_STEP_DISC_INFO, step);
		written.ds = 0;
	}
	got.step = step;
	got.found = false;
	tm_replay(m, &plan, keep_step_reply, &got);
	ASSERT_TRUE(got.found);
	tm_answer(m, &cmd, &again);
	EXPECT_EQ(MSINFO_ST_GOOD, again.status);
	ASSERT_EQ(got.r.len, again.len);
	EXPECT_EQ(0, memcmp(got.r.buf, again.buf, got.r.len));
	tm_answer(&written, &cmd, &again);
	EXPECT_NE(0, memcmp(got.r.buf, again.buf, got.r.len));
}

/*
 * Every reply cut short at every length: the refresh either still works
 * (the parser tolerated it, the plan found another way), or fails with
 * EPROTO naming the command; it never reads outside what was received.
 */
struct cut_drive {
	const struct tmedium *m;
	unsigned int victim;	/* which command to cut */
	unsigned int cut;	/* to how many bytes */
	unsigned int commands;
	bool lie;		/* instead: claim more data than sent */
};

static int refresh_cut(struct cut_drive *d, struct msinfo_plan *plan,
		       struct msinfo_state *state)
{
	static struct tm_reply r;
	struct msinfo_cmd cmd;
	u8 *copy;
	int err = 0;

	msinfo_plan_init(plan);
	d->commands = 0;
	while (msinfo_plan_next(plan, &cmd)) {
		unsigned int len;

		tm_answer(d->m, &cmd, &r);
		len = r.len;
		if (d->commands == d->victim) {
			if (d->lie && (cmd.cdb[0] == 0x51 || cmd.cdb[0] == 0x52 ||
				       cmd.cdb[0] == 0x43)) {
				memset(r.buf, 0xff, 2);
			} else if (d->lie && cmd.cdb[0] == 0x46) {
				memset(r.buf, 0xff, 4);
			} else if (!d->lie && d->cut < len) {
				len = d->cut;
			}
		}
		/* exactly len bytes, so that ASan sees any overread */
		copy = malloc(len ? len : 1);
		if (!copy)
			abort();
		memcpy(copy, r.buf, len);
		err = msinfo_plan_feed(plan, r.status, len ? copy : NULL, len);
		free(copy);
		d->commands++;
		if (err)
			break;
	}
	return msinfo_derive(plan, state);
}

TEST(truncated_replies)
{
	unsigned int i, victim, cut, failures = 0, runs = 0;

	for (i = 0; i < ARRAY_SIZE(tcases); i++) {
		struct msinfo_plan plan;
		struct msinfo_state state;
		struct cut_drive d = { .m = &tcases[i]->m };
		unsigned int total;

		d.victim = ~0U;
		refresh_cut(&d, &plan, &state);
		total = d.commands;
		for (victim = 0; victim < total; victim++) {
			for (cut = 0; cut < MSINFO_REPLY_MAX; cut++) {
				char want[CDROM_MSINFO_ERROR_LEN];
				int err;

				d.victim = victim;
				d.cut = cut;
				err = refresh_cut(&d, &plan, &state);
				runs++;
				if (err == 0 || err == tcases[i]->e.err)
					continue;
				failures++;
				ASSERT_EQ(-EPROTO, err);
				snprintf(want, sizeof(want), "bad_reply: %s",
					 msinfo_step_name(plan.step));
				ASSERT_EQ(0, strncmp(want, plan.error_reason, strlen(want)));
				ASSERT_EQ(CDROM_MSINFO_ERR_BAD_REPLY,
					  msinfo_error_code(err, plan.error_reason));
				ASSERT_EQ(M_UNKNOWN, state.media_state);
				ASSERT_FALSE(state.msinfo_valid);
				ASSERT_LE(plan.sent, MSINFO_MAX_COMMANDS);
			}
		}
	}
	TH_LOG("%u truncated refreshes, %u refused with EPROTO", runs, failures);
	ASSERT_GT(failures, 0);
}

/* A length field claiming more than was sent changes nothing. */
TEST(lying_length_fields)
{
	unsigned int i, victim;

	for (i = 0; i < ARRAY_SIZE(tcases); i++) {
		struct msinfo_plan plan, ref_plan;
		struct msinfo_state state, ref;
		struct cut_drive d = { .m = &tcases[i]->m, .victim = ~0U };
		unsigned int total;

		refresh_cut(&d, &ref_plan, &ref);
		total = d.commands;
		for (victim = 0; victim < total; victim++) {
			d.victim = victim;
			d.lie = true;
			refresh_cut(&d, &plan, &state);
			/* a TOC with a bad header may be refused; others must agree */
			if (plan.error)
				continue;
			EXPECT_EQ(ref.media_state, state.media_state);
			EXPECT_EQ(ref.msinfo_next, state.msinfo_next);
		}
	}
}

/* ---- malformed replies, one by one ---- */

struct one_step {
	struct msinfo_plan plan;
	struct msinfo_cmd cmd;
};

/* Runs a refresh of m up to the command with opcode op, then feeds buf. */
static int feed_at(const struct tmedium *m, u8 op, unsigned int nth, const u8 *buf,
		   u32 len, enum msinfo_status status, struct msinfo_plan *plan)
{
	static struct tm_reply r;
	struct msinfo_cmd cmd;
	unsigned int seen = 0;
	int err;

	msinfo_plan_init(plan);
	while (msinfo_plan_next(plan, &cmd)) {
		if (cmd.cdb[0] == op && seen++ == nth)
			return msinfo_plan_feed(plan, status, buf, len);
		tm_answer(m, &cmd, &r);
		err = msinfo_plan_feed(plan, r.status, r.buf, r.len);
		if (err)
			return 1000 + err;	/* not the one under test */
	}
	return 2000;
}

/* The reply the drive of m would give to the nth command with opcode op. */
static unsigned int reply_of(const struct tmedium *m, u8 op, unsigned int nth, u8 *out)
{
	static struct tm_reply r;
	struct msinfo_plan plan;
	struct msinfo_cmd cmd;
	unsigned int seen = 0;

	msinfo_plan_init(&plan);
	while (msinfo_plan_next(&plan, &cmd)) {
		tm_answer(m, &cmd, &r);
		if (cmd.cdb[0] == op && seen++ == nth) {
			memcpy(out, r.buf, sizeof(r.buf));
			return r.len;
		}
		if (msinfo_plan_feed(&plan, r.status, r.buf, r.len))
			break;
	}
	return 0;
}

#define EXPECT_BAD(m, op, nth, buf, len, reason) do {				\
	struct msinfo_plan __p;							\
	int __e = feed_at(m, op, nth, buf, len, MSINFO_ST_GOOD, &__p);		\
	EXPECT_EQ(-EPROTO, __e);						\
	EXPECT_STREQ(reason, __p.error_reason);					\
} while (0)

TEST(bad_get_configuration)
{
	const struct tmedium *m = &case_cd_r_appendable.m;
	u8 b[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x46, 0, b);

	ASSERT_GT(len, 8);
	EXPECT_BAD(m, 0x46, 0, b, 7, "bad_reply: GET CONFIGURATION length");
	EXPECT_BAD(m, 0x46, 0, NULL, 0, "bad_reply: GET CONFIGURATION length");
	/* Data Length says the header is not even complete */
	memset(b, 0, 4);
	b[3] = 3;
	EXPECT_BAD(m, 0x46, 0, b, len, "bad_reply: GET CONFIGURATION length");
}

/* Features cut short, or after a descriptor cut short, are not read. */
TEST(get_configuration_feature_bounds)
{
	u8 b[64] = { 0 };
	struct msinfo_plan p;

	/* header, then Random Readable whose Blocking lies beyond the data */
	b[3] = 4 + 12;
	b[7] = 0x10;	/* DVD-ROM */
	b[9] = 0x10;
	b[10] = 0x01;
	b[11] = 8;
	b[16] = 0;
	b[17] = 16;
	ASSERT_EQ(0, feed_at(&case_dvd_rom.m, 0x46, 0, b, 16, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.rr_blocking);
	ASSERT_EQ(0, feed_at(&case_dvd_rom.m, 0x46, 0, b, 20, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(16, p.facts.rr_blocking);
	/* same, but the feature is not current */
	b[10] = 0x00;
	ASSERT_EQ(0, feed_at(&case_dvd_rom.m, 0x46, 0, b, 20, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.rr_blocking);
	/* BD-R POW current, additional length 0 */
	memset(b, 0, sizeof(b));
	b[3] = 8;
	b[7] = 0x41;
	b[9] = 0x38;
	b[10] = 0x01;
	ASSERT_EQ(0, feed_at(&case_bd_r_srm_blank.m, 0x46, 0, b, 12, MSINFO_ST_GOOD, &p));
	EXPECT_TRUE(p.facts.pow);
	/* additional length 255 past the end: the loop still ends */
	b[11] = 255;
	p.facts.pow = false;
	ASSERT_EQ(0, feed_at(&case_bd_r_srm_blank.m, 0x46, 0, b, 12, MSINFO_ST_GOOD, &p));
	EXPECT_FALSE(p.facts.pow);
}

TEST(bad_disc_information)
{
	const struct tmedium *m = &case_cd_r_appendable.m;
	u8 b[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x51, 0, b);
	u8 c[MSINFO_REPLY_MAX];

	ASSERT_EQ(34, len);
	EXPECT_BAD(m, 0x51, 0, b, 11, "bad_reply: READ DISC INFORMATION length");
	memcpy(c, b, len);
	c[1] = 9;	/* Disc Information Length: up to byte 10 only */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION length");
	memcpy(c, b, len);
	c[2] |= 0x20;	/* Disc Information Data Type 001b: track resources */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION data type");
	memcpy(c, b, len);
	c[4] = 0;	/* no session */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION track numbers");
	memcpy(c, b, len);
	c[5] = 3;	/* first track in last session after the last */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION track numbers");
	memcpy(c, b, len);
	c[4] = 5;	/* 5 sessions in 2 tracks */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION track numbers");
	memcpy(c, b, len);
	c[3] = 0;	/* first track 0 */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION track numbers");
	memcpy(c, b, len);
	c[2] |= 0x03;	/* "others" on sequential media */
	EXPECT_BAD(m, 0x51, 0, c, len, "bad_reply: READ DISC INFORMATION disc status");
}

TEST(bad_track_information)
{
	const struct tmedium *m = &case_dvd_r_appendable.m;
	u8 b[MSINFO_REPLY_MAX], c[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x52, 0, b);

	ASSERT_EQ(48, len);
	EXPECT_BAD(m, 0x52, 0, b, 27, "bad_reply: READ TRACK INFORMATION length");
	memcpy(c, b, len);
	c[1] = 10;
	EXPECT_BAD(m, 0x52, 0, c, len, "bad_reply: READ TRACK INFORMATION length");
	memcpy(c, b, len);
	c[2] = 7;	/* another track than asked */
	EXPECT_BAD(m, 0x52, 0, c, len, "bad_reply: READ TRACK INFORMATION track number");
	memcpy(c, b, len);
	c[32] = 1;	/* track 258 */
	EXPECT_BAD(m, 0x52, 0, c, len, "bad_reply: READ TRACK INFORMATION track number");
	memcpy(c, b, len);
	tm_be32(&c[12], 165999);	/* NWA before the track */
	EXPECT_BAD(m, 0x52, 0, c, len,
		   "bad_reply: READ TRACK INFORMATION next writable address");
	memcpy(c, b, len);
	tm_be32(&c[24], 0xfffffff0);	/* start + size beyond 2^32 */
	EXPECT_BAD(m, 0x52, 0, c, len, "bad_reply: READ TRACK INFORMATION track size");

	/* by session: the session number must match */
	len = reply_of(m, 0x52, 1, b);
	ASSERT_EQ(48, len);
	memcpy(c, b, len);
	c[3] = 2;
	EXPECT_BAD(m, 0x52, 1, c, len, "bad_reply: READ TRACK INFORMATION session number");
}

/* Replies that contradict each other: the previous session past the NWA. */
TEST(inconsistent_addresses)
{
	const struct tmedium *m = &case_dvd_r_appendable.m;
	u8 b[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x52, 1, b);
	unsigned int pos;

	ASSERT_EQ(48, len);
	tm_be32(&b[8], 166000);		/* session 1 starts at the NWA */
	EXPECT_BAD(m, 0x52, 1, b, len, "bad_reply: READ TRACK INFORMATION session addresses");
	len = reply_of(m, 0x52, 1, b);
	tm_be32(&b[24], 166001);	/* and ends behind it */
	EXPECT_BAD(m, 0x52, 1, b, len, "bad_reply: READ TRACK INFORMATION session addresses");

	/* a CD whose first session's lead-out lies after the NWA */
	m = &case_cd_r_appendable.m;
	len = reply_of(m, 0x43, 0, b);
	ASSERT_GT(len, 4);
	for (pos = 4; pos + 11 <= len; pos += 11) {
		if (b[pos + 3] == 0xa2) {
			b[pos + 8] = 60;	/* 60:00:00 */
			b[pos + 9] = 0;
			b[pos + 10] = 0;
		}
	}
	EXPECT_BAD(m, 0x43, 0, b, len, "bad_reply: READ TOC/PMA/ATIP session addresses");
}

/* An MMC-1 drive's 28-byte track information is enough; LRA is not read. */
static bool cut_rti(void *ctx, const struct msinfo_plan *plan,
		    const struct msinfo_cmd *cmd, struct tm_reply *r)
{
	unsigned int rti_len = *(unsigned int *)ctx;

	if (cmd->cdb[0] == 0x52) {
		r->len = rti_len;
		tm_be16(r->buf, rti_len - 2);
	}
	return true;
}

static void refresh_rti_len(const struct tmedium *m, unsigned int rti_len,
			    struct msinfo_state *st)
{
	struct msinfo_plan plan;

	tm_replay(m, &plan, cut_rti, &rti_len);
	msinfo_derive(&plan, st);
}

TEST(short_track_information)
{
	/* a BD-R with POW whose open track holds data after a first session */
	struct tmedium m = case_dvd_r_open_track_2.m;
	struct msinfo_state st;

	m.profile = 0x0041;
	m.pow = true;
	refresh_rti_len(&m, 48, &st);
	ASSERT_EQ(M_APPEND, st.media_state);
	EXPECT_EQ(T_SEQ | T_POW, st.types_supported);
	EXPECT_EQ(99999, st.type[0].prev_session_last_written);
	EXPECT_EQ(170016, st.msinfo_next);
	/* the open track's Last Recorded Address */
	EXPECT_EQ(170000, st.type[2].last_written);

	refresh_rti_len(&m, 28, &st);
	ASSERT_EQ(M_APPEND, st.media_state);
	EXPECT_EQ(99999, st.type[0].prev_session_last_written);
	EXPECT_EQ(170016, st.msinfo_next);
	/* without LRA, the data end before the NWA */
	EXPECT_EQ(170015, st.type[2].last_written);
}

TEST(bad_toc)
{
	const struct tmedium *m = &case_cd_rw_appendable_2.m;
	u8 b[MSINFO_REPLY_MAX], c[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x43, 0, b);
	unsigned int pos;

	ASSERT_GT(len, 4 + 11 * 8);
	EXPECT_BAD(m, 0x43, 0, b, 3, "bad_reply: READ TOC/PMA/ATIP length");
	memcpy(c, b, len);
	c[3] = 0;	/* no complete session */
	EXPECT_BAD(m, 0x43, 0, c, len, "bad_reply: READ TOC/PMA/ATIP session numbers");
	/* find the descriptors and break them */
	for (pos = 4; pos + 11 <= len; pos += 11) {
		if (b[pos] == 2 && b[pos + 3] == 0xa0) {
			memcpy(c, b, len);
			c[pos + 8] = 0;
			EXPECT_BAD(m, 0x43, 0, c, len,
				   "bad_reply: READ TOC/PMA/ATIP first track");
		}
		if (b[pos] == 2 && b[pos + 3] == 0xa2) {
			memcpy(c, b, len);
			c[pos + 9] = 60;	/* second 60 */
			EXPECT_BAD(m, 0x43, 0, c, len, "bad_reply: READ TOC/PMA/ATIP address");
			memcpy(c, b, len);
			c[pos + 8] = 0;	/* lead-out before the track */
			c[pos + 9] = 2;
			c[pos + 10] = 0;
			EXPECT_BAD(m, 0x43, 0, c, len, "bad_reply: READ TOC/PMA/ATIP lead-out");
		}
		if (b[pos + 3] == 1) {
			memcpy(c, b, len);
			c[pos + 10] = 75;	/* frame 75 */
			EXPECT_BAD(m, 0x43, 0, c, len, "bad_reply: READ TOC/PMA/ATIP address");
		}
	}
}

/* A full TOC that lacks the session asked for: format 1 instead. */
TEST(toc_without_the_session)
{
	struct tmedium m = case_cd_rw_appendable_2.m;
	struct msinfo_plan plan;
	struct msinfo_state st;
	char log[128];

	m.toc_sessions = 1;	/* the drive "forgot" session 2 in the full TOC */
	m.faults = 0;
	ASSERT_EQ(0, tm_refresh(&m, &plan, &st, log, sizeof(log)));
	/* format 1 then has session 1 only, which is not the one asked */
	/* ... and READ TRACK INFORMATION by session gives the start */
	EXPECT_STREQ("46 51 52t3 43f2 43f1 52s2", log);
	EXPECT_TRUE(st.msinfo_valid);
	EXPECT_EQ(11702, st.msinfo_start);
	EXPECT_EQ(20604, st.msinfo_next);
	EXPECT_EQ(13703, st.type[0].prev_session_last_written);
	/* no full TOC: whether a data session exists is not known */
	EXPECT_EQ(PSS | PSL | NWA | FREE | WU, st.type[0].valid);
}

TEST(bad_toc_session_and_tracks)
{
	u8 b[MSINFO_REPLY_MAX], c[MSINFO_REPLY_MAX];
	unsigned int len;

	len = reply_of(&case_cd_rom_no_full_toc.m, 0x43, 1, b);
	ASSERT_EQ(12, len);
	EXPECT_BAD(&case_cd_rom_no_full_toc.m, 0x43, 1, b, 11,
		   "bad_reply: READ TOC/PMA/ATIP length");
	memcpy(c, b, len);
	c[6] = 0;
	EXPECT_BAD(&case_cd_rom_no_full_toc.m, 0x43, 1, c, len,
		   "bad_reply: READ TOC/PMA/ATIP session numbers");

	len = reply_of(&case_dvd_rom_no_track_info.m, 0x43, 0, b);
	ASSERT_EQ(20, len);
	EXPECT_BAD(&case_dvd_rom_no_track_info.m, 0x43, 0, b, 11,
		   "bad_reply: READ TOC/PMA/ATIP length");
	memcpy(c, b, len);
	c[2] = 2;	/* first track after the last */
	EXPECT_BAD(&case_dvd_rom_no_track_info.m, 0x43, 0, c, len,
		   "bad_reply: READ TOC/PMA/ATIP track numbers");
	memcpy(c, b, len);
	tm_be32(&c[16], 0);	/* lead-out at the track's start */
	EXPECT_BAD(&case_dvd_rom_no_track_info.m, 0x43, 0, c, len,
		   "bad_reply: READ TOC/PMA/ATIP lead-out");
}

TEST(bad_capacities)
{
	const struct tmedium *m = &case_dvd_plus_rw_iso.m;
	u8 b[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x25, 0, b);

	ASSERT_EQ(8, len);
	EXPECT_BAD(m, 0x25, 0, b, 7, "bad_reply: READ CAPACITY length");
	tm_be32(b, 0xffffffff);
	EXPECT_BAD(m, 0x25, 0, b, 8, "bad_reply: READ CAPACITY last block");

	m = &case_bd_re_iso.m;
	len = reply_of(m, 0x23, 0, b);
	ASSERT_EQ(20, len);
	EXPECT_BAD(m, 0x23, 0, b, 11, "bad_reply: READ FORMAT CAPACITIES length");
	b[3] = 0;
	EXPECT_BAD(m, 0x23, 0, b, len, "bad_reply: READ FORMAT CAPACITIES length");
	b[3] = 8;
	b[8] = 0;
	EXPECT_BAD(m, 0x23, 0, b, len, "bad_reply: READ FORMAT CAPACITIES descriptor type");
	b[8] = 2;
	tm_be32(&b[4], 0);
	EXPECT_BAD(m, 0x23, 0, b, len, "bad_reply: READ FORMAT CAPACITIES number of blocks");
}

/* Only a well-formed primary volume descriptor counts as an ISO volume. */
TEST(iso_volume_descriptor)
{
	const struct tmedium *m = &case_dvd_plus_rw_iso.m;
	u8 good[MSINFO_REPLY_MAX], b[MSINFO_REPLY_MAX];
	unsigned int len = reply_of(m, 0x28, 0, good);
	struct msinfo_plan p;

	ASSERT_EQ(2048, len);
	EXPECT_BAD(m, 0x28, 0, good, 2047, "bad_reply: READ(10) length");
	ASSERT_EQ(0, feed_at(m, 0x28, 0, good, len, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(1000, p.facts.iso_blocks);

	memcpy(b, good, len);
	b[0] = 2;	/* a supplementary descriptor */
	ASSERT_EQ(0, feed_at(m, 0x28, 0, b, len, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.iso_blocks);
	memcpy(b, good, len);
	b[3] = 'X';	/* not CD001 */
	ASSERT_EQ(0, feed_at(m, 0x28, 0, b, len, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.iso_blocks);
	memcpy(b, good, len);
	b[87] ^= 1;	/* little- and big-endian sizes disagree */
	ASSERT_EQ(0, feed_at(m, 0x28, 0, b, len, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.iso_blocks);
	memcpy(b, good, len);
	b[129] = 0x02;	/* 512-byte logical blocks */
	tm_be16(&b[130], 512);
	ASSERT_EQ(0, feed_at(m, 0x28, 0, b, len, MSINFO_ST_GOOD, &p));
	EXPECT_EQ(0, p.facts.iso_blocks);
	/* BLANK CHECK, LBA out of range: no volume, no error */
	ASSERT_EQ(0, feed_at(m, 0x28, 0, NULL, 0, MSINFO_ST_MEDIUM_ERROR, &p));
	ASSERT_EQ(0, feed_at(m, 0x28, 0, NULL, 0, MSINFO_ST_ILLEGAL_REQUEST, &p));
	/* but a hardware error is one */
	EXPECT_EQ(-EIO, feed_at(m, 0x28, 0, NULL, 0, MSINFO_ST_HARDWARE_ERROR, &p));
	EXPECT_STREQ("hardware_error: READ(10)", p.error_reason);
}

/*
 * The volume size rounded up to 16 blocks, as cdrskin --grow_overwriteable_iso
 * and growisofs, and to the medium's write unit when larger: a BD-RE's 32
 * (xorriso rounds to 32).
 */
TEST(emulated_msinfo_alignment)
{
	/* 321 and 396: what cdrskin printed for images of those sizes */
	static const unsigned int sizes[][2] = {
		{ 1, 16 }, { 15, 16 }, { 16, 16 }, { 17, 32 }, { 321, 336 }, { 396, 400 },
	};
	static const unsigned int bd_sizes[][2] = {
		{ 1, 32 }, { 16, 32 }, { 32, 32 }, { 33, 64 }, { 2000, 2016 }, { 321, 352 },
	};
	struct tmedium m = case_dvd_plus_rw_iso.m;
	struct msinfo_plan plan;
	struct msinfo_state st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		m.iso_blocks = sizes[i][0];
		ASSERT_EQ(0, tm_refresh(&m, &plan, &st, NULL, 0));
		EXPECT_TRUE(st.msinfo_valid);
		EXPECT_EQ(0, st.msinfo_start);
		EXPECT_EQ(sizes[i][1], st.msinfo_next);
		EXPECT_EQ(sizes[i][0] - 1, st.type[1].last_written);
	}
	/* 2^32 - 1 blocks: the next session's address needs 64 bits */
	m.iso_blocks = 0xffffffff;
	ASSERT_EQ(0, tm_refresh(&m, &plan, &st, NULL, 0));
	EXPECT_EQ(0x100000000ULL, st.msinfo_next);

	/* BD-RE, Random Readable Blocking 32: 2000 blocks as xorriso gives */
	m = case_bd_re_iso.m;
	for (i = 0; i < ARRAY_SIZE(bd_sizes); i++) {
		m.iso_blocks = bd_sizes[i][0];
		ASSERT_EQ(0, tm_refresh(&m, &plan, &st, NULL, 0));
		EXPECT_EQ(32, st.type[1].write_unit_size);
		EXPECT_EQ(bd_sizes[i][1], st.msinfo_next);
	}
	m.iso_blocks = 0xffffffff;
	ASSERT_EQ(0, tm_refresh(&m, &plan, &st, NULL, 0));
	EXPECT_EQ(0x100000000ULL, st.msinfo_next);
}

/* ---- statuses ---- */

/* The stable word of every reason, and its number in the ABI. */
TEST(error_codes)
{
	const struct tmedium *m = &case_cd_r_appendable.m;
	struct msinfo_plan p;
	char reason[CDROM_MSINFO_ERROR_LEN];
	u32 code;
	int err;

	err = feed_at(m, 0x51, 0, NULL, 0, MSINFO_ST_MEDIUM_ERROR, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_MEDIUM_ERROR, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x46, 0, NULL, 0, MSINFO_ST_ILLEGAL_REQUEST, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_ILLEGAL_REQUEST, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x52, 0, NULL, 0, MSINFO_ST_OTHER, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_IO_ERROR, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x43, 0, NULL, 0, MSINFO_ST_HARDWARE_ERROR, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_HARDWARE_ERROR, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x52, 0, NULL, 0, MSINFO_ST_NOT_READY, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_NOT_READY, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x51, 0, NULL, 0, MSINFO_ST_BECOMING_READY, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_BECOMING_READY, msinfo_error_code(err, p.error_reason));
	err = feed_at(m, 0x43, 0, NULL, 0, MSINFO_ST_MEDIA_CHANGED, &p);
	EXPECT_EQ(CDROM_MSINFO_ERR_MEDIA_CHANGED, msinfo_error_code(err, p.error_reason));

	/* every word, alone or with a hint; the shell's "timeout: CMD" */
	for (code = CDROM_MSINFO_ERR_NONE + 1; code < CDROM_MSINFO_ERR_OTHER; code++) {
		ASSERT_NE(NULL, msinfo_error_name(code));
		EXPECT_EQ(code, msinfo_error_code(-EIO, msinfo_error_name(code)));
		snprintf(reason, sizeof(reason), "%s: READ(10)", msinfo_error_name(code));
		EXPECT_EQ(code, msinfo_error_code(-EIO, reason));
	}
	EXPECT_EQ(NULL, msinfo_error_name(CDROM_MSINFO_ERR_OTHER));
	EXPECT_EQ(CDROM_MSINFO_ERR_NONE, msinfo_error_code(0, ""));
	EXPECT_EQ(CDROM_MSINFO_ERR_OTHER, msinfo_error_code(-EIO, ""));
	EXPECT_EQ(CDROM_MSINFO_ERR_OTHER, msinfo_error_code(-EIO, "timeouts"));
	EXPECT_EQ(CDROM_MSINFO_ERR_OTHER, msinfo_error_code(-EIO, "time"));
}

#ifdef ABI_DOC_PATH
/* The ABI document lists every word with its number: "NN  word  ..." */
TEST(error_codes_documented)
{
	char line[512], word[64];
	bool seen[CDROM_MSINFO_ERR_OTHER] = { false };
	FILE *f = fopen(ABI_DOC_PATH, "r");
	unsigned int num;
	u32 code;

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %u %63s", &num, word) == 2 &&
		    num > CDROM_MSINFO_ERR_NONE && num < CDROM_MSINFO_ERR_OTHER &&
		    !strcmp(word, msinfo_error_name(num)))
			seen[num] = true;
	fclose(f);
	for (code = CDROM_MSINFO_ERR_NONE + 1; code < CDROM_MSINFO_ERR_OTHER; code++)
		EXPECT_TRUE(seen[code]) TH_LOG("%u %s is not in %s", code,
					       msinfo_error_name(code), ABI_DOC_PATH);
}
#endif

TEST(statuses)
{
	const struct tmedium *m = &case_cd_r_appendable.m;
	struct msinfo_plan p;
	struct msinfo_state st;
	struct msinfo_cmd cmd;

	EXPECT_EQ(-EOPNOTSUPP, feed_at(m, 0x46, 0, NULL, 0, MSINFO_ST_ILLEGAL_REQUEST, &p));
	EXPECT_STREQ("illegal_request: GET CONFIGURATION", p.error_reason);
	EXPECT_EQ(-EIO, feed_at(m, 0x51, 0, NULL, 0, MSINFO_ST_MEDIUM_ERROR, &p));
	EXPECT_STREQ("medium_error: READ DISC INFORMATION", p.error_reason);
	EXPECT_EQ(-EOPNOTSUPP, feed_at(m, 0x51, 0, NULL, 0, MSINFO_ST_ILLEGAL_REQUEST, &p));
	EXPECT_EQ(-EOPNOTSUPP, feed_at(m, 0x52, 0, NULL, 0, MSINFO_ST_ILLEGAL_REQUEST, &p));
	EXPECT_STREQ("illegal_request: READ TRACK INFORMATION", p.error_reason);
	EXPECT_EQ(-EIO, feed_at(m, 0x52, 0, NULL, 0, MSINFO_ST_OTHER, &p));
	EXPECT_STREQ("io_error: READ TRACK INFORMATION", p.error_reason);
	EXPECT_EQ(-EIO, feed_at(m, 0x43, 0, NULL, 0, MSINFO_ST_HARDWARE_ERROR, &p));
	EXPECT_EQ(-EAGAIN, feed_at(m, 0x52, 0, NULL, 0, MSINFO_ST_NOT_READY, &p));
	EXPECT_STREQ("not_ready", p.error_reason);
	EXPECT_EQ(-EAGAIN, feed_at(m, 0x51, 0, NULL, 0, MSINFO_ST_BECOMING_READY, &p));
	EXPECT_STREQ("becoming_ready", p.error_reason);
	EXPECT_EQ(-ESTALE, feed_at(m, 0x43, 0, NULL, 0, MSINFO_ST_MEDIA_CHANGED, &p));
	EXPECT_STREQ("media_changed", p.error_reason);
	EXPECT_EQ(-ESTALE, msinfo_derive(&p, &st));
	EXPECT_EQ(M_UNKNOWN, st.media_state);
	EXPECT_EQ(CDROM_MSINFO_TYPE_NONE, st.auto_type);

	/* the medium taken out half way: no medium, not an error */
	ASSERT_EQ(0, feed_at(m, 0x43, 0, NULL, 0, MSINFO_ST_NO_MEDIUM, &p));
	EXPECT_FALSE(msinfo_plan_next(&p, &cmd));
	ASSERT_EQ(0, msinfo_derive(&p, &st));
	EXPECT_EQ(M_NONE, st.media_state);
	EXPECT_EQ(0, st.type[0].valid);
	EXPECT_FALSE(st.msinfo_valid);
	EXPECT_EQ(-ENOMEDIUM, msinfo_check_type(&st, CDROM_MSINFO_TYPE_NONE));
}

TEST(plan_misuse)
{
	struct msinfo_plan p;
	struct msinfo_state st;
	struct msinfo_cmd cmd;
	u8 b[8] = { 0 };

	msinfo_plan_init(&p);
	EXPECT_EQ(-EINVAL, msinfo_plan_feed(&p, MSINFO_ST_GOOD, b, 8));
	EXPECT_STREQ("bad_plan: none no command sent", p.error_reason);
	EXPECT_FALSE(msinfo_plan_next(&p, &cmd));

	msinfo_plan_init(&p);
	ASSERT_TRUE(msinfo_plan_next(&p, &cmd));
	EXPECT_EQ(-EINPROGRESS, msinfo_derive(&p, &st));
	EXPECT_EQ(M_UNKNOWN, st.media_state);
	b[3] = 4;	/* profile 0: no medium */
	ASSERT_EQ(0, msinfo_plan_feed(&p, MSINFO_ST_GOOD, b, 8));
	EXPECT_EQ(-EINVAL, msinfo_plan_feed(&p, MSINFO_ST_GOOD, b, 8));
	EXPECT_STREQ("bad_plan: GET CONFIGURATION reply fed twice", p.error_reason);
}

/* The command descriptor blocks, byte by byte. */
TEST(cdbs)
{
	static const struct {
		const struct tcase *tc;
		unsigned int index;
		u8 cdb[10];
		u32 alloc;
	} want[] = {
		{ &case_cd_r_appendable, 0, { 0x46, 0, 0, 0, 0, 0, 0, 0x08, 0x00, 0 }, 2048 },
		{ &case_cd_r_appendable, 1, { 0x51, 0, 0, 0, 0, 0, 0, 0x00, 0x22, 0 }, 34 },
		{ &case_cd_r_appendable, 2, { 0x52, 1, 0, 0, 0, 2, 0, 0x00, 0x30, 0 }, 48 },
		{ &case_cd_r_appendable, 3, { 0x43, 2, 2, 0, 0, 0, 1, 0x08, 0x00, 0 }, 2048 },
		{ &case_dvd_r_appendable, 3, { 0x52, 2, 0, 0, 0, 1, 0, 0x00, 0x30, 0 }, 48 },
		{ &case_dvd_r_no_session_address, 4,
		  { 0x43, 0, 1, 0, 0, 0, 0, 0x00, 0x0c, 0 }, 12 },
		{ &case_dvd_rom_no_track_info, 3,
		  { 0x43, 0, 0, 0, 0, 0, 1, 0x03, 0x24, 0 }, 804 },
		{ &case_dvd_plus_rw_iso, 2, { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 8 },
		{ &case_dvd_plus_rw_iso, 3, { 0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0 }, 2048 },
		{ &case_bd_re_iso, 2, { 0x23, 0, 0, 0, 0, 0, 0, 0x00, 0xfc, 0 }, 252 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		static struct tm_reply r;
		struct msinfo_plan p;
		struct msinfo_cmd cmd;
		unsigned int n = 0;
		bool found = false;

		msinfo_plan_init(&p);
		while (msinfo_plan_next(&p, &cmd)) {
			if (n++ == want[i].index) {
				EXPECT_EQ(10, cmd.cdb_len);
				EXPECT_EQ(0, memcmp(want[i].cdb, cmd.cdb, 10));
				EXPECT_EQ(0, cmd.cdb[10] | cmd.cdb[11]);
				EXPECT_EQ(want[i].alloc, cmd.alloc_len);
				EXPECT_LE(cmd.alloc_len, MSINFO_REPLY_MAX);
				found = true;
				break;
			}
			tm_answer(&want[i].tc->m, &cmd, &r);
			if (msinfo_plan_feed(&p, r.status, r.buf, r.len))
				break;
		}
		EXPECT_TRUE(found);
	}
}

/* The replies of QEMU's scsi-cd for a 1000-block ISO, as it builds them. */
TEST(qemu_scsi_cd)
{
	static const u8 config[40] = {
		0, 0, 0, 36, 0, 0, 0x00, 0x08,
		0x00, 0x00, 0x03, 8, 0x00, 0x10, 0, 0, 0x00, 0x08, 1, 0,
		0x00, 0x01, 0x0b, 8, 0, 0, 0, 1, 1, 0, 0, 0,
		0x00, 0x03, 0x0b, 4, 0x39, 0, 0, 0,
	};
	static const u8 disc[34] = {
		0, 32, 0x0e, 1, 1, 1, 1, 0x20, 0,
	};
	/* A0, A1, A2 (1000 + 150 = 00:15:25), track 1 at 00:02:00 */
	static const u8 toc[4 + 44] = {
		0, 46, 1, 1,
		1, 0x14, 0, 0xa0, 0, 0, 0, 0, 1, 0, 0,
		1, 0x14, 0, 0xa1, 0, 0, 0, 0, 1, 0, 0,
		1, 0x14, 0, 0xa2, 0, 0, 0, 0, 0, 15, 25,
		1, 0x14, 0, 1, 0, 0, 0, 0, 0, 2, 0,
	};
	struct msinfo_plan p;
	struct msinfo_state st;
	struct msinfo_cmd cmd;

	msinfo_plan_init(&p);
	ASSERT_TRUE(msinfo_plan_next(&p, &cmd));
	ASSERT_EQ(0x46, cmd.cdb[0]);
	ASSERT_EQ(0, msinfo_plan_feed(&p, MSINFO_ST_GOOD, config, sizeof(config)));
	ASSERT_TRUE(msinfo_plan_next(&p, &cmd));
	ASSERT_EQ(0x51, cmd.cdb[0]);
	ASSERT_EQ(0, msinfo_plan_feed(&p, MSINFO_ST_GOOD, disc, sizeof(disc)));
	ASSERT_TRUE(msinfo_plan_next(&p, &cmd));
	ASSERT_EQ(0x43, cmd.cdb[0]);
	ASSERT_EQ(2, cmd.cdb[2]);
	ASSERT_EQ(0, msinfo_plan_feed(&p, MSINFO_ST_GOOD, toc, sizeof(toc)));
	ASSERT_FALSE(msinfo_plan_next(&p, &cmd));
	ASSERT_EQ(0, msinfo_derive(&p, &st));
	EXPECT_EQ(3, st.commands);
	EXPECT_EQ(M_COMPLETE, st.media_state);
	EXPECT_STREQ("cd-rom", msinfo_state_profile_name(&st));
	EXPECT_EQ(1, st.sessions);
	EXPECT_EQ(1, st.tracks);
	EXPECT_EQ(PSS | PSL, st.type[0].valid);
	/* what CDROMMULTISESSION says for it */
	EXPECT_EQ(0, st.type[0].prev_session_start);
	EXPECT_EQ(999, st.type[0].prev_session_last_written);
	EXPECT_FALSE(st.msinfo_valid);
	EXPECT_EQ(-EMEDIUMTYPE, msinfo_check_type(&st, CDROM_MSINFO_TYPE_NONE));
}

/* Garbage of every kind, with a fixed seed: bounded, and only the documented errors. */
TEST(garbage_replies)
{
	unsigned int seed = 1, run, errors = 0;
	static u8 buf[MSINFO_REPLY_MAX];

	for (run = 0; run < 200000; run++) {
		struct msinfo_plan p;
		struct msinfo_state st;
		struct msinfo_cmd cmd;
		int err = 0, i;

		msinfo_plan_init(&p);
		while (msinfo_plan_next(&p, &cmd)) {
			u32 len;

			seed = seed * 1103515245 + 12345;
			len = (seed >> 8) % (cmd.alloc_len + 1);
			for (i = 0; i < (int)len; i++) {
				seed = seed * 1103515245 + 12345;
				buf[i] = seed >> 16;
			}
			/* often a plausible profile and small numbers */
			if (cmd.cdb[0] == 0x46 && len >= 8) {
				const struct msinfo_profile_info *pi =
					msinfo_profile_at((seed >> 4) % 26);

				buf[6] = 0;
				buf[7] = pi->profile;
			}
			if (cmd.cdb[0] == 0x51 && len >= 12 && (seed & 1)) {
				buf[2] &= 0x0f;
				buf[3] = 1;
				buf[4] = 1 + (seed >> 3) % 3;
				buf[5] = buf[4] + (seed >> 5) % 2;
				buf[6] = buf[5] + (seed >> 7) % 2;
				memset(&buf[9], 0, 3);
			}
			err = msinfo_plan_feed(&p, (seed >> 20) % 5 ? MSINFO_ST_GOOD :
					       (enum msinfo_status)((seed >> 12) % MSINFO_ST_COUNT),
					       buf, len);
			if (err)
				break;
		}
		ASSERT_LE(p.sent, MSINFO_MAX_COMMANDS);
		ASSERT_EQ(NULL, strstr(p.error_reason, "too many"));
		if (err) {
			errors++;
			ASSERT_TRUE(err == -EPROTO || err == -EIO || err == -EAGAIN ||
				    err == -ESTALE || err == -EOPNOTSUPP || err == -EMEDIUMTYPE);
			ASSERT_NE(0, p.error_reason[0]);
		}
		ASSERT_EQ(err, msinfo_derive(&p, &st));
		ASSERT_LE(st.media_state, M_UNKNOWN);
		if (!err)
			ASSERT_NE(M_UNKNOWN, st.media_state);
	}
	TH_LOG("%u of 200000 garbage refreshes failed cleanly", errors);
}

/*
 * Inputs the fuzzer found, in its format (fuzz/fuzz_refresh.c): per
 * command a status byte, a big-endian length and the reply.
 */
static int replay(const u8 *data, size_t size, struct msinfo_plan *plan,
		  struct msinfo_state *st)
{
	struct msinfo_cmd cmd;
	size_t pos = 0;
	int err;

	msinfo_plan_init(plan);
	while (msinfo_plan_next(plan, &cmd)) {
		enum msinfo_status status = MSINFO_ST_OTHER;
		const u8 *reply = NULL;
		u32 len = 0;

		if (pos + 3 <= size) {
			status = data[pos] < 0xc0 ? MSINFO_ST_GOOD :
				 (enum msinfo_status)(data[pos] % MSINFO_ST_COUNT);
			len = (u32)data[pos + 1] << 8 | data[pos + 2];
			pos += 3;
			if (len > size - pos)
				len = size - pos;
			if (len > cmd.alloc_len)
				len = cmd.alloc_len;
			reply = data + pos;
			pos += len;
		}
		err = msinfo_plan_feed(plan, status, reply, len);
		if (err)
			break;
	}
	return msinfo_derive(plan, st);
}

/*
 * A CD-R with an open session after a complete one, whose drive refuses
 * every fallback: the longest plan, 8 commands, exactly the bound (the
 * fuzzer's invariant had said 7).
 */
TEST(fuzz_crash_680ad035)
{
	static const u8 in[] = {
		0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x09, 0x00,
		0x00, 0x03, 0x08, 0x00, 0x09, 0x01, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,
		0x01, 0x0b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x10, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x00,
		0x00, 0x22, 0x00, 0x20, 0x05, 0x01, 0x02, 0x02, 0x03, 0x20, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x30, 0x00, 0x2e, 0x03, 0x02, 0x00, 0x00, 0x41, 0x01, 0x00,
		0x00, 0x86, 0xf6, 0x00, 0x00, 0x86, 0xf6, 0x00, 0x03, 0x0d, 0x40, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x03, 0x0d, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x2e, 0x02, 0x02, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0x7a, 0xa8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0b, 0xb8, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x39, 0x01,
		0x01, 0x01, 0x10, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x01, 0x10, 0x00, 0xa1, 0x00, 0x00, 0x00, 0x00, 0x01, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0xdd,
		0xdd, 0xdd, 0xdd, 0xdd, 0xdd, 0x00, 0x00, 0x01, 0x10, 0x00, 0xa2, 0x00,
		0x00, 0x00, 0x00, 0x04, 0x1c, 0x32, 0x01, 0x10, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x50, 0x00, 0xb0, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
	};
	struct msinfo_plan p;
	struct msinfo_state st;

	ASSERT_EQ(0, replay(in, sizeof(in), &p, &st));
	EXPECT_EQ(MSINFO_MAX_COMMANDS, p.sent);
	EXPECT_EQ(MSINFO_MAX_COMMANDS, st.commands);
	EXPECT_EQ(M_APPEND, st.media_state);
	EXPECT_EQ(L_INCOMPLETE, st.last_session);
	EXPECT_TRUE(p.finished);
}

/* The same drive failing the eighth command: a clean error, still 8. */
TEST(fuzz_crash_f3d47191)
{
	static const u8 in[] = {
		0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x09, 0x00,
		0x00, 0x03, 0x08, 0x00, 0x09, 0x01, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00,
		0x00, 0x00, 0x00, 0x00, 0xe6, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x10, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x63, 0x00, 0x00, 0x00,
		0x00, 0x22, 0x00, 0x20, 0x05, 0x01, 0x02, 0x02, 0x03, 0x20, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x30, 0x00, 0x2e, 0x03, 0x02, 0x00, 0x00, 0xbf, 0x00, 0x00,
		0x01, 0x86, 0x28, 0x00, 0x00, 0x86, 0xf6, 0x00, 0x03, 0x0d, 0x40, 0x00,
		0x69, 0xb2, 0x2c, 0x99, 0xfd, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0xa1, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0xf8, 0x2e, 0x02, 0x02, 0x00, 0x41,
		0x01, 0x00, 0x00, 0x00, 0x7a, 0xa8, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x0b, 0xb8, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x00, 0x39, 0x01,
		0x01, 0x01, 0x10, 0x00, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30,
		0x30, 0x30, 0x30, 0x00, 0x00, 0x01, 0x10, 0x00, 0xa2, 0x00, 0x00, 0x00,
		0x00, 0x04, 0x1c, 0x32, 0x01, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x00,
	};
	struct msinfo_plan p;
	struct msinfo_state st;

	ASSERT_EQ(-EIO, replay(in, sizeof(in), &p, &st));
	EXPECT_STREQ("io_error: READ TRACK INFORMATION", p.error_reason);
	EXPECT_EQ(MSINFO_MAX_COMMANDS, p.sent);
	EXPECT_EQ(M_UNKNOWN, st.media_state);
}

/* ---- msinfo_check_type() rules on hand-made states ---- */

TEST(check_type_rules)
{
	struct msinfo_state st;

	memset(&st, 0, sizeof(st));
	st.auto_type = CDROM_MSINFO_TYPE_NONE;
	st.media_state = M_NONE;
	EXPECT_EQ(-EINVAL, msinfo_check_type(&st, 3));
	EXPECT_EQ(-ENOMEDIUM, msinfo_check_type(&st, 0));
	st.media_state = M_UNKNOWN;
	EXPECT_EQ(-EIO, msinfo_check_type(&st, 0));
	st.media_state = M_COMPLETE;
	st.profile = 0x0040;
	EXPECT_EQ(-EMEDIUMTYPE, msinfo_check_type(&st, 0));
	st.profile = 0x1234;	/* not in the table */
	EXPECT_EQ(-EMEDIUMTYPE, msinfo_check_type(&st, CDROM_MSINFO_TYPE_NONE));
	st.profile = 0x0009;
	EXPECT_EQ(-EROFS, msinfo_check_type(&st, 0));
	st.media_state = M_BLANK;
	EXPECT_EQ(-ENODATA, msinfo_check_type(&st, 1));
	/* appendable but nothing usable, e.g. no NWA */
	st.media_state = M_APPEND;
	EXPECT_EQ(-EOPNOTSUPP, msinfo_check_type(&st, CDROM_MSINFO_TYPE_NONE));
	st.last_session = L_DAMAGED;
	EXPECT_EQ(-EROFS, msinfo_check_type(&st, 0));
	st.last_session = L_EMPTY;
	st.types_supported = T_SEQ;
	EXPECT_EQ(0, msinfo_check_type(&st, 0));
	EXPECT_EQ(-EOPNOTSUPP, msinfo_check_type(&st, 1));
	EXPECT_EQ(-EOPNOTSUPP, msinfo_check_type(&st, 2));
	EXPECT_EQ(0, msinfo_check_type(&st, CDROM_MSINFO_TYPE_NONE));
}

TEST(set_in_use)
{
	struct msinfo_state st;

	memset(&st, 0, sizeof(st));
	st.auto_type = CDROM_MSINFO_TYPE_SEQUENTIAL;
	msinfo_set_in_use(&st, CDROM_MSINFO_TYPE_NONE);
	EXPECT_EQ(1, st.type[0].in_use);
	EXPECT_EQ(0, st.type[1].in_use);
	EXPECT_EQ(0, st.type[2].in_use);
	msinfo_set_in_use(&st, CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE);
	EXPECT_EQ(0, st.type[0].in_use);
	EXPECT_EQ(1, st.type[2].in_use);
	st.auto_type = CDROM_MSINFO_TYPE_NONE;
	msinfo_set_in_use(&st, CDROM_MSINFO_TYPE_NONE);
	EXPECT_EQ(0, st.type[0].in_use | st.type[1].in_use | st.type[2].in_use);
}

TEST(classify_sense)
{
	EXPECT_EQ(MSINFO_ST_NO_MEDIUM, msinfo_classify_sense(0x02, 0x3a, 0x00));
	EXPECT_EQ(MSINFO_ST_NO_MEDIUM, msinfo_classify_sense(0x02, 0x3a, 0x02));
	EXPECT_EQ(MSINFO_ST_BECOMING_READY, msinfo_classify_sense(0x02, 0x04, 0x01));
	EXPECT_EQ(MSINFO_ST_BECOMING_READY, msinfo_classify_sense(0x02, 0x04, 0x07));
	EXPECT_EQ(MSINFO_ST_BECOMING_READY, msinfo_classify_sense(0x02, 0x04, 0x08));
	EXPECT_EQ(MSINFO_ST_NOT_READY, msinfo_classify_sense(0x02, 0x04, 0x00));
	EXPECT_EQ(MSINFO_ST_NOT_READY, msinfo_classify_sense(0x02, 0x30, 0x02));
	EXPECT_EQ(MSINFO_ST_MEDIUM_ERROR, msinfo_classify_sense(0x03, 0x11, 0x00));
	EXPECT_EQ(MSINFO_ST_MEDIUM_ERROR, msinfo_classify_sense(0x08, 0x00, 0x00));
	EXPECT_EQ(MSINFO_ST_HARDWARE_ERROR, msinfo_classify_sense(0x04, 0x44, 0x00));
	EXPECT_EQ(MSINFO_ST_ILLEGAL_REQUEST, msinfo_classify_sense(0x05, 0x24, 0x00));
	EXPECT_EQ(MSINFO_ST_ILLEGAL_REQUEST, msinfo_classify_sense(0x05, 0x21, 0x00));
	EXPECT_EQ(MSINFO_ST_MEDIA_CHANGED, msinfo_classify_sense(0x06, 0x28, 0x00));
	EXPECT_EQ(MSINFO_ST_MEDIA_CHANGED, msinfo_classify_sense(0x06, 0x29, 0x00));
	EXPECT_EQ(MSINFO_ST_GOOD, msinfo_classify_sense(0x01, 0x17, 0x00));
	EXPECT_EQ(MSINFO_ST_OTHER, msinfo_classify_sense(0x0b, 0x00, 0x00));
	EXPECT_EQ(MSINFO_ST_OTHER, msinfo_classify_sense(0x07, 0x27, 0x00));
}

/* ---- names and the profile table ---- */

TEST(names)
{
	EXPECT_STREQ("none", msinfo_media_state_name(M_NONE));
	EXPECT_STREQ("blank", msinfo_media_state_name(M_BLANK));
	EXPECT_STREQ("appendable", msinfo_media_state_name(M_APPEND));
	EXPECT_STREQ("complete", msinfo_media_state_name(M_COMPLETE));
	EXPECT_STREQ("overwritable", msinfo_media_state_name(M_OVERWRITE));
	EXPECT_STREQ("unknown", msinfo_media_state_name(M_UNKNOWN));
	EXPECT_STREQ("unknown", msinfo_media_state_name(6));
	EXPECT_STREQ("empty", msinfo_last_session_name(L_EMPTY));
	EXPECT_STREQ("incomplete", msinfo_last_session_name(L_INCOMPLETE));
	EXPECT_STREQ("damaged", msinfo_last_session_name(L_DAMAGED));
	EXPECT_STREQ("complete", msinfo_last_session_name(L_COMPLETE));
	EXPECT_STREQ("unknown", msinfo_last_session_name(4));
	EXPECT_STREQ("sequential", msinfo_type_name(0));
	EXPECT_STREQ("random_write", msinfo_type_name(1));
	EXPECT_STREQ("pseudo_overwrite", msinfo_type_name(2));
	EXPECT_EQ(NULL, msinfo_type_name(3));
	EXPECT_EQ(NULL, msinfo_type_name(CDROM_MSINFO_TYPE_NONE));
	EXPECT_STREQ("READ(10)", msinfo_step_name(MSINFO_STEP_ISO_PVD));
	EXPECT_STREQ("none", msinfo_step_name(MSINFO_STEP_DONE));
	EXPECT_STREQ("cd-r", msinfo_profile_name(0x0009));
	EXPECT_STREQ("dvd-r-dl", msinfo_profile_name(0x0015));
	EXPECT_STREQ("dvd-r-dl-jump", msinfo_profile_name(0x0016));
	EXPECT_STREQ("dvd-rw-ro", msinfo_profile_name(0x0013));
	EXPECT_STREQ("bd-r-srm", msinfo_profile_name(0x0041));
	EXPECT_EQ(NULL, msinfo_profile_name(0x0000));
	EXPECT_EQ(NULL, msinfo_profile_name(0xffff));
}

TEST(profile_table)
{
	const struct msinfo_profile_info *a, *b;
	unsigned int i, j;
	const char *c;

	for (i = 0; (a = msinfo_profile_at(i)); i++) {
		EXPECT_EQ(a, msinfo_profile_lookup(a->profile));
		for (c = a->name; *c; c++)
			EXPECT_TRUE((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
				    *c == '-' || *c == '+');
		for (j = i + 1; (b = msinfo_profile_at(j)); j++) {
			EXPECT_NE(a->profile, b->profile);
			EXPECT_NE(0, strcmp(a->name, b->name));
		}
		/* the kind decides the types */
		if (a->kind == MSINFO_KIND_ROM)
			EXPECT_EQ(0, a->types);
		if (a->kind == MSINFO_KIND_SEQUENTIAL)
			EXPECT_TRUE(a->types & T_SEQ);
		if (a->kind == MSINFO_KIND_RANDOM) {
			EXPECT_EQ(T_RW, a->types);
			EXPECT_NE(MSINFO_FMT_NONE, a->format_check);
		} else {
			EXPECT_EQ(MSINFO_FMT_NONE, a->format_check);
		}
		EXPECT_EQ(a->family == MSINFO_FAMILY_CD ? 1 :
			  a->family == MSINFO_FAMILY_DVD ? 16 : 32, a->write_unit);
		EXPECT_NE(0, strcmp(a->name, "bd-r-pow"));
	}
	EXPECT_EQ(26, i);
}

#ifdef DOC_PATH
/*
 * The documentation's profile table is this table: every row of the form
 * "| 0x0009 | cd-r | CD | sequential | ..." must match, and every profile
 * must have its row.
 */
TEST(documentation_table)
{
	static const char * const families[] = { "CD", "DVD", "BD", "HD DVD" };
	static const char * const kinds[] = { "read-only", "sequential", "random-write" };
	FILE *f = fopen(DOC_PATH, "r");
	char line[512];
	unsigned int rows = 0, code;

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		char name[32], fam[16], kind[32];
		const struct msinfo_profile_info *pi;

		if (sscanf(line, "| 0x%4x | %31s | %15[^|] | %31s |", &code, name, fam, kind) != 4)
			continue;
		fam[strcspn(fam, " ")] = 0;
		if (!strcmp(fam, "HD"))
			strcpy(fam, "HD DVD");
		pi = msinfo_profile_lookup(code);
		if (!pi) {
			/* the derived "bd-r-pow" row */
			EXPECT_EQ(0x0041, code);
			continue;
		}
		if (!strcmp(name, "bd-r-pow")) {
			EXPECT_EQ(0x0041, code);
			continue;
		}
		EXPECT_STREQ(pi->name, name);
		EXPECT_STREQ(families[pi->family], fam);
		EXPECT_STREQ(kinds[pi->kind], kind);
		/* the last column: the write unit */
		line[strcspn(line, "\n")] = 0;
		*strrchr(line, '|') = 0;
		EXPECT_EQ(pi->write_unit, strtoul(strrchr(line, '|') + 1, NULL, 10));
		rows++;
	}
	fclose(f);
	EXPECT_EQ(26, rows);
}
#endif

TEST_HARNESS_MAIN

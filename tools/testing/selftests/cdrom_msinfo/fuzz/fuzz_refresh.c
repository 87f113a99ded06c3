// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the pure core of cdrom_msinfo: one input is every
 * reply a refresh receives, in order.  Each reply is a chunk:
 *
 *	byte 0		status: below 0xc0 GOOD, else (byte % MSINFO_ST_COUNT)
 *	bytes 1-2	length, big-endian, cut to what the input still holds
 *	then		that many reply bytes
 *
 * The plan asks for commands until it is done or the input runs out (then
 * the command "times out").  The derived state must then keep every
 * invariant of the interface; any breach aborts.
 */
#include <stdlib.h>

#include "msinfo_derive.h"

#define CHUNK_HEADER	3

/* An invariant broken: say which, and let libFuzzer keep the input. */
#define check(cond) do {							\
	if (!(cond)) {								\
		fprintf(stderr, "fuzz_refresh.c:%d: invariant broken: %s\n",	\
			__LINE__, #cond);					\
		abort();							\
	}									\
} while (0)

static bool documented_check_error(int err)
{
	return err == 0 || err == -EINVAL || err == -ENOMEDIUM || err == -EIO ||
	       err == -EMEDIUMTYPE || err == -ENODATA || err == -EROFS || err == -EOPNOTSUPP;
}

static void check_type_info(const struct cdrom_msinfo_type_info *ti)
{
	/* a value whose valid bit is clear must hold 0 */
	const struct {
		u32 bit;
		u64 value;
	} fields[] = {
		{ CDROM_MSINFO_V_FIRST_DATA_SESSION, ti->first_data_session },
		{ CDROM_MSINFO_V_PREV_SESSION_START, ti->prev_session_start },
		{ CDROM_MSINFO_V_PREV_SESSION_LAST, ti->prev_session_last_written },
		{ CDROM_MSINFO_V_NEXT_WRITABLE, ti->next_writable },
		{ CDROM_MSINFO_V_FREE_SECTORS, ti->free_sectors },
		{ CDROM_MSINFO_V_LAST_WRITTEN, ti->last_written },
		{ CDROM_MSINFO_V_TOTAL_SECTORS, ti->total_sectors },
		{ CDROM_MSINFO_V_WRITE_UNIT_SIZE, ti->write_unit_size },
	};
	unsigned int i;

	check(!(ti->valid & ~0xffU));
	check(ti->reserved == 0);
	check(ti->supported <= 1 && ti->in_use <= 1);
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (!(ti->valid & fields[i].bit))
			check(fields[i].value == 0);
	if (ti->valid & CDROM_MSINFO_V_FIRST_DATA_SESSION)
		check(ti->first_data_session <= 1);
}

static void check_state(const struct msinfo_plan *plan, const struct msinfo_state *st, int err)
{
	const struct msinfo_profile_info *info = msinfo_profile_lookup(st->profile);
	static const u8 zero[sizeof(struct cdrom_msinfo_type_info)];
	u32 t;
	int ret;

	check(st->commands == plan->sent);
	check(st->media_state <= CDROM_MSINFO_MEDIA_UNKNOWN);
	check(st->last_session <= CDROM_MSINFO_SESSION_COMPLETE);
	check(msinfo_media_state_name(st->media_state));
	check(msinfo_last_session_name(st->last_session));
	check(!(st->types_supported & ~7U));
	check(st->auto_type == CDROM_MSINFO_TYPE_NONE ||
	      (st->types_supported & CDROM_MSINFO_TYPE_BIT(st->auto_type)));
	check((st->types_supported == 0) == (st->auto_type == CDROM_MSINFO_TYPE_NONE));

	if (err || st->media_state == CDROM_MSINFO_MEDIA_NONE ||
	    st->media_state == CDROM_MSINFO_MEDIA_UNKNOWN) {
		/* nothing that could be mistaken for a value */
		check(st->media_state == (err ? CDROM_MSINFO_MEDIA_UNKNOWN :
					  CDROM_MSINFO_MEDIA_NONE));
		check(!st->types_supported && !st->msinfo_valid && !st->msinfo_start &&
		      !st->msinfo_next && !st->sessions && !st->tracks && !st->profile);
		for (t = 0; t < MSINFO_TYPE_COUNT; t++)
			check(!memcmp(&st->type[t], zero, sizeof(zero)));
	} else {
		check(info);
		check(msinfo_state_profile_name(st));
		check(!(st->types_supported & ~info->types));
	}
	if (!st->msinfo_valid)
		check(!st->msinfo_start && !st->msinfo_next);
	else
		check(st->types_supported && st->msinfo_start <= st->msinfo_next);

	for (t = 0; t < MSINFO_TYPE_COUNT; t++) {
		const struct cdrom_msinfo_type_info *ti = &st->type[t];

		check_type_info(ti);
		check(ti->supported == !!(st->types_supported & CDROM_MSINFO_TYPE_BIT(t)));
		check(ti->in_use == (t == st->auto_type));
		ret = msinfo_check_type(st, t);
		check(documented_check_error(ret) && ret != -EINVAL);
		check((ret == 0) == (ti->supported == 1));
	}
	ret = msinfo_check_type(st, CDROM_MSINFO_TYPE_NONE);
	check(documented_check_error(ret));
	check((ret == 0) == (st->auto_type != CDROM_MSINFO_TYPE_NONE));
	check(msinfo_check_type(st, MSINFO_TYPE_COUNT) == -EINVAL);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct msinfo_plan plan;
	struct msinfo_state state;
	struct msinfo_cmd cmd;
	size_t pos = 0;
	int err = 0;

	msinfo_plan_init(&plan);
	while (msinfo_plan_next(&plan, &cmd)) {
		enum msinfo_status status = MSINFO_ST_OTHER;
		u32 len = 0;
		u8 *reply = NULL;

		check(plan.sent <= MSINFO_MAX_COMMANDS);
		check(cmd.cdb_len == 10 && cmd.alloc_len && cmd.alloc_len <= MSINFO_REPLY_MAX);
		check(cmd.name);
		if (pos + CHUNK_HEADER <= size) {
			status = data[pos] < 0xc0 ? MSINFO_ST_GOOD :
				 (enum msinfo_status)(data[pos] % MSINFO_ST_COUNT);
			len = (u32)data[pos + 1] << 8 | data[pos + 2];
			pos += CHUNK_HEADER;
			if (len > size - pos)
				len = size - pos;
			/* a drive sends at most what was asked */
			if (len > cmd.alloc_len)
				len = cmd.alloc_len;
			/* exactly len bytes, so that any overread is caught */
			if (len) {
				reply = malloc(len);
				check(reply);
				memcpy(reply, data + pos, len);
			}
			pos += len;
		}
		err = msinfo_plan_feed(&plan, status, reply, len);
		free(reply);
		if (err) {
			check(err == plan.error && plan.error_reason[0]);
			check(memchr(plan.error_reason, 0, sizeof(plan.error_reason)));
			break;
		}
	}
	/* the longest plan is exactly the bound, never cut short by it */
	check(plan.sent <= MSINFO_MAX_COMMANDS);
	check(!strstr(plan.error_reason, "too many"));
	err = msinfo_derive(&plan, &state);
	check(err == plan.error || (!plan.error && !err));
	check_state(&plan, &state, err);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the fuzzer's seed corpus: for every medium of the unit tests, the
 * replies its refresh receives, in the input format of fuzz_refresh.c.
 * Usage: gen_seeds DIR
 */
#include <stdlib.h>

#include "media_cases.h"

static int write_seed(const char *dir, const char *name, const struct tmedium *m)
{
	static struct tm_reply r;
	struct msinfo_plan plan;
	struct msinfo_cmd cmd;
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	msinfo_plan_init(&plan);
	while (msinfo_plan_next(&plan, &cmd)) {
		u8 head[3];

		tm_answer(m, &cmd, &r);
		/* GOOD below 0xc0; the others map back through % MSINFO_ST_COUNT */
		head[0] = r.status == MSINFO_ST_GOOD ? 0 :
			  0xc0 + (r.status + MSINFO_ST_COUNT - 0xc0 % MSINFO_ST_COUNT) %
			  MSINFO_ST_COUNT;
		head[1] = r.len >> 8;
		head[2] = r.len;
		if (fwrite(head, 1, 3, f) != 3 || fwrite(r.buf, 1, r.len, f) != r.len)
			break;
		if (msinfo_plan_feed(&plan, r.status, r.buf, r.len))
			break;
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < ARRAY_SIZE(tcases); i++) {
		if (write_seed(argv[1], tcases[i]->name, &tcases[i]->m)) {
			perror(tcases[i]->name);
			return 1;
		}
	}
	return 0;
}

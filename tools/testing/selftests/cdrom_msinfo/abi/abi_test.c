// SPDX-License-Identifier: GPL-2.0
/*
 * The ABI of include/uapi/linux/cdrom_msinfo.h, pinned (abi_pins.h):
 * every field's offset, every struct's size, the ioctl numbers and the
 * constants a program compiled today relies on.  A change that moves a
 * field fails here, on 64 and on 32 bits (compat_ptr_ioctl passes the
 * 32-bit struct as is).  The 32-bit build cannot run here: built with
 * ABI_TABLE, it is an object whose table of values this program reads
 * (ABI32 in the environment names the table's bytes).
 */
#include <stddef.h>
#include <linux/cdrom_msinfo.h>

#ifdef ABI_TABLE

#define P(expr, want)	{ (long long)(expr), (long long)(want) },
/* got, want */
const long long abi_table[][2] = {
#include "abi_pins.h"
};

#else

#include <stdio.h>
#include <stdlib.h>

#define P(expr, want)	{ #expr, { (long long)(expr), (long long)(want) } },
static const struct {
	const char *name;
	long long v[2];		/* got, want */
} pins[] = {
#include "abi_pins.h"
};

#define N	(sizeof(pins) / sizeof(*pins))

static unsigned int check(const char *bits, long long t[N][2],
			  unsigned int first)
{
	unsigned int i, failed = 0;

	for (i = 0; i < N; i++) {
		int ok = t[i][0] == t[i][1];

		failed += !ok;
		printf("%sok %u %s-bit %s = %lld", ok ? "" : "not ",
		       first + i, bits, pins[i].name, t[i][0]);
		if (!ok)
			printf(" # want %lld", t[i][1]);
		putchar('\n');
	}
	return failed;
}

int main(void)
{
	static long long t64[N][2], t32[N][2];
	const char *path = getenv("ABI32");
	unsigned int i, failed;
	FILE *f;

	for (i = 0; i < N; i++) {
		t64[i][0] = pins[i].v[0];
		t64[i][1] = pins[i].v[1];
	}
	printf("TAP version 13\n1..%zu\n", 2 * N);
	failed = check("64", t64, 1);
	f = path ? fopen(path, "rb") : NULL;
	if (!f || fread(t32, sizeof(t32), 1, f) != 1 || fgetc(f) != EOF) {
		printf("not ok %zu 32-bit table %s unreadable or of another size\n",
		       N + 1, path ? path : "(ABI32 unset)");
		return 1;
	}
	fclose(f);
	failed += check("32", t32, N + 1);
	return failed ? 1 : 0;
}

#endif

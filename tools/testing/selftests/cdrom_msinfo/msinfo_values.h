/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every value of /sys/block/srN/multisession/ at once, to compare the
 * state of a drive before and after something happened to it, and the
 * module's commands as the simulator counts them.
 */
#ifndef MSINFO_VALUES_H
#define MSINFO_VALUES_H

#include "mmcsim_lib.h"
#include "msinfo_lib.h"

/* Every value file of multisession/, as Documentation lists them. */
static const char *const msinfo_value_attrs[] = {
	"media_state", "profile", "profile_number", "sessions", "tracks",
	"last_session", "msinfo", "type",
	"sequential/supported", "sequential/in_use",
	"sequential/first_data_session", "sequential/prev_session_start",
	"sequential/prev_session_last_written", "sequential/next_writable",
	"sequential/free_sectors", "sequential/write_unit_size",
	"random_write/supported", "random_write/in_use",
	"random_write/last_written", "random_write/total_sectors",
	"random_write/write_unit_size",
	"pseudo_overwrite/supported", "pseudo_overwrite/in_use",
	"pseudo_overwrite/last_written", "pseudo_overwrite/next_writable",
	"pseudo_overwrite/total_sectors", "pseudo_overwrite/write_unit_size",
};

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define MSINFO_NVALUES ARRAY_SIZE(msinfo_value_attrs)

struct msinfo_values {
	char v[MSINFO_NVALUES][80];
};

/* What a file reads as: its value, or the name of its error. */
static inline void msinfo_read_value(const char *disk, const char *attr,
				     char *buf, size_t len)
{
	int err = msinfo_attr(disk, attr, buf, len);

	if (err == -ENODATA)
		snprintf(buf, len, "ENODATA");
	else if (err == -ENOMEDIUM)
		snprintf(buf, len, "ENOMEDIUM");
	else if (err == -EAGAIN)
		snprintf(buf, len, "EAGAIN");
	else if (err == -ENOENT)
		snprintf(buf, len, "ENOENT");
	else if (err)
		snprintf(buf, len, "error %d", err);
}

static inline void msinfo_read_values(const char *disk, struct msinfo_values *vals)
{
	size_t i;

	for (i = 0; i < MSINFO_NVALUES; i++)
		msinfo_read_value(disk, msinfo_value_attrs[i], vals->v[i],
				  sizeof(vals->v[i]));
}

/* The index of the first value that differs, or -1. */
static inline int msinfo_values_differ(const struct msinfo_values *a,
				       const struct msinfo_values *b)
{
	size_t i;

	for (i = 0; i < MSINFO_NVALUES; i++)
		if (strcmp(a->v[i], b->v[i]))
			return i;
	return -1;
}

/*
 * The state of a failed refresh: media_state "unknown", no type supported
 * or in use, every other value ENODATA.  Returns the index of the first
 * value that is not so, or -1.
 */
static inline int msinfo_values_not_unknown(const struct msinfo_values *vals)
{
	size_t i;

	for (i = 0; i < MSINFO_NVALUES; i++) {
		const char *attr = msinfo_value_attrs[i];
		const char *slash = strrchr(attr, '/');
		const char *base = slash ? slash + 1 : attr;
		const char *want = "ENODATA";

		if (!strcmp(attr, "media_state"))
			want = "unknown";
		else if (!strcmp(base, "supported") || !strcmp(base, "in_use"))
			want = "0";
		if (strcmp(vals->v[i], want))
			return i;
	}
	return -1;
}

/* Commands only this module sends; sr's own polling is not counted. */
static const unsigned int msinfo_module_opcodes[] = {
	0x46, 0x51, 0x52, 0x43, 0x25, 0x23, 0x28,
};

/* The simulator's count of one opcode, or of all module opcodes (op < 0). */
static inline long long msinfo_sim_commands(struct mmcsim_drive *d, int opcode)
{
	char buf[4096], *line, *save;
	unsigned int op, i;
	long long sum = 0;
	unsigned long long n;

	if (mmcsim_attr_read(d, "counters", buf, sizeof(buf)) < 0)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%x %llu", &op, &n) != 2)
			continue;
		if (opcode >= 0) {
			if (op == (unsigned int)opcode)
				sum += n;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(msinfo_module_opcodes); i++)
			if (op == msinfo_module_opcodes[i])
				sum += n;
	}
	return sum;
}

/* Write to multisession/refresh (root): 0 or the refresh's -errno. */
static inline int msinfo_refresh_sysfs(const char *disk)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/refresh", disk);
	return msinfo_write_file(path, "1");
}

#endif /* MSINFO_VALUES_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * msinfo --json: the drives' states as one JSON document, pretty-printed
 * or (--watch) on one line.
 */
#include <stdio.h>
#include <string.h>
#include "msinfo.h"

/*
 * The JSON document's layout: its keys, their types and when they are
 * null, as msinfo.1 lists them.  A new key keeps the version; a key that
 * goes, is renamed or changes its type or meaning bumps it.
 */
#define JSON_SCHEMA_VERSION	1

/* A small JSON writer: two-space indent (or one line), keys in order. */
struct json {
	int depth;
	bool first;	/* nothing in the open object or array yet */
	bool compact;	/* the document on one line (--watch) */
};

/* The document being printed, from json_begin() to json_end(). */
static struct json doc;

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Before a member or an element: the separator, and a new line. */
static void json_next(struct json *j)
{
	if (j->compact)
		fputs(j->first ? "" : ", ", stdout);
	else
		printf("%s\n%*s", j->first ? "" : ",", 2 * j->depth, "");
	j->first = false;
}

static void json_key(struct json *j, const char *key)
{
	json_next(j);
	json_string(key);
	fputs(": ", stdout);
}

/* Open an object ('{') or an array ('['), closed by json_close(). */
static void json_open(struct json *j, char c)
{
	putchar(c);
	j->depth++;
	j->first = true;
}

static void json_close(struct json *j, char c)
{
	j->depth--;
	if (!j->compact && !j->first)
		printf("\n%*s", 2 * j->depth, "");
	putchar(c);
	j->first = false;
}

static void json_str(struct json *j, const char *key, const char *val)
{
	json_key(j, key);
	if (val)
		json_string(val);
	else
		fputs("null", stdout);
}

static void json_u64(struct json *j, const char *key, bool valid, __u64 val)
{
	json_key(j, key);
	if (valid)
		printf("%llu", (unsigned long long)val);
	else
		fputs("null", stdout);
}

static void json_bool(struct json *j, const char *key, bool valid, bool val)
{
	json_key(j, key);
	fputs(!valid ? "null" : val ? "true" : "false", stdout);
}

/*
 * Every document msinfo prints has one shape, whatever the number of
 * drives: {"schema_version": N, "drives": [DRIVE, ...]}.  json_drive()
 * adds the drives in between.
 */
void json_begin(bool compact)
{
	doc = (struct json){ .compact = compact };
	json_open(&doc, '{');
	json_u64(&doc, "schema_version", true, JSON_SCHEMA_VERSION);
	json_key(&doc, "drives");
	json_open(&doc, '[');
}

void json_end(void)
{
	json_close(&doc, ']');
	json_close(&doc, '}');
	putchar('\n');
}

void json_drive(const struct drive *d)
{
	const struct cdrom_msinfo *st = &d->st;
	struct json *j = &doc;
	bool present = media_present(st);
	char dev[NAME_MAX + 8], ms[48];
	const char *sep = "";
	unsigned int t;
	size_t i;

	json_next(j);
	json_open(j, '{');
	snprintf(dev, sizeof(dev), "/dev/%s", d->name);
	json_str(j, "device", dev);
	json_str(j, "media_state",
		 name_of(media_state_names, ARRAY_SIZE(media_state_names),
			 st->media_state));
	json_str(j, "profile", d->profile_name[0] ? d->profile_name : NULL);
	json_u64(j, "profile_number", st->profile, st->profile);
	json_u64(j, "sessions", present, st->sessions);
	json_u64(j, "tracks", present, st->tracks);
	json_str(j, "last_session", !present ? NULL :
		 name_of(last_session_names, ARRAY_SIZE(last_session_names),
			 st->last_session));
	snprintf(ms, sizeof(ms), "%llu,%llu",
		 (unsigned long long)st->msinfo_start,
		 (unsigned long long)st->msinfo_next);
	json_str(j, "msinfo",
		 st->flags & CDROM_MSINFO_F_MSINFO_VALID ? ms : NULL);
	json_str(j, "type_in_use",
		 st->type_in_use < NTYPES ?
		 type_names[st->type_in_use] : NULL);
	json_key(j, "types_supported");
	putchar('[');
	for (t = 0; t < NTYPES; t++) {
		if (!(st->types_supported & CDROM_MSINFO_TYPE_BIT(t)))
			continue;
		fputs(sep, stdout);
		json_string(type_names[t]);
		sep = ", ";
	}
	putchar(']');
	for (t = 0; t < NTYPES; t++) {
		const struct cdrom_msinfo_type_info *ti = &st->type[t];

		json_key(j, type_names[t]);
		json_open(j, '{');
		json_bool(j, "supported", true, ti->supported);
		json_bool(j, "in_use", true, ti->in_use);
		for (i = 0; i < ARRAY_SIZE(fields); i++) {
			const struct field *f = &fields[i];
			bool valid = ti->valid & f->valid;

			if (!(type_fields[t] & f->valid))
				continue;
			if (f->is_bool)
				json_bool(j, f->name, valid,
					  field_value(ti, f));
			else
				json_u64(j, f->name, valid,
					 field_value(ti, f));
		}
		json_close(j, '}');
	}
	json_u64(j, "diskseq", true, st->diskseq);
	json_u64(j, "generation", true, st->generation);
	json_str(j, "error", !st->error ? NULL :
		 st->error_reason[0] ? st->error_reason :
		 strerror(-st->error));
	json_close(j, '}');
}

// SPDX-License-Identifier: GPL-2.0
/*
 * msinfo's text outputs: the report, the lines of --watch, the udev
 * properties of --udev and the START,NEXT of -C.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "msinfo.h"

static const char *profile_label(const struct drive *d, char *buf,
				 size_t len)
{
	if (d->profile_name[0])
		return d->profile_name;
	snprintf(buf, len, "0x%04x", d->st.profile);
	return buf;
}

#define LABEL_WIDTH	36

static void report_line(int indent, const char *label, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = printf("%*s%s:", indent, "", label);
	printf("%*s", n < LABEL_WIDTH ? LABEL_WIDTH - n : 1, "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void report_type(const struct cdrom_msinfo *st, unsigned int t)
{
	const struct cdrom_msinfo_type_info *ti = &st->type[t];
	char val[32];
	size_t i;

	report_line(2, type_names[t], "%s%s",
		    ti->supported ? "supported" : "not supported",
		    ti->in_use ? ", in use" : "");
	if (!ti->supported && !(ti->valid & type_fields[t]))
		return;
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		const struct field *f = &fields[i];

		if (!(type_fields[t] & f->valid))
			continue;
		if (!(ti->valid & f->valid))
			snprintf(val, sizeof(val), "-");
		else if (f->is_bool)
			snprintf(val, sizeof(val), "%s",
				 field_value(ti, f) ? "yes" : "no");
		else
			snprintf(val, sizeof(val), "%llu",
				 (unsigned long long)field_value(ti, f));
		report_line(4, f->label, "%s", val);
	}
}

void print_report(const struct drive *d)
{
	const struct cdrom_msinfo *st = &d->st;
	unsigned int t;

	printf("/dev/%s\n", d->name);
	report_line(2, "medium", "%s",
		    name_of(media_state_names, ARRAY_SIZE(media_state_names),
			    st->media_state));
	if (d->profile_name[0])
		report_line(2, "profile", "%s (0x%04x)", d->profile_name,
			    st->profile);
	else if (st->profile)
		report_line(2, "profile", "0x%04x", st->profile);
	if (media_present(st)) {
		report_line(2, "sessions", "%u (last session %s)",
			    st->sessions,
			    name_of(last_session_names,
				    ARRAY_SIZE(last_session_names),
				    st->last_session));
		report_line(2, "tracks", "%u", st->tracks);
	}
	if (st->flags & CDROM_MSINFO_F_MSINFO_VALID)
		report_line(2, "msinfo", "%llu,%llu",
			    (unsigned long long)st->msinfo_start,
			    (unsigned long long)st->msinfo_next);
	if (media_present(st)) {
		report_line(2, "type in use", "%s",
			    st->type_in_use < NTYPES ?
			    type_names[st->type_in_use] : "none");
		for (t = 0; t < NTYPES; t++)
			report_type(st, t);
	}
	report_line(2, "disk sequence", "%llu",
		    (unsigned long long)st->diskseq);
	report_line(2, "generation", "%llu",
		    (unsigned long long)st->generation);
	if (st->error)
		report_line(2, "last refresh failed", "%s",
			    st->error_reason[0] ? st->error_reason :
			    strerror(-st->error));
}

/* One line of --watch: the drive, its generation, and the state. */
void print_watch_line(const struct drive *d)
{
	const struct cdrom_msinfo *st = &d->st;

	printf("/dev/%s generation %llu diskseq %llu %s", d->name,
	       (unsigned long long)st->generation,
	       (unsigned long long)st->diskseq,
	       name_of(media_state_names, ARRAY_SIZE(media_state_names),
		       st->media_state));
	if (st->flags & CDROM_MSINFO_F_MSINFO_VALID)
		printf(" msinfo %llu,%llu",
		       (unsigned long long)st->msinfo_start,
		       (unsigned long long)st->msinfo_next);
	if (st->error)
		printf(" error %s", st->error_reason[0] ? st->error_reason :
		       strerror(-st->error));
	putchar('\n');
}

/*
 * A value of a type, for the udev properties: from the type in use, or
 * with none in use from the first type that has it.
 */
static bool type_value(const struct cdrom_msinfo *st, unsigned int valid,
		       __u64 *val)
{
	const struct field *f = NULL;
	unsigned int t, i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		if (fields[i].valid == valid)
			f = &fields[i];
	if (st->type_in_use < NTYPES) {
		t = st->type_in_use;
		if (!(st->type[t].valid & valid))
			return false;
		*val = field_value(&st->type[t], f);
		return true;
	}
	for (t = 0; t < NTYPES; t++) {
		if (st->type[t].valid & valid) {
			*val = field_value(&st->type[t], f);
			return true;
		}
	}
	return false;
}

/*
 * udev reads KEY=VALUE lines: keep each value on its line.  A key whose
 * value is an address ends in _LBA, a count of blocks in _SECTORS (both
 * 2048-byte blocks), as systemd's cdrom_id ends its byte offset in
 * _OFFSET; MSINFO is the START,NEXT pair of cdrecord -msinfo.
 */
static void udev_prop(const char *key, const char *val)
{
	printf("ID_CDROM_MSINFO%s%s=", *key ? "_" : "", key);
	for (; *val; val++)
		putchar((unsigned char)*val < 0x20 ? ' ' : *val);
	putchar('\n');
}

static void udev_u64(const char *key, __u64 val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)val);
	udev_prop(key, buf);
}

void print_udev(const struct drive *d)
{
	const struct cdrom_msinfo *st = &d->st;
	const char *sep = "";
	char buf[48];
	unsigned int t;
	__u64 v;

	udev_prop("", "1");
	udev_prop("STATE", name_of(media_state_names,
				   ARRAY_SIZE(media_state_names),
				   st->media_state));
	if (st->profile)
		udev_prop("PROFILE", profile_label(d, buf, sizeof(buf)));
	if (media_present(st)) {
		udev_u64("SESSIONS", st->sessions);
		udev_u64("TRACKS", st->tracks);
		udev_prop("LAST_SESSION",
			  name_of(last_session_names,
				  ARRAY_SIZE(last_session_names),
				  st->last_session));
	}
	if (st->flags & CDROM_MSINFO_F_MSINFO_VALID) {
		snprintf(buf, sizeof(buf), "%llu,%llu",
			 (unsigned long long)st->msinfo_start,
			 (unsigned long long)st->msinfo_next);
		udev_prop("MSINFO", buf);
	}
	if (st->type_in_use < NTYPES)
		udev_prop("TYPE", type_names[st->type_in_use]);
	for (t = 0; t < NTYPES; t++) {
		if (!(st->types_supported & CDROM_MSINFO_TYPE_BIT(t)))
			continue;
		printf("%s%s", *sep ? sep : "ID_CDROM_MSINFO_TYPES=",
		       type_names[t]);
		sep = ",";
	}
	if (*sep)
		putchar('\n');
	if (type_value(st, CDROM_MSINFO_V_NEXT_WRITABLE, &v))
		udev_u64("NEXT_WRITABLE_LBA", v);
	if (type_value(st, CDROM_MSINFO_V_LAST_WRITTEN, &v))
		udev_u64("LAST_WRITTEN_LBA", v);
	if (type_value(st, CDROM_MSINFO_V_FREE_SECTORS, &v))
		udev_u64("FREE_SECTORS", v);
	udev_u64("DISKSEQ", st->diskseq);
	udev_u64("GENERATION", st->generation);
	if (st->error)
		udev_prop("ERROR", st->error_reason[0] ? st->error_reason :
			  strerror(-st->error));
}

/* As cdrecord -msinfo: START,NEXT, or an exit status that says why not. */
int print_msinfo(const struct drive *d)
{
	const struct cdrom_msinfo *st = &d->st;

	switch (st->media_state) {
	case CDROM_MSINFO_MEDIA_NONE:
		msg(d, "no medium");
		return MSI_EXIT_NO_MEDIUM;
	case CDROM_MSINFO_MEDIA_BLANK:
		msg(d, "the medium is blank: there is no previous session");
		return MSI_EXIT_BLANK;
	case CDROM_MSINFO_MEDIA_COMPLETE:
		msg(d, "the medium is closed: no further session can be written");
		return MSI_EXIT_CLOSED;
	case CDROM_MSINFO_MEDIA_APPENDABLE:
	case CDROM_MSINFO_MEDIA_OVERWRITABLE:
		if (st->flags & CDROM_MSINFO_F_MSINFO_VALID) {
			printf("%llu,%llu\n",
			       (unsigned long long)st->msinfo_start,
			       (unsigned long long)st->msinfo_next);
			return MSI_EXIT_OK;
		}
		if (st->media_state == CDROM_MSINFO_MEDIA_OVERWRITABLE) {
			msg(d, "the medium holds no volume: there is no previous session");
			return MSI_EXIT_BLANK;
		}
		if (st->last_session == CDROM_MSINFO_SESSION_DAMAGED) {
			msg(d, "the last session is damaged: no further session can be written");
			return MSI_EXIT_CLOSED;
		}
		msg(d, "the module found no previous session on this medium");
		return MSI_EXIT_ERROR;
	default:
		break;
	}
	msg(d, "the multisession state is unknown%s%s",
	    st->error_reason[0] ? ": " : "", st->error_reason);
	return MSI_EXIT_ERROR;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: /sys/block/srN/multisession/
 *
 * Every read is served from the drive's snapshot and never touches the
 * drive.  A value that does not apply reads as ENODATA (ENOMEDIUM with no
 * medium); a snapshot older than the medium in the drive reads as EAGAIN
 * while its refresh runs.
 */
#include <linux/capability.h>
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "msinfo.h"

enum msinfo_field {
	MSINFO_F_MEDIA_STATE,
	MSINFO_F_PROFILE,
	MSINFO_F_PROFILE_NUMBER,
	MSINFO_F_SESSIONS,
	MSINFO_F_TRACKS,
	MSINFO_F_LAST_SESSION,
	MSINFO_F_MSINFO,
	MSINFO_F_TYPE,
	/* per type */
	MSINFO_F_SUPPORTED,
	MSINFO_F_IN_USE,
	MSINFO_F_FIRST_DATA_SESSION,
	MSINFO_F_PREV_SESSION_START,
	MSINFO_F_PREV_SESSION_LAST,
	MSINFO_F_NEXT_WRITABLE,
	MSINFO_F_FREE_SECTORS,
	MSINFO_F_LAST_WRITTEN,
	MSINFO_F_TOTAL_SECTORS,
	MSINFO_F_WRITE_UNIT_SIZE,
	/* always readable */
	MSINFO_F_DISKSEQ,
	MSINFO_F_GENERATION,
	MSINFO_F_ERROR,
	/* write only */
	MSINFO_F_REFRESH,
};

struct msinfo_attribute {
	struct attribute attr;
	u8 field;		/* enum msinfo_field */
	u8 type;		/* enum cdrom_msinfo_type, for per-type fields */
	ssize_t (*store)(struct msinfo_drive *drive, const char *buf, size_t count);
};

#define to_msinfo_attr(a) container_of(a, struct msinfo_attribute, attr)
#define to_msinfo_drive(k) container_of(k, struct msinfo_drive, kobj)

/* The valid bit of each per-type value field. */
static u32 msinfo_field_valid_bit(enum msinfo_field field)
{
	switch (field) {
	case MSINFO_F_FIRST_DATA_SESSION:
		return CDROM_MSINFO_V_FIRST_DATA_SESSION;
	case MSINFO_F_PREV_SESSION_START:
		return CDROM_MSINFO_V_PREV_SESSION_START;
	case MSINFO_F_PREV_SESSION_LAST:
		return CDROM_MSINFO_V_PREV_SESSION_LAST;
	case MSINFO_F_NEXT_WRITABLE:
		return CDROM_MSINFO_V_NEXT_WRITABLE;
	case MSINFO_F_FREE_SECTORS:
		return CDROM_MSINFO_V_FREE_SECTORS;
	case MSINFO_F_LAST_WRITTEN:
		return CDROM_MSINFO_V_LAST_WRITTEN;
	case MSINFO_F_TOTAL_SECTORS:
		return CDROM_MSINFO_V_TOTAL_SECTORS;
	case MSINFO_F_WRITE_UNIT_SIZE:
		return CDROM_MSINFO_V_WRITE_UNIT_SIZE;
	default:
		return 0;
	}
}

static u64 msinfo_type_field(const struct cdrom_msinfo_type_info *ti,
			     enum msinfo_field field)
{
	switch (field) {
	case MSINFO_F_FIRST_DATA_SESSION:
		return ti->first_data_session;
	case MSINFO_F_PREV_SESSION_START:
		return ti->prev_session_start;
	case MSINFO_F_PREV_SESSION_LAST:
		return ti->prev_session_last_written;
	case MSINFO_F_NEXT_WRITABLE:
		return ti->next_writable;
	case MSINFO_F_FREE_SECTORS:
		return ti->free_sectors;
	case MSINFO_F_LAST_WRITTEN:
		return ti->last_written;
	case MSINFO_F_TOTAL_SECTORS:
		return ti->total_sectors;
	case MSINFO_F_WRITE_UNIT_SIZE:
		return ti->write_unit_size;
	default:
		return 0;
	}
}

static ssize_t msinfo_show_type_list(const struct msinfo_snapshot *snap, char *buf)
{
	u32 in_use = msinfo_type_in_use(snap);
	ssize_t len = 0;
	u32 t;

	for (t = 0; t < MSINFO_TYPE_COUNT; t++) {
		if (!(snap->state.types_supported & CDROM_MSINFO_TYPE_BIT(t)))
			continue;
		len += sysfs_emit_at(buf, len, t == in_use ? "%s[%s]" : "%s%s",
				     len ? " " : "", msinfo_type_name(t));
	}
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

static ssize_t msinfo_show_value(const struct msinfo_snapshot *snap,
				 const struct msinfo_attribute *ma, char *buf)
{
	const struct msinfo_state *st = &snap->state;
	const struct cdrom_msinfo_type_info *ti = &st->type[ma->type];
	u32 bit;

	switch (ma->field) {
	case MSINFO_F_MEDIA_STATE:
		return sysfs_emit(buf, "%s\n", msinfo_media_state_name(st->media_state));
	case MSINFO_F_SUPPORTED:
		return sysfs_emit(buf, "%u\n", !!(st->types_supported &
						   CDROM_MSINFO_TYPE_BIT(ma->type)));
	case MSINFO_F_IN_USE:
		return sysfs_emit(buf, "%u\n", msinfo_type_in_use(snap) == ma->type);
	}

	if (st->media_state == CDROM_MSINFO_MEDIA_NONE)
		return -ENOMEDIUM;
	if (st->media_state == CDROM_MSINFO_MEDIA_UNKNOWN)
		return -ENODATA;

	switch (ma->field) {
	case MSINFO_F_PROFILE:
		return sysfs_emit(buf, "%s\n", msinfo_state_profile_name(st));
	case MSINFO_F_PROFILE_NUMBER:
		return sysfs_emit(buf, "0x%04x\n", st->profile);
	case MSINFO_F_SESSIONS:
		return sysfs_emit(buf, "%u\n", st->sessions);
	case MSINFO_F_TRACKS:
		return sysfs_emit(buf, "%u\n", st->tracks);
	case MSINFO_F_LAST_SESSION:
		return sysfs_emit(buf, "%s\n", msinfo_last_session_name(st->last_session));
	case MSINFO_F_MSINFO:
		if (!st->msinfo_valid)
			return -ENODATA;
		return sysfs_emit(buf, "%llu,%llu\n", st->msinfo_start, st->msinfo_next);
	case MSINFO_F_TYPE:
		return msinfo_show_type_list(snap, buf);
	}

	bit = msinfo_field_valid_bit(ma->field);
	if (!bit || !(ti->valid & bit))
		return -ENODATA;
	return sysfs_emit(buf, "%llu\n", msinfo_type_field(ti, ma->field));
}

static ssize_t msinfo_attr_show(struct kobject *kobj, struct attribute *attr, char *buf)
{
	const struct msinfo_attribute *ma = to_msinfo_attr(attr);
	struct msinfo_drive *drive = to_msinfo_drive(kobj);
	struct msinfo_snapshot snap;

	msinfo_snapshot_read(drive, &snap);
	switch (ma->field) {
	case MSINFO_F_DISKSEQ:
		return sysfs_emit(buf, "%llu\n", snap.diskseq);
	case MSINFO_F_GENERATION:
		return sysfs_emit(buf, "%llu\n", snap.generation);
	case MSINFO_F_ERROR:
		return sysfs_emit(buf, "%s\n", snap.reason);
	}
	if (msinfo_snapshot_stale(drive, &snap))
		return -EAGAIN;
	return msinfo_show_value(&snap, ma, buf);
}

static ssize_t msinfo_attr_store(struct kobject *kobj, struct attribute *attr,
				 const char *buf, size_t count)
{
	const struct msinfo_attribute *ma = to_msinfo_attr(attr);

	if (!ma->store)
		return -EIO;
	/* The mode bits say root; a file handed down to others does not. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	return ma->store(to_msinfo_drive(kobj), buf, count);
}

static ssize_t msinfo_refresh_store(struct msinfo_drive *drive, const char *buf,
				    size_t count)
{
	int err = msinfo_refresh(drive, MSINFO_REFRESH_USER);

	return err ?: count;
}

static ssize_t msinfo_type_store(struct msinfo_drive *drive, const char *buf,
				 size_t count)
{
	u32 type;
	int err;

	if (sysfs_streq(buf, "auto")) {
		type = CDROM_MSINFO_TYPE_NONE;
	} else {
		for (type = 0; type < MSINFO_TYPE_COUNT; type++)
			if (sysfs_streq(buf, msinfo_type_name(type)))
				break;
		if (type == MSINFO_TYPE_COUNT)
			return -EINVAL;
	}
	err = msinfo_choose_type(drive, type);
	return err ?: count;
}

#define MSINFO_ATTR(_name, _mode, _field, _store)			\
	static struct msinfo_attribute msinfo_attr_##_name = {		\
		.attr = { .name = #_name, .mode = _mode },		\
		.field = _field, .store = _store,			\
	}
#define MSINFO_RO(_name, _field) MSINFO_ATTR(_name, 0444, _field, NULL)

MSINFO_RO(media_state, MSINFO_F_MEDIA_STATE);
MSINFO_RO(profile, MSINFO_F_PROFILE);
MSINFO_RO(profile_number, MSINFO_F_PROFILE_NUMBER);
MSINFO_RO(sessions, MSINFO_F_SESSIONS);
MSINFO_RO(tracks, MSINFO_F_TRACKS);
MSINFO_RO(last_session, MSINFO_F_LAST_SESSION);
MSINFO_RO(msinfo, MSINFO_F_MSINFO);
MSINFO_ATTR(type, 0644, MSINFO_F_TYPE, msinfo_type_store);
MSINFO_RO(diskseq, MSINFO_F_DISKSEQ);
MSINFO_RO(generation, MSINFO_F_GENERATION);
MSINFO_RO(error, MSINFO_F_ERROR);
MSINFO_ATTR(refresh, 0200, MSINFO_F_REFRESH, msinfo_refresh_store);

static struct attribute *msinfo_root_attrs[] = {
	&msinfo_attr_media_state.attr,
	&msinfo_attr_profile.attr,
	&msinfo_attr_profile_number.attr,
	&msinfo_attr_sessions.attr,
	&msinfo_attr_tracks.attr,
	&msinfo_attr_last_session.attr,
	&msinfo_attr_msinfo.attr,
	&msinfo_attr_type.attr,
	&msinfo_attr_diskseq.attr,
	&msinfo_attr_generation.attr,
	&msinfo_attr_error.attr,
	&msinfo_attr_refresh.attr,
	NULL,
};

static const struct attribute_group msinfo_root_group = {
	.attrs = msinfo_root_attrs,
};

/* One directory per multisession type, named as the type. */
#define MSINFO_TYPE_RO(_t, _tname, _name, _field)			\
	static struct msinfo_attribute msinfo_attr_##_tname##_##_name = { \
		.attr = { .name = #_name, .mode = 0444 },		\
		.field = _field, .type = _t,				\
	}
#define MSINFO_TYPE_ATTR_ENTRY(_tname, _name)				\
	(&msinfo_attr_##_tname##_##_name.attr)

#define MSINFO_TYPE_GROUP(_tname)					\
	static const struct attribute_group msinfo_##_tname##_group = {	\
		.name = #_tname,					\
		.attrs = msinfo_##_tname##_attrs,			\
	}

MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, supported, MSINFO_F_SUPPORTED);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, in_use, MSINFO_F_IN_USE);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, first_data_session,
	       MSINFO_F_FIRST_DATA_SESSION);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, prev_session_start,
	       MSINFO_F_PREV_SESSION_START);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, prev_session_last_written,
	       MSINFO_F_PREV_SESSION_LAST);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, next_writable,
	       MSINFO_F_NEXT_WRITABLE);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, free_sectors,
	       MSINFO_F_FREE_SECTORS);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_SEQUENTIAL, sequential, write_unit_size,
	       MSINFO_F_WRITE_UNIT_SIZE);

static struct attribute *msinfo_sequential_attrs[] = {
	MSINFO_TYPE_ATTR_ENTRY(sequential, supported),
	MSINFO_TYPE_ATTR_ENTRY(sequential, in_use),
	MSINFO_TYPE_ATTR_ENTRY(sequential, first_data_session),
	MSINFO_TYPE_ATTR_ENTRY(sequential, prev_session_start),
	MSINFO_TYPE_ATTR_ENTRY(sequential, prev_session_last_written),
	MSINFO_TYPE_ATTR_ENTRY(sequential, next_writable),
	MSINFO_TYPE_ATTR_ENTRY(sequential, free_sectors),
	MSINFO_TYPE_ATTR_ENTRY(sequential, write_unit_size),
	NULL,
};

MSINFO_TYPE_GROUP(sequential);

MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_RANDOM_WRITE, random_write, supported, MSINFO_F_SUPPORTED);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_RANDOM_WRITE, random_write, in_use, MSINFO_F_IN_USE);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_RANDOM_WRITE, random_write, last_written,
	       MSINFO_F_LAST_WRITTEN);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_RANDOM_WRITE, random_write, total_sectors,
	       MSINFO_F_TOTAL_SECTORS);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_RANDOM_WRITE, random_write, write_unit_size,
	       MSINFO_F_WRITE_UNIT_SIZE);

static struct attribute *msinfo_random_write_attrs[] = {
	MSINFO_TYPE_ATTR_ENTRY(random_write, supported),
	MSINFO_TYPE_ATTR_ENTRY(random_write, in_use),
	MSINFO_TYPE_ATTR_ENTRY(random_write, last_written),
	MSINFO_TYPE_ATTR_ENTRY(random_write, total_sectors),
	MSINFO_TYPE_ATTR_ENTRY(random_write, write_unit_size),
	NULL,
};

MSINFO_TYPE_GROUP(random_write);

MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, supported,
	       MSINFO_F_SUPPORTED);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, in_use,
	       MSINFO_F_IN_USE);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, last_written,
	       MSINFO_F_LAST_WRITTEN);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, next_writable,
	       MSINFO_F_NEXT_WRITABLE);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, total_sectors,
	       MSINFO_F_TOTAL_SECTORS);
MSINFO_TYPE_RO(CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE, pseudo_overwrite, write_unit_size,
	       MSINFO_F_WRITE_UNIT_SIZE);

static struct attribute *msinfo_pseudo_overwrite_attrs[] = {
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, supported),
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, in_use),
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, last_written),
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, next_writable),
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, total_sectors),
	MSINFO_TYPE_ATTR_ENTRY(pseudo_overwrite, write_unit_size),
	NULL,
};

MSINFO_TYPE_GROUP(pseudo_overwrite);

static const struct attribute_group *msinfo_groups[] = {
	&msinfo_root_group,
	&msinfo_sequential_group,
	&msinfo_random_write_group,
	&msinfo_pseudo_overwrite_group,
	NULL,
};

static const struct sysfs_ops msinfo_sysfs_ops = {
	.show	= msinfo_attr_show,
	.store	= msinfo_attr_store,
};

static void msinfo_kobj_release(struct kobject *kobj)
{
	msinfo_drive_free(to_msinfo_drive(kobj));
}

const struct kobj_type msinfo_ktype = {
	.release	= msinfo_kobj_release,
	.sysfs_ops	= &msinfo_sysfs_ops,
	.default_groups	= msinfo_groups,
};

/* Wake poll() on generation and WAIT callers after every publication. */
void msinfo_notify(struct msinfo_drive *drive)
{
	wake_up_interruptible_all(&drive->publish_wq);
	sysfs_notify(&drive->kobj, NULL, "generation");
}

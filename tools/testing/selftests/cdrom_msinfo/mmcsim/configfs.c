// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: the configfs tree.
 *
 * /sys/kernel/config/mmcsim/<drive>/ holds the identity of a drive, its
 * profiles, its medium, its counters and its faults; see
 * Documentation/mmcsim.rst.
 */
#include <linux/configfs.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi_host.h>

#include "compat.h"
#include "mmcsim.h"

static struct mmcsim_drive *to_drive(struct config_item *item)
{
	return container_of(to_config_group(item), struct mmcsim_drive, group);
}

/*
 * The plain settings of a drive: an identity string, a time or a flag,
 * each shown and stored by the helpers of its type.
 */
struct mmcsim_field {
	void *ptr;
	size_t size;
};

#define MMCSIM_FIELD(p)	((struct mmcsim_field){ (p), sizeof((p)[0]) })

static ssize_t show_string(struct mmcsim_drive *d, struct mmcsim_field f,
			   char *page)
{
	return sysfs_emit(page, "%s\n", (char *)f.ptr);
}

static ssize_t store_string(struct mmcsim_drive *d, struct mmcsim_field f,
			    const char *page, size_t count)
{
	char *s = kstrndup(page, count, GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	mutex_lock(&d->lock);
	strscpy(f.ptr, strim(s), f.size);
	mutex_unlock(&d->lock);
	kfree(s);
	return count;
}

/* Times, which the commands read without the lock */
static ssize_t show_uint(struct mmcsim_drive *d, struct mmcsim_field f,
			 char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(*(unsigned int *)f.ptr));
}

static ssize_t store_uint(struct mmcsim_drive *d, struct mmcsim_field f,
			  const char *page, size_t count)
{
	unsigned int v;
	int ret = kstrtouint(page, 0, &v);

	if (ret)
		return ret;
	WRITE_ONCE(*(unsigned int *)f.ptr, v);
	return count;
}

/* Flags, which the commands read under the drive's lock */
static ssize_t show_bool(struct mmcsim_drive *d, struct mmcsim_field f,
			 char *page)
{
	return sysfs_emit(page, "%d\n", *(bool *)f.ptr);
}

static ssize_t store_bool(struct mmcsim_drive *d, struct mmcsim_field f,
			  const char *page, size_t count)
{
	bool v;
	int ret = kstrtobool(page, &v);

	if (ret)
		return ret;
	mutex_lock(&d->lock);
	*(bool *)f.ptr = v;
	mutex_unlock(&d->lock);
	return count;
}

/*
 * A setting: its field, its show and store, its configfs attribute.
 * NAME stands once, as (*d).NAME: the macro's argument is a member.
 */
#define MMCSIM_SETTING(NAME, TYPE)					\
static struct mmcsim_field						\
mmcsim_drive_##NAME##_field(struct config_item *item)			\
{									\
	struct mmcsim_drive *d = to_drive(item);			\
									\
	return MMCSIM_FIELD(&(*d).NAME);				\
}									\
static ssize_t mmcsim_drive_##NAME##_show(struct config_item *item,	\
					  char *page)			\
{									\
	return show_##TYPE(to_drive(item),				\
			   mmcsim_drive_##NAME##_field(item), page);	\
}									\
static ssize_t mmcsim_drive_##NAME##_store(struct config_item *item,	\
					   const char *page,		\
					   size_t count)		\
{									\
	return store_##TYPE(to_drive(item),				\
			    mmcsim_drive_##NAME##_field(item), page,	\
			    count);					\
}									\
static struct configfs_attribute mmcsim_drive_attr_##NAME = {		\
	.ca_name = __stringify(NAME),					\
	.ca_owner = THIS_MODULE,					\
	.ca_mode = 0644,						\
	.show = mmcsim_drive_##NAME##_show,				\
	.store = mmcsim_drive_##NAME##_store,				\
}

MMCSIM_SETTING(vendor, string);
MMCSIM_SETTING(product, string);
MMCSIM_SETTING(revision, string);
MMCSIM_SETTING(latency_us, uint);
MMCSIM_SETTING(spinup_ms, uint);
MMCSIM_SETTING(identify_ms, uint);
MMCSIM_SETTING(ua_at_ready, bool);
MMCSIM_SETTING(gesn, bool);
MMCSIM_SETTING(write_page, bool);

static ssize_t show_profiles(u32 mask, char *page)
{
	ssize_t n = 0;
	unsigned int i;

	for (i = 0; i < mmcsim_nr_profiles; i++)
		if (mask & BIT(i))
			n += scnprintf(page + n, PAGE_SIZE - n, "%s%s",
				       n ? " " : "", mmcsim_profiles[i].name);
	n += scnprintf(page + n, PAGE_SIZE - n, "\n");
	return n;
}

static int parse_profiles(const char *page, size_t count, u32 *mask)
{
	char *s = kstrndup(page, count, GFP_KERNEL), *cur, *tok;
	int ret = 0;

	if (!s)
		return -ENOMEM;
	*mask = 0;
	cur = s;
	while ((tok = strsep(&cur, " \t\n,")) != NULL) {
		const struct mmcsim_profile *p;

		if (!*tok || !strcmp(tok, "none"))
			continue;
		if (!strcmp(tok, "all")) {
			*mask = BIT(mmcsim_nr_profiles) - 1;
			continue;
		}
		p = mmcsim_profile_by_name(tok);
		if (!p) {
			ret = -EINVAL;
			break;
		}
		*mask |= BIT(p - mmcsim_profiles);
	}
	kfree(s);
	return ret;
}

static ssize_t mmcsim_drive_read_profiles_show(struct config_item *item,
					       char *page)
{
	return show_profiles(to_drive(item)->read_mask, page);
}

static ssize_t mmcsim_drive_read_profiles_store(struct config_item *item,
						const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);
	u32 mask;
	int ret = parse_profiles(page, count, &mask);

	if (ret)
		return ret;
	mutex_lock(&d->lock);
	d->read_mask = mask;
	d->write_mask &= mask;
	mutex_unlock(&d->lock);
	return count;
}
CONFIGFS_ATTR(mmcsim_drive_, read_profiles);

static ssize_t mmcsim_drive_write_profiles_show(struct config_item *item,
						char *page)
{
	return show_profiles(to_drive(item)->write_mask, page);
}

static ssize_t mmcsim_drive_write_profiles_store(struct config_item *item,
						 const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);
	unsigned int i;
	u32 mask;
	int ret = parse_profiles(page, count, &mask);

	if (ret)
		return ret;
	for (i = 0; i < mmcsim_nr_profiles; i++)
		if (mmcsim_profiles[i].kind == MMCSIM_ROM)
			mask &= ~BIT(i);
	mutex_lock(&d->lock);
	d->write_mask = mask & d->read_mask;
	mutex_unlock(&d->lock);
	return count;
}
CONFIGFS_ATTR(mmcsim_drive_, write_profiles);

static ssize_t mmcsim_drive_power_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_drive(item)->powered));
}

static ssize_t mmcsim_drive_power_store(struct config_item *item,
					const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);
	bool on;
	int ret = kstrtobool(page, &on);

	if (ret)
		return ret;
	/* a drive that vanished on its own is removed first */
	flush_work(&d->vanish_work);
	mutex_lock(&d->cfg_lock);
	if (on)
		ret = mmcsim_power_on(d);
	else
		mmcsim_power_off(d);
	mutex_unlock(&d->cfg_lock);
	return ret ? ret : count;
}
CONFIGFS_ATTR(mmcsim_drive_, power);

static ssize_t mmcsim_drive_host_show(struct config_item *item, char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	int host = -1;

	mutex_lock(&d->cfg_lock);
	if (d->shost)
		host = d->shost->host_no;
	mutex_unlock(&d->cfg_lock);
	return sysfs_emit(page, "%d\n", host);
}
CONFIGFS_ATTR_RO(mmcsim_drive_, host);

/*
 * Load a medium; or, with burn, replace the one in the drive as a burner's
 * writes would: no media event and no unit attention.
 */
static ssize_t load_text(struct mmcsim_drive *d, const char *text,
			 size_t len, const char *dir, bool burn)
{
	struct mmcsim_medium *m;
	char err[sizeof(d->error)] = "";
	ssize_t ret = 0;

	m = mmcsim_medium_parse(text, len, dir, err, sizeof(err));
	mutex_lock(&d->lock);
	if (IS_ERR(m)) {
		scnprintf(d->error, sizeof(d->error), "%s",
			  err[0] ? err : "cannot load the medium");
		ret = PTR_ERR(m);
	} else if (burn && !d->medium) {
		mmcsim_medium_free(m);
		ret = -ENOMEDIUM;
	} else if (burn) {
		d->error[0] = '\0';
		mmcsim_medium_free(d->medium);
		d->medium = m;
	} else {
		d->error[0] = '\0';
		mmcsim_insert(d, m);
	}
	mutex_unlock(&d->lock);
	return ret;
}

static ssize_t mmcsim_drive_medium_show(struct config_item *item, char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	ssize_t n = 0;

	mutex_lock(&d->lock);
	if (d->medium)
		n = mmcsim_medium_show(d->medium, page, PAGE_SIZE);
	mutex_unlock(&d->lock);
	return n;
}

static ssize_t mmcsim_drive_medium_store(struct config_item *item,
					 const char *page, size_t count)
{
	ssize_t ret = load_text(to_drive(item), page, count, NULL, false);

	return ret ? ret : count;
}
CONFIGFS_ATTR(mmcsim_drive_, medium);

/* Load a description from a file; its relative paths are relative to it */
static ssize_t load_file(struct config_item *item, const char *page,
			 size_t count, bool burn)
{
	struct mmcsim_drive *d = to_drive(item);
	char *path, *dir, *slash, *text = NULL;
	struct file *f;
	loff_t pos = 0, size;
	ssize_t ret;

	path = kstrndup(page, count, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	strim(path);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f)) {
		ret = PTR_ERR(f);
		mutex_lock(&d->lock);
		scnprintf(d->error, sizeof(d->error), "cannot open %s (%zd)",
			  path, ret);
		mutex_unlock(&d->lock);
		goto out;
	}
	size = i_size_read(file_inode(f));
	ret = -EFBIG;
	if (size > MMCSIM_DESC_MAX)
		goto close;
	ret = -ENOMEM;
	text = kvmalloc(size + 1, GFP_KERNEL);
	if (!text)
		goto close;
	ret = kernel_read(f, text, size, &pos);
	if (ret < 0)
		goto close;
	dir = kstrdup(path, GFP_KERNEL);
	if (!dir) {
		ret = -ENOMEM;
		goto close;
	}
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	ret = load_text(d, text, ret, slash ? dir : NULL, burn);
	kfree(dir);
close:
	fput(f);
out:
	kvfree(text);
	kfree(path);
	return ret ? ret : count;
}

static ssize_t mmcsim_drive_load_store(struct config_item *item,
				       const char *page, size_t count)
{
	return load_file(item, page, count, false);
}

static ssize_t mmcsim_drive_load_show(struct config_item *item, char *page)
{
	return 0;
}

static ssize_t mmcsim_drive_burn_store(struct config_item *item,
				       const char *page, size_t count)
{
	return load_file(item, page, count, true);
}
CONFIGFS_ATTR_WO(mmcsim_drive_, burn);
CONFIGFS_ATTR(mmcsim_drive_, load);

static ssize_t mmcsim_drive_loaded_show(struct config_item *item, char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	int v;

	mutex_lock(&d->lock);
	v = !!d->medium;
	mutex_unlock(&d->lock);
	return sysfs_emit(page, "%d\n", v);
}

static ssize_t mmcsim_drive_loaded_store(struct config_item *item,
					 const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);
	bool v;
	int ret = kstrtobool(page, &v);

	if (ret)
		return ret;
	mutex_lock(&d->lock);
	if (v)
		mmcsim_close_tray(d);
	else if (d->locked)
		ret = -EBUSY;
	else
		mmcsim_eject(d);
	mutex_unlock(&d->lock);
	return ret ? ret : count;
}
CONFIGFS_ATTR(mmcsim_drive_, loaded);

static ssize_t mmcsim_drive_error_show(struct config_item *item, char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	ssize_t n;

	mutex_lock(&d->lock);
	n = d->error[0] ? sysfs_emit(page, "%s\n", d->error) : 0;
	mutex_unlock(&d->lock);
	return n;
}
CONFIGFS_ATTR_RO(mmcsim_drive_, error);

static ssize_t mmcsim_drive_counters_show(struct config_item *item,
					  char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	ssize_t n = 0;
	unsigned int i;

	mutex_lock(&d->lock);
	for (i = 0; i < ARRAY_SIZE(d->counters); i++)
		if (d->counters[i])
			n += scnprintf(page + n, PAGE_SIZE - n, "0x%02x %llu\n",
				       i, d->counters[i]);
	mutex_unlock(&d->lock);
	return n;
}

static ssize_t mmcsim_drive_counters_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);

	mutex_lock(&d->lock);
	memset(d->counters, 0, sizeof(d->counters));
	mutex_unlock(&d->lock);
	return count;
}
CONFIGFS_ATTR(mmcsim_drive_, counters);

static const char * const eh_names[MMCSIM_EH_NR] = {
	[MMCSIM_EH_ABORT] = "abort",
	[MMCSIM_EH_DEVICE_RESET] = "device_reset",
	[MMCSIM_EH_TARGET_RESET] = "target_reset",
	[MMCSIM_EH_BUS_RESET] = "bus_reset",
	[MMCSIM_EH_HOST_RESET] = "host_reset",
};

static ssize_t mmcsim_drive_eh_counters_show(struct config_item *item,
					     char *page)
{
	struct mmcsim_drive *d = to_drive(item);
	ssize_t n = 0;
	unsigned int i;

	mutex_lock(&d->lock);
	for (i = 0; i < MMCSIM_EH_NR; i++)
		n += scnprintf(page + n, PAGE_SIZE - n, "%s %llu\n",
			       eh_names[i], d->eh_counters[i]);
	mutex_unlock(&d->lock);
	return n;
}

static ssize_t mmcsim_drive_eh_counters_store(struct config_item *item,
					      const char *page, size_t count)
{
	struct mmcsim_drive *d = to_drive(item);

	mutex_lock(&d->lock);
	memset(d->eh_counters, 0, sizeof(d->eh_counters));
	mutex_unlock(&d->lock);
	return count;
}
CONFIGFS_ATTR(mmcsim_drive_, eh_counters);

static ssize_t mmcsim_drive_faults_show(struct config_item *item, char *page)
{
	return mmcsim_fault_show(to_drive(item), page);
}

static ssize_t mmcsim_drive_faults_store(struct config_item *item,
					 const char *page, size_t count)
{
	char *s = kstrndup(page, count, GFP_KERNEL);
	int ret;

	if (!s)
		return -ENOMEM;
	ret = mmcsim_fault_add(to_drive(item), s);
	kfree(s);
	return ret ? ret : count;
}
CONFIGFS_ATTR(mmcsim_drive_, faults);

static struct configfs_attribute *mmcsim_drive_attrs[] = {
	&mmcsim_drive_attr_vendor,
	&mmcsim_drive_attr_product,
	&mmcsim_drive_attr_revision,
	&mmcsim_drive_attr_read_profiles,
	&mmcsim_drive_attr_write_profiles,
	&mmcsim_drive_attr_gesn,
	&mmcsim_drive_attr_write_page,
	&mmcsim_drive_attr_latency_us,
	&mmcsim_drive_attr_spinup_ms,
	&mmcsim_drive_attr_identify_ms,
	&mmcsim_drive_attr_ua_at_ready,
	&mmcsim_drive_attr_power,
	&mmcsim_drive_attr_host,
	&mmcsim_drive_attr_medium,
	&mmcsim_drive_attr_load,
	&mmcsim_drive_attr_burn,
	&mmcsim_drive_attr_loaded,
	&mmcsim_drive_attr_error,
	&mmcsim_drive_attr_counters,
	&mmcsim_drive_attr_eh_counters,
	&mmcsim_drive_attr_faults,
	NULL,
};

static void mmcsim_drive_item_release(struct config_item *item)
{
	struct mmcsim_drive *d = to_drive(item);

	mmcsim_drive_release(d);
	mmcsim_fault_clear(d);
	mmcsim_medium_free(d->medium);
	mmcsim_medium_free(d->ejected);
	kfree(d);
}

static struct configfs_item_operations mmcsim_drive_item_ops = {
	.release = mmcsim_drive_item_release,
};

static const struct config_item_type mmcsim_drive_type = {
	.ct_item_ops = &mmcsim_drive_item_ops,
	.ct_attrs = mmcsim_drive_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *mmcsim_make_group(struct config_group *group,
					      const char *name)
{
	struct mmcsim_drive *d;
	unsigned int i;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return ERR_PTR(-ENOMEM);
	mutex_init(&d->cfg_lock);
	mutex_init(&d->lock);
	init_waitqueue_head(&d->wq);
	INIT_LIST_HEAD(&d->faults);
	mmcsim_drive_init(d);
	strscpy(d->vendor, "MMCSIM", sizeof(d->vendor));
	strscpy(d->product, "Optical Drive", sizeof(d->product));
	strscpy(d->revision, "1.00", sizeof(d->revision));
	d->read_mask = BIT(mmcsim_nr_profiles) - 1;
	for (i = 0; i < mmcsim_nr_profiles; i++)
		if (mmcsim_profiles[i].kind != MMCSIM_ROM)
			d->write_mask |= BIT(i);
	d->gesn = true;
	d->write_page = true;
	mmcsim_write_params_init(d);
	d->ready_at = jiffies;
	d->identify_end = jiffies;
	config_group_init_type_name(&d->group, name, &mmcsim_drive_type);
	return &d->group;
}

static struct configfs_group_operations mmcsim_group_ops = {
	.make_group = mmcsim_make_group,
};

static ssize_t mmcsim_profiles_show(struct config_item *item, char *page)
{
	ssize_t n = 0;
	unsigned int i;

	for (i = 0; i < mmcsim_nr_profiles; i++)
		n += scnprintf(page + n, PAGE_SIZE - n, "0x%04x %s %s\n",
			       mmcsim_profiles[i].code, mmcsim_profiles[i].name,
			       mmcsim_profiles[i].title);
	return n;
}
CONFIGFS_ATTR_RO(mmcsim_, profiles);

static struct configfs_attribute *mmcsim_root_attrs[] = {
	&mmcsim_attr_profiles,
	NULL,
};

static const struct config_item_type mmcsim_root_type = {
	.ct_group_ops = &mmcsim_group_ops,
	.ct_attrs = mmcsim_root_attrs,
	.ct_owner = THIS_MODULE,
};

static struct configfs_subsystem mmcsim_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "mmcsim",
			.ci_type = &mmcsim_root_type,
		},
	},
};

int mmcsim_configfs_init(void)
{
	config_group_init(&mmcsim_subsys.su_group);
	mutex_init(&mmcsim_subsys.su_mutex);
	return configfs_register_subsystem(&mmcsim_subsys);
}

void mmcsim_configfs_exit(void)
{
	configfs_unregister_subsystem(&mmcsim_subsys);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * cdrom_msinfo: the change uevent for a state that changed on the same
 * medium, e.g. after a burn.  Media changes are announced by the block
 * layer already (DISK_MEDIA_CHANGE=1 with DISKSEQ=); a second uevent for
 * them would make udev probe the drive twice.
 *
 * Variables that hold an address end in _LBA (2048-byte blocks), as the
 * udev properties the rules make of them; MSINFO is cdrecord's START,NEXT.
 */
#include <linux/blkdev.h>
#include <linux/kobject.h>
#include <linux/slab.h>

#include "msinfo.h"

#define MSINFO_UEVENT_VARS	8
#define MSINFO_UEVENT_VAR_LEN	48

struct msinfo_uevent_env {
	char var[MSINFO_UEVENT_VARS][MSINFO_UEVENT_VAR_LEN];
	char *envp[MSINFO_UEVENT_VARS + 1];
	int n;
};

static __printf(2, 3) void msinfo_env_add(struct msinfo_uevent_env *env,
					  const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(env->var[env->n], MSINFO_UEVENT_VAR_LEN, fmt, args);
	va_end(args);
	env->envp[env->n] = env->var[env->n];
	env->n++;
}

void msinfo_uevent(struct msinfo_drive *drive, const struct msinfo_snapshot *snap)
{
	const struct msinfo_state *st = &snap->state;
	struct msinfo_uevent_env *env;
	u32 in_use = msinfo_type_in_use(snap);

	env = kzalloc(sizeof(*env), GFP_KERNEL);
	if (!env)
		return;
	msinfo_env_add(env, "MSINFO_STATE=%s", msinfo_media_state_name(st->media_state));
	msinfo_env_add(env, "MSINFO_PROFILE=%s", msinfo_state_profile_name(st));
	msinfo_env_add(env, "MSINFO_DISKSEQ=%llu", snap->diskseq);
	msinfo_env_add(env, "MSINFO_GENERATION=%llu", snap->generation);
	msinfo_env_add(env, "MSINFO_SESSIONS=%u", st->sessions);
	if (in_use != CDROM_MSINFO_TYPE_NONE)
		msinfo_env_add(env, "MSINFO_TYPE=%s", msinfo_type_name(in_use));
	if (st->msinfo_valid)
		msinfo_env_add(env, "MSINFO_MSINFO=%llu,%llu",
			       st->msinfo_start, st->msinfo_next);
	if (in_use != CDROM_MSINFO_TYPE_NONE &&
	    st->type[in_use].valid & CDROM_MSINFO_V_NEXT_WRITABLE)
		msinfo_env_add(env, "MSINFO_NEXT_WRITABLE_LBA=%llu",
			       st->type[in_use].next_writable);
	kobject_uevent_env(&disk_to_dev(drive->disk)->kobj, KOBJ_CHANGE, env->envp);
	kfree(env);
}

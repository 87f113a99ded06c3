// SPDX-License-Identifier: GPL-2.0
/*
 * What the ioctl tells each caller.  The error of the last refresh, as a
 * stable number beside the reason string.  The choice of type through the
 * ioctl is the caller's own, as IMAPI2's
 * put_InUse belongs to the client's IMultisession object: it holds for
 * the caller's open file of /dev/cdrom_msinfo and the medium in the drive,
 * and changes nothing that another client, sysfs or udev sees.  Root's
 * sysfs type stays the drive's default.  On a simulated BD-R in POW mode,
 * where sequential (the module's pick) and pseudo_overwrite are allowed.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "mmcsim_lib.h"
#include "msinfo_values.h"

#define SEQ	CDROM_MSINFO_TYPE_SEQUENTIAL
#define POW	CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE

FIXTURE(client) {
	struct mmcsim_drive d;
	int ctl;
	int fd;
};

FIXTURE_SETUP(client)
{
	ASSERT_EQ(0, msinfo_load_module());
	ASSERT_EQ(0, mmcsim_setup(&self->d, "client0", "bd-r.pow.txt"));
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 200));
	msinfo_touch_disk(self->d.disk);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, 1, 30));
	self->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	self->fd = msinfo_open_disk(self->d.disk);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(client)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/type", self->d.disk);
	msinfo_write_file(path, "auto");
	close(self->fd);
	close(self->ctl);
	mmcsim_destroy(&self->d);
}

static int set_type(int ctl, int fd, __u32 type)
{
	struct cdrom_msinfo_set_type st = {
		.size = sizeof(st), .fd = fd, .type = type,
	};

	return ioctl(ctl, CDROM_MSINFO_IOC_SET_TYPE, &st) ? -errno : 0;
}

/* The type in use that a GET on ctl shows, or -errno. */
static long long in_use(int ctl, int fd)
{
	struct cdrom_msinfo info;
	int err = msinfo_get(ctl, fd, &info);

	if (err)
		return err;
	/* one type in use, the same in both places */
	if (info.type_in_use < MSINFO_TYPES &&
	    !info.type[info.type_in_use].in_use)
		return -EPROTO;
	return info.type_in_use |
	       (info.flags & CDROM_MSINFO_F_TYPE_CHOSEN ? 0x100 : 0);
}

/*
 * An unprivileged client (uid 1000, with an fd of the drive that root
 * opened, as a burner gets one) chooses pseudo_overwrite: it sees its
 * choice, and nobody else does: not its own second file, not root's, not
 * sysfs, not the generation, not udev (no uevent).
 */
TEST_F(client, choice_is_the_callers_own)
{
	char type[64], path[128], go;
	int to_parent[2], to_child[2], uev, st;
	long long gen;
	pid_t pid;

	ASSERT_EQ(SEQ, in_use(self->ctl, self->fd));
	gen = msinfo_attr_num(self->d.disk, "generation");
	uev = msinfo_uevent_socket();
	ASSERT_LE(0, uev);
	ASSERT_EQ(0, pipe(to_parent));
	ASSERT_EQ(0, pipe(to_child));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		int mine, other;

		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(10);
		mine = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
		other = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
		if (mine < 0 || other < 0)
			_exit(11);
		if (set_type(mine, self->fd, POW))
			_exit(12);
		if (in_use(mine, self->fd) != (POW | 0x100))
			_exit(13);
		/* its other file has made no choice */
		if (in_use(other, self->fd) != SEQ)
			_exit(14);
		/* a type the medium does not allow: refused, choice kept */
		if (set_type(mine, self->fd, CDROM_MSINFO_TYPE_RANDOM_WRITE) != -EOPNOTSUPP ||
		    in_use(mine, self->fd) != (POW | 0x100))
			_exit(15);
		/* the parent looks while the choice stands */
		if (write(to_parent[1], "x", 1) != 1 || read(to_child[0], &go, 1) != 1)
			_exit(16);
		/* TYPE_NONE drops it */
		if (set_type(mine, self->fd, CDROM_MSINFO_TYPE_NONE) ||
		    in_use(mine, self->fd) != SEQ)
			_exit(17);
		_exit(0);
	}
	close(to_parent[1]);
	close(to_child[0]);
	if (read(to_parent[0], &go, 1) != 1) {
		/* the client stopped before its choice stood */
		ASSERT_EQ(pid, waitpid(pid, &st, 0));
		ASSERT_EQ(0, WEXITSTATUS(st));
	}
	EXPECT_EQ(SEQ, in_use(self->ctl, self->fd));
	snprintf(path, sizeof(path), "/sys/block/%s/multisession/type", self->d.disk);
	ASSERT_EQ(0, msinfo_read_file(path, type, sizeof(type)));
	EXPECT_STREQ("[sequential] pseudo_overwrite", type);
	EXPECT_EQ(0, msinfo_attr_num(self->d.disk, "pseudo_overwrite/in_use"));
	EXPECT_EQ(1, msinfo_attr_num(self->d.disk, "sequential/in_use"));
	EXPECT_EQ(gen, msinfo_attr_num(self->d.disk, "generation"));
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait_uevent(uev, self->d.disk, "MSINFO_GENERATION=",
						 500, NULL, 0));
	ASSERT_EQ(1, write(to_child[1], "x", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	close(uev);
}

/* Root's sysfs type is the drive's default, which a client's choice overrides. */
TEST_F(client, sysfs_type_is_the_default)
{
	char path[128];
	int mine;

	snprintf(path, sizeof(path), "/sys/block/%s/multisession/type", self->d.disk);
	ASSERT_EQ(0, msinfo_write_file(path, "pseudo_overwrite"));
	EXPECT_EQ(POW | 0x100, in_use(self->ctl, self->fd));
	mine = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, mine);
	ASSERT_EQ(0, set_type(mine, self->fd, SEQ));
	EXPECT_EQ(SEQ | 0x100, in_use(mine, self->fd));
	EXPECT_EQ(POW | 0x100, in_use(self->ctl, self->fd));
	close(mine);
	ASSERT_EQ(0, msinfo_write_file(path, "auto"));
	EXPECT_EQ(SEQ, in_use(self->ctl, self->fd));
}

/* A choice holds for one medium: a new one starts with the default. */
TEST_F(client, choice_ends_with_the_medium)
{
	struct cdrom_msinfo_set_type st = { .size = sizeof(st) };
	long long gen, seq;
	struct stat sb;
	char path[64];
	double end;

	ASSERT_EQ(0, set_type(self->ctl, self->fd, POW));
	EXPECT_EQ(POW | 0x100, in_use(self->ctl, self->fd));

	/* by device number, as msinfo names it; and a VER0 struct by fd */
	snprintf(path, sizeof(path), "/dev/%s", self->d.disk);
	ASSERT_EQ(0, stat(path, &sb));
	st.fd = CDROM_MSINFO_FD_DEVNUM;
	st.dev_major = major(sb.st_rdev);
	st.dev_minor = minor(sb.st_rdev);
	st.type = SEQ;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));
	EXPECT_EQ(SEQ | 0x100, in_use(self->ctl, self->fd));
	memset(&st, 0, sizeof(st));
	st.size = CDROM_MSINFO_SET_TYPE_SIZE_VER0;
	st.fd = self->fd;
	st.type = POW;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));
	EXPECT_EQ(POW | 0x100, in_use(self->ctl, self->fd));

	gen = msinfo_attr_num(self->d.disk, "generation");
	seq = msinfo_disk_seq(self->d.disk);
	ASSERT_EQ(0, mmcsim_load(&self->d, "bd-r.pow.txt"));
	end = msinfo_now() + 10;
	while (msinfo_disk_seq(self->d.disk) == seq && msinfo_now() < end)
		usleep(10000);
	msinfo_touch_disk(self->d.disk);
	ASSERT_LT(0, msinfo_wait_fresh(self->d.disk, gen + 1, 30));
	EXPECT_EQ(SEQ, in_use(self->ctl, self->fd));
}

/* A refresh that fails: error_code says why, error_reason starts alike. */
TEST_F(client, error_code_says_why)
{
	struct cdrom_msinfo info;

	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(CDROM_MSINFO_ERR_NONE, info.error_code);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults",
				       "sense op=0x51 key=3 asc=0x11 ascq=0 count=1"));
	EXPECT_EQ(-EIO, msinfo_refresh_sysfs(self->d.disk));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(-EIO, info.error);
	EXPECT_EQ(CDROM_MSINFO_ERR_MEDIUM_ERROR, info.error_code);
	EXPECT_STREQ("medium_error: READ DISC INFORMATION", info.error_reason);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "clear"));
	EXPECT_EQ(0, msinfo_refresh_sysfs(self->d.disk));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(CDROM_MSINFO_ERR_NONE, info.error_code);
	EXPECT_STREQ("", info.error_reason);
}

TEST_HARNESS_MAIN

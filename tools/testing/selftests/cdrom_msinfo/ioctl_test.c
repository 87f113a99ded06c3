// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/cdrom_msinfo, with good and bad input, on the CD-ROM
 * QEMU emulates (a closed single-session data disc).  The kernel's own
 * CDROMMULTISESSION ioctl is the oracle for the session start.
 */
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "msinfo_lib.h"

#include <linux/fs.h>	/* BLKGETDISKSEQ */

FIXTURE(qemu_cd) {
	char disk[32];
	int ctl;
	int fd;
};

FIXTURE_SETUP(qemu_cd)
{
	if (!msinfo_find_drive("QEMU", self->disk, sizeof(self->disk)))
		SKIP(return, "no QEMU CD-ROM in this machine");
	ASSERT_LT(0, msinfo_wait_fresh(self->disk, 1, 30));
	self->ctl = open(CDROM_MSINFO_DEVICE, O_RDONLY | O_CLOEXEC);
	ASSERT_LE(0, self->ctl);
	self->fd = msinfo_open_disk(self->disk);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(qemu_cd)
{
	if (self->fd > 0)
		close(self->fd);
	if (self->ctl > 0)
		close(self->ctl);
}

TEST_F(qemu_cd, get_matches_kernel_and_sysfs)
{
	struct cdrom_multisession ms = { .addr_format = CDROM_LBA };
	const struct cdrom_msinfo_type_info *seq;
	struct cdrom_msinfo info;
	char buf[64];

	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(sizeof(info), info.size);
	EXPECT_EQ(self->fd, info.fd);
	EXPECT_EQ(0, info.error);
	EXPECT_STREQ("", info.error_reason);
	EXPECT_EQ(CDROM_MSINFO_MEDIA_COMPLETE, info.media_state);
	/* QEMU's scsi-cd reports the CD-ROM profile for an image this small */
	EXPECT_EQ(0x0008, info.profile);
	EXPECT_EQ(1, info.sessions);
	EXPECT_EQ(1, info.tracks);
	EXPECT_EQ(CDROM_MSINFO_SESSION_COMPLETE, info.last_session);
	/* Pressed media take no further session of any type. */
	EXPECT_EQ(0, info.types_supported);
	EXPECT_EQ(CDROM_MSINFO_TYPE_NONE, info.type_in_use);

	ASSERT_EQ(0, ioctl(self->fd, CDROMMULTISESSION, &ms));
	seq = &info.type[CDROM_MSINFO_TYPE_SEQUENTIAL];
	ASSERT_TRUE(seq->valid & CDROM_MSINFO_V_PREV_SESSION_START);
	EXPECT_EQ((__u64)ms.addr.lba, seq->prev_session_start);
	EXPECT_EQ(0, seq->supported);
	EXPECT_EQ(0, seq->in_use);

	ASSERT_EQ(0, msinfo_attr(self->disk, "generation", buf, sizeof(buf)));
	EXPECT_EQ(strtoull(buf, NULL, 10), info.generation);
	ASSERT_EQ(0, msinfo_attr(self->disk, "diskseq", buf, sizeof(buf)));
	EXPECT_EQ(strtoull(buf, NULL, 10), info.diskseq);
	ASSERT_EQ(0, msinfo_attr(self->disk, "profile", buf, sizeof(buf)));
	EXPECT_STREQ("cd-rom", buf);
	ASSERT_EQ(0, msinfo_attr(self->disk, "media_state", buf, sizeof(buf)));
	EXPECT_STREQ("complete", buf);
	ASSERT_EQ(0, msinfo_attr(self->disk, "sequential/prev_session_start", buf, sizeof(buf)));
	EXPECT_EQ((unsigned long long)ms.addr.lba, strtoull(buf, NULL, 10));
	/* nothing can be written: no next address */
	EXPECT_EQ(-ENODATA, msinfo_attr(self->disk, "sequential/next_writable", buf, sizeof(buf)));
}

/* No byte of the reply is left unset: reserved fields and padding are zero. */
TEST_F(qemu_cd, get_sets_every_byte)
{
	struct cdrom_msinfo info;
	size_t n;
	int t;

	memset(&info, 0xaa, sizeof(info));
	info.size = sizeof(info);
	info.fd = self->fd;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &info));
	EXPECT_EQ(sizeof(info), info.size);
	EXPECT_EQ(CDROM_MSINFO_ERR_NONE, info.error_code);
	/* echoed as given, with the fd */
	EXPECT_EQ(0xaaaaaaaa, info.dev_major);
	EXPECT_EQ(0xaaaaaaaa, info.dev_minor);
	for (t = 0; t < MSINFO_TYPES; t++)
		EXPECT_EQ(0, info.type[t].reserved);
	/* the slots of types to come are zero */
	for (n = MSINFO_TYPES * sizeof(info.type[0]); n < sizeof(info.type); n++)
		EXPECT_EQ(0, ((unsigned char *)info.type)[n]);
	n = strnlen(info.error_reason, sizeof(info.error_reason));
	ASSERT_LT(n, sizeof(info.error_reason));
	for (; n < sizeof(info.error_reason); n++)
		EXPECT_EQ(0, info.error_reason[n]);
	/* Kernels built with MSINFO_IOCTL_FILL=0xa5 would show it here. */
	for (n = 0; n + 1 < sizeof(info); n++)
		if (((unsigned char *)&info)[n] == 0xa5 &&
		    ((unsigned char *)&info)[n + 1] == 0xa5)
			break;
	EXPECT_EQ(sizeof(info) - 1, n);
}

TEST_F(qemu_cd, get_sizes)
{
	struct {
		struct cdrom_msinfo info;
		unsigned char tail[64];
	} big;
	struct cdrom_msinfo info;

	/* smaller than the first version */
	memset(&info, 0, sizeof(info));
	info.size = CDROM_MSINFO_SIZE_VER0 - 8;
	info.fd = self->fd;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &info));
	EXPECT_EQ(EINVAL, errno);

	/* larger, zero tail: accepted, and the tail is left alone */
	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	big.info.fd = self->fd;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &big));
	EXPECT_EQ(sizeof(struct cdrom_msinfo), big.info.size);
	EXPECT_EQ(0x0008, big.info.profile);
	EXPECT_EQ(0, big.tail[0]);
	EXPECT_EQ(0, big.tail[63]);

	/* larger, non-zero tail: a newer caller asking for what we lack */
	memset(&big, 0, sizeof(big));
	big.info.size = sizeof(big);
	big.info.fd = self->fd;
	big.tail[10] = 1;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &big));
	EXPECT_EQ(E2BIG, errno);

	/* absurd size */
	memset(&info, 0, sizeof(info));
	info.size = 1 << 20;
	info.fd = self->fd;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &info));
	EXPECT_EQ(EINVAL, errno);

	/* unknown ioctl */
	EXPECT_EQ(-1, ioctl(self->ctl, _IO(CDROM_MSINFO_IOC_MAGIC, 0x8f), 0));
	EXPECT_EQ(ENOTTY, errno);

	/* bad pointer */
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, (void *)8));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(qemu_cd, bad_fds)
{
	struct cdrom_msinfo info;
	int fd;

	EXPECT_EQ(-EBADF, msinfo_get(self->ctl, -1, &info));
	EXPECT_EQ(-EBADF, msinfo_get(self->ctl, 100000, &info));

	/* a closed fd */
	fd = msinfo_open_disk(self->disk);
	ASSERT_LE(0, fd);
	close(fd);
	EXPECT_EQ(-EBADF, msinfo_get(self->ctl, fd, &info));

	/* not a block device */
	fd = open("/dev/null", O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-ENOTBLK, msinfo_get(self->ctl, fd, &info));
	close(fd);
	EXPECT_EQ(-ENOTBLK, msinfo_get(self->ctl, self->ctl, &info));

	/* an O_PATH fd carries no open of the device */
	fd = open("/dev/null", O_PATH);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-EBADF, msinfo_get(self->ctl, fd, &info));
	close(fd);
}

/* GET by device number: the same reply as by fd, without opening. */
TEST_F(qemu_cd, get_by_devnum)
{
	struct cdrom_msinfo by_fd, by_num;
	char path[64];
	struct stat sb;

	snprintf(path, sizeof(path), "/dev/%s", self->disk);
	ASSERT_EQ(0, stat(path, &sb));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &by_fd));

	memset(&by_num, 0xaa, sizeof(by_num));
	by_num.size = sizeof(by_num);
	by_num.fd = CDROM_MSINFO_FD_DEVNUM;
	by_num.dev_major = major(sb.st_rdev);
	by_num.dev_minor = minor(sb.st_rdev);
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &by_num));
	EXPECT_EQ(CDROM_MSINFO_FD_DEVNUM, by_num.fd);
	EXPECT_EQ(major(sb.st_rdev), by_num.dev_major);
	EXPECT_EQ(minor(sb.st_rdev), by_num.dev_minor);
	EXPECT_EQ(by_fd.generation, by_num.generation);
	EXPECT_EQ(by_fd.diskseq, by_num.diskseq);
	EXPECT_EQ(0x0008, by_num.profile);
	by_num.dev_major = 0;
	by_num.dev_minor = 0;
	EXPECT_TRUE(msinfo_same_state(&by_fd, &by_num));

	/* a device that is no drive of the module's: /dev/null */
	ASSERT_EQ(0, stat("/dev/null", &sb));
	memset(&by_num, 0, sizeof(by_num));
	by_num.size = sizeof(by_num);
	by_num.fd = CDROM_MSINFO_FD_DEVNUM;
	by_num.dev_major = major(sb.st_rdev);
	by_num.dev_minor = minor(sb.st_rdev);
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &by_num));
	EXPECT_EQ(ENODEV, errno);
	/* numbers no dev_t holds: not wrapped onto a real drive */
	by_num.dev_major = 11 + 4096;
	by_num.dev_minor = 0;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &by_num));
	EXPECT_EQ(ENODEV, errno);
	by_num.dev_major = 11;
	by_num.dev_minor = 1U << 20;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_GET, &by_num));
	EXPECT_EQ(ENODEV, errno);
}

/* WAIT on the drive of fd (or by its number: fd = FD_DEVNUM); 0 or -errno */
static int msinfo_wait(int ctl, int fd, const struct stat *sb, __u32 flags,
		       __u64 gen, __u64 seq, __u32 timeout_ms,
		       struct cdrom_msinfo_wait *w)
{
	memset(w, 0, sizeof(*w));
	w->size = sizeof(*w);
	w->fd = fd;
	if (sb) {
		w->dev_major = major(sb->st_rdev);
		w->dev_minor = minor(sb->st_rdev);
	}
	w->flags = flags;
	w->generation = gen;
	w->diskseq = seq;
	w->timeout_ms = timeout_ms;
	return ioctl(ctl, CDROM_MSINFO_IOC_WAIT, w) ? -errno : 0;
}

/* WAIT for the next publication returns when a refresh publishes, not before. */
TEST_F(qemu_cd, wait_for_next_publication)
{
	struct cdrom_msinfo_refresh r = { .size = sizeof(r) };
	struct cdrom_msinfo_wait w;
	struct cdrom_msinfo info;
	double t0, waited;
	pid_t pid;
	int st;

	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		usleep(500000);
		r.fd = self->fd;
		_exit(ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r) ? 1 : 0);
	}
	t0 = msinfo_now();
	EXPECT_EQ(0, msinfo_wait(self->ctl, self->fd, NULL,
				 CDROM_MSINFO_WAIT_GENERATION, info.generation,
				 0, 20000, &w));
	waited = msinfo_now() - t0;
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(0, WEXITSTATUS(st));
	EXPECT_LE(0.4, waited);
	EXPECT_GT(10, waited);
	EXPECT_EQ(info.generation + 1, w.generation);
	EXPECT_EQ(info.diskseq, w.diskseq);
}

TEST_F(qemu_cd, wait_times_out)
{
	struct cdrom_msinfo_wait w;
	struct cdrom_msinfo info;
	double t0, waited;

	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	t0 = msinfo_now();
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait(self->ctl, self->fd, NULL,
					  CDROM_MSINFO_WAIT_GENERATION,
					  info.generation, 0, 300, &w));
	waited = msinfo_now() - t0;
	EXPECT_LE(0.29, waited);
	EXPECT_GT(5, waited);
	/* what was published then, all the same */
	EXPECT_EQ(info.generation, w.generation);
	EXPECT_EQ(info.diskseq, w.diskseq);
	/* 0: look only */
	t0 = msinfo_now();
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait(self->ctl, self->fd, NULL,
					  CDROM_MSINFO_WAIT_GENERATION,
					  info.generation, 0, 0, &w));
	EXPECT_GT(0.2, msinfo_now() - t0);
}

/* The state of the medium in the drive: published already, so at once. */
TEST_F(qemu_cd, wait_for_diskseq)
{
	struct cdrom_msinfo_wait w;
	struct stat sb;
	char path[64];
	__u64 seq = 0;

	snprintf(path, sizeof(path), "/dev/%s", self->disk);
	ASSERT_EQ(0, stat(path, &sb));
	ASSERT_EQ(0, ioctl(self->fd, BLKGETDISKSEQ, &seq));
	ASSERT_LT(0, seq);
	EXPECT_EQ(0, msinfo_wait(self->ctl, self->fd, NULL,
				 CDROM_MSINFO_WAIT_DISKSEQ, 0, seq, 0, &w));
	EXPECT_EQ(seq, w.diskseq);
	EXPECT_EQ(0, msinfo_wait(self->ctl, CDROM_MSINFO_FD_DEVNUM, &sb,
				 CDROM_MSINFO_WAIT_DISKSEQ, 0, seq, 0, &w));
	EXPECT_EQ(seq, w.diskseq);
	/* the next medium's is not there */
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait(self->ctl, CDROM_MSINFO_FD_DEVNUM, &sb,
					  CDROM_MSINFO_WAIT_DISKSEQ, 0, seq + 1,
					  200, &w));
	/* both conditions: all must hold */
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait(self->ctl, self->fd, NULL,
					  CDROM_MSINFO_WAIT_DISKSEQ |
					  CDROM_MSINFO_WAIT_GENERATION,
					  w.generation, seq, 100, &w));
}

static void on_alarm(int sig)
{
}

TEST_F(qemu_cd, wait_bad_args_and_signals)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct cdrom_msinfo_wait w;
	struct stat sb;

	EXPECT_EQ(-EINVAL, msinfo_wait(self->ctl, self->fd, NULL, 0, 0, 0, 0, &w));
	EXPECT_EQ(-EINVAL, msinfo_wait(self->ctl, self->fd, NULL, 4, 0, 0, 0, &w));
	EXPECT_EQ(-EBADF, msinfo_wait(self->ctl, -1, NULL,
				      CDROM_MSINFO_WAIT_DISKSEQ, 0, 0, 0, &w));
	ASSERT_EQ(0, stat("/dev/null", &sb));
	EXPECT_EQ(-ENODEV, msinfo_wait(self->ctl, CDROM_MSINFO_FD_DEVNUM, &sb,
				       CDROM_MSINFO_WAIT_DISKSEQ, 0, 0, 0, &w));
	/* a signal ends a wait without end */
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	alarm(1);
	EXPECT_EQ(-EINTR, msinfo_wait(self->ctl, self->fd, NULL,
				      CDROM_MSINFO_WAIT_DISKSEQ, 0, ~0ULL,
				      CDROM_MSINFO_WAIT_FOREVER, &w));
	/* a handler that restarts system calls: the wait goes on */
	sa.sa_flags = SA_RESTART;
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	alarm(1);
	EXPECT_EQ(-ETIMEDOUT, msinfo_wait(self->ctl, self->fd, NULL,
					  CDROM_MSINFO_WAIT_DISKSEQ, 0, ~0ULL,
					  1500, &w));
	signal(SIGALRM, SIG_DFL);
}

TEST_F(qemu_cd, refresh)
{
	struct cdrom_msinfo_refresh r;
	struct cdrom_msinfo info;
	__u64 gen;

	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	gen = info.generation;

	memset(&r, 0, sizeof(r));
	r.size = sizeof(r);
	r.fd = self->fd;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(gen + 1, info.generation);
	EXPECT_EQ(0x0008, info.profile);

	/* fresh enough: no refresh */
	r.flags = CDROM_MSINFO_REFRESH_IF_OLDER;
	r.min_diskseq = info.diskseq;
	r.min_generation = info.generation;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(gen + 1, info.generation);

	/* older than asked: refreshed */
	r.min_generation = info.generation + 1;
	ASSERT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	ASSERT_EQ(0, msinfo_get(self->ctl, self->fd, &info));
	EXPECT_EQ(gen + 2, info.generation);

	r.flags = 1U << 7;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	EXPECT_EQ(EINVAL, errno);
	r.flags = 0;
	r.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	EXPECT_EQ(EINVAL, errno);
	r.reserved = 0;
	r.size = CDROM_MSINFO_REFRESH_SIZE_VER0 - 4;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(qemu_cd, set_type)
{
	struct cdrom_msinfo_set_type st;
	char buf[64];

	memset(&st, 0, sizeof(st));
	st.size = sizeof(st);
	st.fd = self->fd;

	/* pressed media: multisession is not allowed with this media type */
	st.type = CDROM_MSINFO_TYPE_SEQUENTIAL;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));
	EXPECT_EQ(EMEDIUMTYPE, errno);

	st.type = CDROM_MSINFO_TYPE_NONE;
	EXPECT_EQ(0, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));

	st.type = MSINFO_TYPES;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));
	EXPECT_EQ(EINVAL, errno);
	st.type = CDROM_MSINFO_TYPE_SEQUENTIAL;
	st.flags = 2;
	EXPECT_EQ(-1, ioctl(self->ctl, CDROM_MSINFO_IOC_SET_TYPE, &st));
	EXPECT_EQ(EINVAL, errno);

	/* sysfs: unknown names, and the same rule as the ioctl */
	snprintf(buf, sizeof(buf), "/sys/block/%s/multisession/type", self->disk);
	EXPECT_EQ(-EINVAL, msinfo_write_file(buf, "bogus"));
	EXPECT_EQ(-EMEDIUMTYPE, msinfo_write_file(buf, "random_write"));
	EXPECT_EQ(0, msinfo_write_file(buf, "auto"));
}

/*
 * An ordinary user: reads work, writes are refused, and refreshes are
 * rate limited per drive.
 */
TEST_F(qemu_cd, unprivileged)
{
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct cdrom_msinfo_refresh r = {
			.size = sizeof(r), .fd = self->fd,
		};
		struct cdrom_msinfo info;
		char path[128], buf[64];
		int fails = 0, i, ok = 0, again = 0;

		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(10);
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/generation", self->disk);
		if (msinfo_read_file(path, buf, sizeof(buf)))
			_exit(11);
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/refresh", self->disk);
		if (msinfo_write_file(path, "1") != -EACCES)
			_exit(12);
		snprintf(path, sizeof(path), "/sys/block/%s/multisession/type", self->disk);
		if (msinfo_write_file(path, "auto") != -EACCES)
			_exit(13);
		/* the device node's permissions are the access control */
		if (msinfo_open_disk(self->disk) >= 0)
			_exit(14);
		if (msinfo_get(self->ctl, self->fd, &info))
			_exit(15);
		for (i = 0; i < 50; i++) {
			if (!ioctl(self->ctl, CDROM_MSINFO_IOC_REFRESH, &r))
				ok++;
			else if (errno == EAGAIN)
				again++;
			else
				fails++;
		}
		/* one refresh in the interval (1 s by default), the rest refused */
		_exit(ok == 1 && again == 49 && !fails ? 0 : 16);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN

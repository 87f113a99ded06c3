// SPDX-License-Identifier: GPL-2.0
/*
 * Checks of the test rig itself: the module under test is loaded, and the
 * CD-ROM QEMU emulates (holding the ISO 9660 image the runner made, named
 * by MSINFO_ISO) answers the kernel's own CD-ROM ioctls the way a
 * single-session data disc must.
 */
#include <sys/stat.h>

#include "kselftest_harness.h"
#include "msinfo_lib.h"

#define ISO_BLOCK	2048
#define PVD_LBA		16

TEST(module_is_live)
{
	char state[32];

	ASSERT_EQ(0, msinfo_read_file("/sys/module/cdrom_msinfo/initstate", state,
				      sizeof(state)));
	EXPECT_STREQ("live", state);
}

/*
 * Outside the test VM there is no image to compare with. The 6.1 harness
 * runs the test body even after SKIP() in FIXTURE_SETUP, so each test
 * checks for itself.
 */
#define NO_CDROM "MSINFO_ISO not set: not inside the test VM"

FIXTURE(qemu_cdrom) {
	char name[NAME_MAX + 1];
	int fd;
	int iso;
};

FIXTURE_SETUP(qemu_cdrom)
{
	const char *iso = getenv("MSINFO_ISO");
	char dev[PATH_MAX];

	self->fd = -1;
	self->iso = -1;
	if (!iso)
		return;
	/* QEMU's CD-ROM; the simulated drives' vendor is MMCSIM */
	ASSERT_TRUE(msinfo_find_drive("QEMU", self->name, sizeof(self->name)));
	snprintf(dev, sizeof(dev), "/dev/%s", self->name);
	self->fd = open(dev, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->fd) TH_LOG("%s: %s", dev, strerror(errno));
	self->iso = open(iso, O_RDONLY);
	ASSERT_LE(0, self->iso) TH_LOG("%s: %s", iso, strerror(errno));
}

FIXTURE_TEARDOWN(qemu_cdrom)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->iso >= 0)
		close(self->iso);
}

/* A single-session disc: the last session starts at LBA 0, no XA. */
TEST_F(qemu_cdrom, multisession_lba)
{
	struct cdrom_multisession ms = { .addr_format = CDROM_LBA };

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	ASSERT_EQ(0, ioctl(self->fd, CDROMMULTISESSION, &ms));
	EXPECT_EQ(CDROM_LBA, ms.addr_format);
	EXPECT_EQ(0, ms.xa_flag);
	EXPECT_EQ(0, ms.addr.lba);
}

/* LBA 0 is MSF 00:02:00: the 150-frame lead-in offset. */
TEST_F(qemu_cdrom, multisession_msf)
{
	struct cdrom_multisession ms = { .addr_format = CDROM_MSF };

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	ASSERT_EQ(0, ioctl(self->fd, CDROMMULTISESSION, &ms));
	EXPECT_EQ(CDROM_MSF, ms.addr_format);
	EXPECT_EQ(0, ms.addr.msf.minute);
	EXPECT_EQ(2, ms.addr.msf.second);
	EXPECT_EQ(0, ms.addr.msf.frame);
}

TEST_F(qemu_cdrom, multisession_bad_format)
{
	struct cdrom_multisession ms = { .addr_format = 7 };

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	EXPECT_EQ(-1, ioctl(self->fd, CDROMMULTISESSION, &ms));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(qemu_cdrom, one_track)
{
	struct cdrom_tochdr hdr;

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	ASSERT_EQ(0, ioctl(self->fd, CDROMREADTOCHDR, &hdr));
	EXPECT_EQ(1, hdr.cdth_trk0);
	EXPECT_EQ(1, hdr.cdth_trk1);
}

/* The block device has the image's size, in 512-byte sectors. */
TEST_F(qemu_cdrom, size_matches_image)
{
	char path[PATH_MAX], val[32];
	struct stat st;

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	snprintf(path, sizeof(path), "/sys/block/%s/size", self->name);
	ASSERT_EQ(0, msinfo_read_file(path, val, sizeof(val)));
	ASSERT_EQ(0, fstat(self->iso, &st));
	EXPECT_EQ((unsigned long long)st.st_size / 512, strtoull(val, NULL, 10));
}

/* The primary volume descriptor read through sr is the image's. */
TEST_F(qemu_cdrom, volume_descriptor_matches_image)
{
	unsigned char disc[ISO_BLOCK], image[ISO_BLOCK];
	off_t off = (off_t)PVD_LBA * ISO_BLOCK;

	if (self->fd < 0)
		SKIP(return, NO_CDROM);

	ASSERT_EQ(ISO_BLOCK, pread(self->fd, disc, ISO_BLOCK, off));
	ASSERT_EQ(ISO_BLOCK, pread(self->iso, image, ISO_BLOCK, off));
	EXPECT_EQ(1, disc[0]);
	EXPECT_EQ(0, memcmp(disc + 1, "CD001", 5));
	EXPECT_EQ(0, memcmp(disc, image, ISO_BLOCK));
}

TEST_HARNESS_MAIN

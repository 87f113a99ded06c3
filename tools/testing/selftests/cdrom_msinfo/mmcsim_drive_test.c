// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated MMC drive as a drive: counters, allocation lengths,
 * unsupported commands and faults behave as documented; a command slower
 * than usual completes, one that outlives its timeout is aborted and
 * never runs; loading and ejecting report media events, taken by the
 * first poll, and a unit attention, held for the first command not exempt
 * from it by whatever path; NOT READY TO READY CHANGE after the spin-up
 * (ua_at_ready); Current Profile 0 while a disc is identified; RECOVERED
 * ERROR with the data; the error handler's callbacks counted; a drive can
 * vanish mid-command and come back; a medium swap moves diskseq and sends
 * DISK_MEDIA_CHANGE=1 through the block layer's polling; the write path
 * writes at the next writable address only, and its session closes; the
 * layer boundary of DVD+R DL, a DVD-RW formatted for restricted
 * overwrite and blanked back, BD-R pseudo-overwrite.
 *
 * What the media report to real MMC consumers: mmcsim_peers_test.
 */
#include <scsi/sg.h>
#include <sys/ioctl.h>

#include "kselftest_harness.h"
#include "msinfo_values.h"
#include "mmcsim/noise.h"

/* SG_IO on the drive; returns the SCSI status, sense and residue */
struct sg_result {
	int status, host, resid;
	unsigned char sense[32];
	long ms;
};

static int sg_cmd(int fd, const unsigned char *cdb, int cdb_len,
		  unsigned char *buf, int len, int timeout_ms,
		  struct sg_result *r)
{
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = len ? SG_DXFER_FROM_DEV : SG_DXFER_NONE,
		.cmd_len = cdb_len,
		.mx_sb_len = sizeof(r->sense),
		.dxfer_len = len,
		.dxferp = buf,
		.cmdp = (unsigned char *)cdb,
		.sbp = r->sense,
		.timeout = timeout_ms,
	};
	double start = msinfo_now();
	int ret;

	memset(r->sense, 0, sizeof(r->sense));
	ret = ioctl(fd, SG_IO, &io);
	r->ms = (msinfo_now() - start) * 1000;
	r->status = io.status;
	r->host = io.host_status;
	r->resid = io.resid;
	return ret ? -errno : 0;
}

static int sense_is(const struct sg_result *r, int key, int asc, int ascq)
{
	return r->status == 2 && (r->sense[2] & 0x0f) == key &&
	       r->sense[12] == asc && r->sense[13] == ascq;
}

/*
 * Each open of an sr device checks for media events (GET EVENT STATUS
 * NOTIFICATION and TEST UNIT READY) and would take the events and faults
 * a test arms: the tests send their commands on one open descriptor.
 */
FIXTURE(drive) {
	struct mmcsim_drive d;
	int fd;
};

FIXTURE_SETUP(drive)
{
	/*
	 * The drive alone: cdrom_msinfo's refreshes, and its open of the disk
	 * after a change (sr's commands), would take unit attentions and
	 * events these tests look for.
	 */
	int ret = msinfo_unload_module_wait("cdrom_msinfo");

	ASSERT_TRUE(!ret || ret == -ENOENT) TH_LOG("unload cdrom_msinfo: %d", ret);
	ASSERT_EQ(0, mmcsim_setup(&self->d, "t-drive", "cd-r.appendable-1.txt"));
	/* the block layer would take the media events otherwise */
	ASSERT_EQ(0, msinfo_set_poll_ms(self->d.disk, 0));
	/* writing it runs one more check of events, right away */
	mmcsim_msleep(200);
	self->fd = open(self->d.dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(drive)
{
	if (self->fd >= 0)
		close(self->fd);
	mmcsim_destroy(&self->d);
	msinfo_load_module();
}

static const unsigned char rdi[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
static const unsigned char tur[6];
/* GET EVENT STATUS NOTIFICATION, polled, media class */
static const unsigned char gesn_media[10] = {
	0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0
};

/* Take a pending unit attention and the queued media events */
static void drain(int fd)
{
	unsigned char buf[8];
	struct sg_result r;
	int i;

	for (i = 0; i < 4; i++)
		if (sg_cmd(fd, tur, 6, NULL, 0, 5000, &r) ||
		    !sense_is(&r, 6, 0x28, 0))
			break;
	for (i = 0; i < 16; i++)
		if (sg_cmd(fd, gesn_media, 10, buf, 8, 5000, &r) || r.status ||
		    !buf[4])
			break;
}

TEST_F(drive, counters_and_allocation_length)
{
	unsigned char buf[64], cdb[10];
	struct sg_result r;
	char c[4096];

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	/* the first command after power-on may see the unit attention */
	if (r.status)
		ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	ASSERT_EQ(0, r.status);
	EXPECT_EQ(0, r.resid);
	EXPECT_EQ(32, buf[0] << 8 | buf[1]);
	ASSERT_LT(0, mmcsim_attr_read(&self->d, "counters", c, sizeof(c)));
	EXPECT_TRUE(mmcsim_has_line(c, "0x51 ", MMCSIM_LINE_PREFIX)) TH_LOG("%s", c);

	/* 10 bytes asked for, 64 offered: 10 come back */
	memcpy(cdb, rdi, 10);
	cdb[8] = 10;
	memset(buf, 0xee, sizeof(buf));
	ASSERT_EQ(0, sg_cmd(self->fd, cdb, 10, buf, sizeof(buf), 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(64 - 10, r.resid);
	EXPECT_EQ(0xee, buf[10]);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "counters", "0"));
	ASSERT_LE(0, mmcsim_attr_read(&self->d, "counters", c, sizeof(c)));
	EXPECT_FALSE(mmcsim_has_line(c, "0x51 ", MMCSIM_LINE_PREFIX)) TH_LOG("%s", c);
}

TEST_F(drive, unsupported_opcode)
{
	/* PERSISTENT RESERVE IN: no MMC drive needs it */
	static const unsigned char rbc[10] = { 0x5e, 0, 0, 0, 0, 0, 0, 0, 12, 0 };
	unsigned char buf[12];
	struct sg_result r;

	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	ASSERT_EQ(0, sg_cmd(self->fd, rbc, 10, buf, 12, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x20, 0));
}

/* SG_IO with data to the drive */
static int sg_write(int fd, const unsigned char *cdb, int cdb_len,
		    unsigned char *buf, int len, struct sg_result *r)
{
	struct sg_io_hdr io = {
		.interface_id = 'S',
		.dxfer_direction = SG_DXFER_TO_DEV,
		.cmd_len = cdb_len,
		.mx_sb_len = sizeof(r->sense),
		.dxfer_len = len,
		.dxferp = buf,
		.cmdp = (unsigned char *)cdb,
		.sbp = r->sense,
		.timeout = 5000,
	};

	memset(r->sense, 0, sizeof(r->sense));
	if (ioctl(fd, SG_IO, &io))
		return -errno;
	r->status = io.status;
	r->host = io.host_status;
	r->resid = io.resid;
	return 0;
}

static void put_be32(unsigned char *p, unsigned int v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static unsigned int be32(const unsigned char *p)
{
	return (unsigned int)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/*
 * The write path (cd-r.appendable-1: next writable address 11700): a
 * write only at the NWA, the track and NWA follow it, the data reads
 * back, and CLOSE SESSION with the default write parameters (no next
 * session) completes the disc.
 */
TEST_F(drive, write_path)
{
	unsigned char wr[10] = { 0x2a }, rd[10] = { 0x28 };
	unsigned char rti[10] = { 0x52, 1, 0, 0, 0, 0xff, 0, 0, 48, 0 };
	static const unsigned char close_session[10] = { 0x5b, 0, 2 };
	unsigned char data[2 * 2048], back[2 * 2048], info[48];
	struct sg_result r;
	int i;

	drain(self->fd);
	for (i = 0; i < (int)sizeof(data); i++)
		data[i] = i * 7 + 1;
	wr[8] = 2;
	put_be32(wr + 2, 11699);
	ASSERT_EQ(0, sg_write(self->fd, wr, 10, data, sizeof(data), &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x21, 0x02));
	put_be32(wr + 2, 11700);
	ASSERT_EQ(0, sg_write(self->fd, wr, 10, data, sizeof(data), &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, sg_cmd(self->fd, rti, 10, info, 48, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(11700, be32(info + 8));		/* track start */
	EXPECT_EQ(11702, be32(info + 12));		/* NWA */

	rd[8] = 2;
	put_be32(rd + 2, 11700);
	ASSERT_EQ(0, sg_cmd(self->fd, rd, 10, back, sizeof(back), 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, memcmp(data, back, sizeof(data)));

	ASSERT_EQ(0, sg_cmd(self->fd, close_session, 10, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, info, 34, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(2, info[2] & 3);			/* complete */
	EXPECT_EQ(2, info[4]);				/* sessions */
	put_be32(wr + 2, 11704);
	ASSERT_EQ(0, sg_write(self->fd, wr, 10, data, sizeof(data), &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x21, 0x02));
}

/* Swap in a medium of media/ and take what the swap reports */
static int swap_to(struct mmcsim_drive *d, int fd, const char *medium)
{
	int ret = mmcsim_load(d, medium);

	if (!ret)
		drain(fd);
	return ret;
}

static int current_profile(int fd)
{
	static const unsigned char gc[10] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0 };
	unsigned char buf[8];
	struct sg_result r;

	if (sg_cmd(fd, gc, 10, buf, 8, 5000, &r) || r.status)
		return -1;
	return buf[6] << 8 | buf[7];
}

/* READ TRACK INFORMATION of a track into info[48]; the SCSI status */
static int track_info(int fd, int track, unsigned char *info)
{
	unsigned char rti[10] = { 0x52, 1, 0, 0, 0, 0, 0, 0, 48, 0 };
	struct sg_result r;

	rti[5] = track;
	if (sg_cmd(fd, rti, 10, info, 48, 5000, &r))
		return -1;
	return r.status;
}

/*
 * The layer boundary of a blank DVD+R DL: READ DISC STRUCTURE 20h says
 * its L0 data zone capacity, SEND DISC STRUCTURE 20h sets it (rounded up
 * to the ECC block, at most layer 0) and the disc is twice as large; once
 * written, the boundary is fixed.
 */
TEST_F(drive, layer_boundary)
{
	unsigned char rds[12] = { 0xad, 0, 0, 0, 0, 0, 0, 0x20, 0, 12 };
	unsigned char sds[12] = { 0xbf, 0, 0, 0, 0, 0, 0, 0x20, 0, 12 };
	unsigned char wr[10] = { 0x2a, 0, 0, 0, 0, 0, 0, 0, 16, 0 };
	unsigned char lbi[12], info[48], data[16 * 2048] = { 0 };
	struct sg_result r;

	ASSERT_EQ(0, swap_to(&self->d, self->fd, "dvd+r-dl.blank.txt"));
	ASSERT_EQ(0, sg_cmd(self->fd, rds, 12, lbi, 12, 5000, &r));
	ASSERT_EQ(0, r.status);
	EXPECT_EQ(10, lbi[0] << 8 | lbi[1]);
	EXPECT_EQ(0, lbi[4] & 0x80);			/* can still be set */
	EXPECT_EQ(4173824 / 2, be32(lbi + 8));

	memset(lbi, 0, sizeof(lbi));
	lbi[1] = 10;
	put_be32(lbi + 8, 4173824);			/* more than layer 0 */
	ASSERT_EQ(0, sg_write(self->fd, sds, 12, lbi, 12, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x26, 0));
	put_be32(lbi + 8, 1000);
	ASSERT_EQ(0, sg_write(self->fd, sds, 12, lbi, 12, &r));
	EXPECT_EQ(0, r.status);
	ASSERT_EQ(0, sg_cmd(self->fd, rds, 12, lbi, 12, 5000, &r));
	EXPECT_EQ(1008, be32(lbi + 8));
	ASSERT_EQ(0, track_info(self->fd, 1, info));
	EXPECT_EQ(2016, be32(info + 16));		/* free blocks */

	ASSERT_EQ(0, sg_write(self->fd, wr, 10, data, sizeof(data), &r));
	EXPECT_EQ(0, r.status);
	ASSERT_EQ(0, sg_cmd(self->fd, rds, 12, lbi, 12, 5000, &r));
	EXPECT_EQ(0x80, lbi[4] & 0x80);			/* fixed now */
	memset(lbi, 0, sizeof(lbi));
	lbi[1] = 10;
	put_be32(lbi + 8, 512);
	ASSERT_EQ(0, sg_write(self->fd, sds, 12, lbi, 12, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x2c, 0));
}

/*
 * len bytes (one or two blocks) of a pattern (seed) written with WRITE(10)
 * wr and read back with READ(10) rd: 0 when both succeed and the data come
 * back, with the pattern left in data.
 */
static int write_read_back(int fd, const unsigned char *wr,
			   const unsigned char *rd, unsigned char *data,
			   int len, int seed)
{
	unsigned char back[2 * 2048];
	struct sg_result r;
	int i;

	for (i = 0; i < len; i++)
		data[i] = i * seed + 5;
	if (sg_write(fd, wr, 10, data, len, &r) || r.status)
		return -1;
	if (sg_cmd(fd, rd, 10, back, len, 5000, &r) || r.status)
		return -1;
	return memcmp(data, back, len) ? -1 : 0;
}

/*
 * A blank DVD-RW formatted (quick, 15h) becomes restricted overwrite:
 * profile 0013h, the whole disc formatted and readable, written
 * anywhere, fixed packets in READ TRACK INFORMATION; BLANK makes it
 * sequential and blank again.
 */
TEST_F(drive, dvd_rw_restricted_overwrite)
{
	static const unsigned char format[6] = { 0x04, 0x11 };
	static const unsigned char blank[12] = { 0xa1, 0x01 };
	static const unsigned char rcap[10] = { 0x25 };
	unsigned char wr[10] = { 0x2a, 0, 0, 0, 0x10, 0, 0, 0, 1, 0 };
	unsigned char rd[10] = { 0x28, 0, 0, 0, 0x10, 0, 0, 0, 1, 0 };
	unsigned char desc[12] = { 0, 0x02, 0, 8, 0, 0, 0, 0, 0x15 << 2, 0, 0, 16 };
	unsigned char data[2048], back[2048], info[48], cap[8];
	struct sg_result r;

	ASSERT_EQ(0, swap_to(&self->d, self->fd, "dvd-rw.blank.txt"));
	EXPECT_EQ(0x14, current_profile(self->fd));
	desc[8] = 0x26 << 2;				/* DVD+RW's: not here */
	ASSERT_EQ(0, sg_write(self->fd, format, 6, desc, 12, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x26, 0));
	desc[8] = 0x15 << 2;
	ASSERT_EQ(0, sg_write(self->fd, format, 6, desc, 12, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0x13, current_profile(self->fd));
	ASSERT_EQ(0, sg_cmd(self->fd, rcap, 10, cap, 8, 5000, &r));
	EXPECT_EQ(2297888 - 1, be32(cap));
	ASSERT_EQ(0, track_info(self->fd, 1, info));
	EXPECT_EQ(0x30, info[6] & 0x30);		/* Packet/Inc, FP */
	EXPECT_EQ(16, be32(info + 20));			/* fixed packet size */

	ASSERT_EQ(0, write_read_back(self->fd, wr, rd, data, sizeof(data), 3));

	ASSERT_EQ(0, sg_cmd(self->fd, blank, 12, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0x14, current_profile(self->fd));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, info, 34, 5000, &r));
	EXPECT_EQ(0, info[2] & 3);			/* blank */
	ASSERT_EQ(0, sg_cmd(self->fd, rd, 10, back, sizeof(back), 5000, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x21, 0));
}

/*
 * BD-R pseudo-overwrite (bd-r.pow: 4096 blocks recorded, next writable
 * address 4096): a write to recorded blocks is remapped and reads back
 * at its address, the tracks unchanged; an unrecorded block that is not
 * the next writable address takes no write. A blank BD-R formatted with
 * subtype 0 has pseudo-overwrite (feature 0038h) and the capacity the
 * descriptor gives.
 */
TEST_F(drive, bd_r_pseudo_overwrite)
{
	static const unsigned char format[6] = { 0x04, 0x11 };
	static const unsigned char gc38[10] = { 0x46, 2, 0, 0x38, 0, 0, 0, 0, 16, 0 };
	unsigned char wr[10] = { 0x2a, 0, 0, 0, 0, 16, 0, 0, 2, 0 };
	unsigned char rd[10] = { 0x28, 0, 0, 0, 0, 16, 0, 0, 2, 0 };
	unsigned char desc[12] = { 0, 0x02, 0, 8, 0, 0, 0, 0, 0x32 << 2, 0, 0, 0 };
	unsigned char data[2 * 2048], info[48], feat[16];
	struct sg_result r;

	ASSERT_EQ(0, swap_to(&self->d, self->fd, "bd-r.pow.txt"));
	ASSERT_EQ(0, write_read_back(self->fd, wr, rd, data, sizeof(data),
				     11));
	ASSERT_EQ(0, track_info(self->fd, 2, info));
	EXPECT_EQ(4096, be32(info + 12));		/* NWA */
	EXPECT_EQ(12219392 - 4096, be32(info + 16));	/* free blocks */
	put_be32(wr + 2, 5000);
	ASSERT_EQ(0, sg_write(self->fd, wr, 10, data, sizeof(data), &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x21, 0x02));

	ASSERT_EQ(0, swap_to(&self->d, self->fd, "bd-r.blank.txt"));
	put_be32(desc + 4, 12219392 - 0x1000);
	ASSERT_EQ(0, sg_write(self->fd, format, 6, desc, 12, &r));
	EXPECT_EQ(0, r.status);
	ASSERT_EQ(0, sg_cmd(self->fd, gc38, 10, feat, 16, 5000, &r));
	EXPECT_EQ(0x38, feat[9]);
	EXPECT_EQ(1, feat[10] & 1);			/* current */
	ASSERT_EQ(0, track_info(self->fd, 1, info));
	EXPECT_EQ(12219392 - 0x1000, be32(info + 16));
	ASSERT_EQ(0, sg_write(self->fd, format, 6, desc, 12, &r));
	EXPECT_TRUE(sense_is(&r, 5, 0x2c, 0));		/* once */
}

TEST_F(drive, faults)
{
	unsigned char buf[64], want[34];
	struct sg_result r;
	char c[256];
	int i;

	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults",
				       "sense op=0x51 key=3 asc=0x11 ascq=0 count=2"));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
		EXPECT_TRUE(sense_is(&r, 3, 0x11, 0));
	}
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "short op=0x51 bytes=8"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(34 - 8, r.resid);
	EXPECT_EQ(32, buf[0] << 8 | buf[1]);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults",
				       "badlen op=0x51 value=0x1234"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0x1234, buf[0] << 8 | buf[1]);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "long-write op=0"));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x08));

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "not-ready ms=700"));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	mmcsim_msleep(900);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "delay op=0x51 ms=300"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_LE(300, r.ms);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "latency_us", "20000"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_LE(20, r.ms);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "latency_us", "0"));

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "random op=0x51 count=0"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "clear"));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(32, buf[0] << 8 | buf[1]);

	/* seeded noise: the stream of noise.h, the same on every command */
	mmcsim_noise(2, 0, want, 34);
	EXPECT_EQ(0xb4421bbbu, (unsigned int)want[0] << 24 | want[1] << 16 |
		  want[2] << 8 | want[3]);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "random op=0x51 seed=2 count=2"));
	ASSERT_LT(0, mmcsim_attr_read(&self->d, "faults", c, sizeof(c)));
	EXPECT_STREQ("random op=0x51 count=2 key=0x0 asc=0x00 ascq=0x00 value=0 seed=2", c);
	for (i = 0; i < 2; i++) {
		memset(buf, 0, sizeof(buf));
		ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
		EXPECT_EQ(0, r.status);
		EXPECT_EQ(0, memcmp(want, buf, 34)) TH_LOG("command %d", i);
	}
	EXPECT_NE(0, mmcsim_attr_write(&self->d, "faults", "short op=0x51 seed=2"));
	EXPECT_NE(0, mmcsim_attr_write(&self->d, "faults", "no-such-fault"));
}

/* The generic SCSI node of the drive, open; -1 when there is none */
static int open_sg(const struct mmcsim_drive *d)
{
	char path[PATH_MAX];
	struct dirent *e;
	int fd = -1;
	DIR *dir;

	snprintf(path, sizeof(path),
		 "/sys/bus/scsi/devices/%d:0:0:0/scsi_generic", d->host);
	dir = opendir(path);
	while (dir && fd < 0 && (e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/dev/%s", e->d_name);
		fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	}
	if (dir)
		closedir(dir);
	return fd;
}

/*
 * A command slower than usual but within its timeout completes. One that
 * outlives its timeout is aborted (one abort, no reset) and never runs:
 * the unit attention of a swap before it waits for the next command. The
 * drive stays usable. SG_IO on the block device raises timeouts to at
 * least 7 s (BLK_MIN_SG_TIMEOUT); the sg node keeps the 1 s asked for.
 */
TEST_F_TIMEOUT(drive, timeout, 60)
{
	unsigned char buf[64];
	struct sg_result r;
	int sg = open_sg(&self->d);

	ASSERT_LE(0, sg);
	drain(sg);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "eh_counters", "0"));

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "delay op=0x51 ms=1500"));
	ASSERT_EQ(0, sg_cmd(sg, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.host);
	EXPECT_EQ(0, r.status);
	EXPECT_LE(1500, r.ms);
	EXPECT_EQ(32, buf[0] << 8 | buf[1]);
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "abort"));

	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "delay op=0x51 ms=10000"));
	sg_cmd(sg, rdi, 10, buf, 34, 1000, &r);
	EXPECT_EQ(0x03, r.host) TH_LOG("host status 0x%x, not DID_TIME_OUT", r.host);
	EXPECT_GT(7000, r.ms);
	ASSERT_EQ(0, sg_cmd(sg, rdi, 10, buf, 34, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0))
		TH_LOG("the aborted command took the unit attention");
	ASSERT_EQ(0, sg_cmd(sg, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(32, buf[0] << 8 | buf[1]);
	EXPECT_EQ(1, mmcsim_eh_count(&self->d, "abort"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "device_reset"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "target_reset"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "bus_reset"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "host_reset"));
	close(sg);
}

#ifndef SG_SCSI_RESET_TARGET
#define SG_SCSI_RESET_TARGET		4
#endif
#ifndef SG_SCSI_RESET_NO_ESCALATE
#define SG_SCSI_RESET_NO_ESCALATE	0x100
#endif

/* Each error handler callback is counted; writing resets the counts */
TEST_F_TIMEOUT(drive, eh_counters, 60)
{
	static const char * const names[] = {
		"device_reset", "target_reset", "bus_reset", "host_reset",
	};
	static const int kinds[] = {
		SG_SCSI_RESET_DEVICE, SG_SCSI_RESET_TARGET,
		SG_SCSI_RESET_BUS, SG_SCSI_RESET_HOST,
	};
	struct sg_result r;
	char c[512];
	int sg = open_sg(&self->d), i, j, v;

	ASSERT_LE(0, sg);
	drain(sg);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "eh_counters", "0"));
	ASSERT_LT(0, mmcsim_attr_read(&self->d, "eh_counters", c, sizeof(c)));
	EXPECT_STREQ("abort 0\ndevice_reset 0\ntarget_reset 0\nbus_reset 0\n"
		     "host_reset 0", c);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "delay op=0 ms=10000"));
	sg_cmd(sg, tur, 6, NULL, 0, 1000, &r);
	EXPECT_EQ(1, mmcsim_eh_count(&self->d, "abort"));

	for (i = 0; i < 4; i++) {
		v = kinds[i] | SG_SCSI_RESET_NO_ESCALATE;
		ASSERT_EQ(0, ioctl(sg, SG_SCSI_RESET, &v))
			TH_LOG("%s: %s", names[i], strerror(errno));
		ASSERT_LT(0, mmcsim_attr_read(&self->d, "eh_counters", c,
					      sizeof(c)));
		for (j = 0; j < 4; j++)
			EXPECT_EQ(j <= i, mmcsim_eh_count(&self->d, names[j]))
				TH_LOG("after %s:\n%s", names[i], c);
	}
	EXPECT_EQ(1, mmcsim_eh_count(&self->d, "abort"));
	ASSERT_EQ(0, sg_cmd(sg, rdi, 10, (unsigned char *)c, 34, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "eh_counters", "x"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "abort"));
	EXPECT_EQ(0, mmcsim_eh_count(&self->d, "host_reset"));
	close(sg);
}

/*
 * A change's unit attention waits for the first command not exempt from
 * it, sent by whatever path: INQUIRY, GET CONFIGURATION and GET EVENT
 * STATUS NOTIFICATION leave it pending; it is reported once; REQUEST
 * SENSE returns it as its data and clears it.
 */
TEST_F(drive, unit_attention_any_path)
{
	static const unsigned char inquiry[6] = { 0x12, 0, 0, 0, 36, 0 };
	static const unsigned char gc[10] = { 0x46, 0, 0, 0, 0, 0, 0, 0, 8, 0 };
	static const unsigned char rs[6] = { 0x03, 0, 0, 0, 18, 0 };
	static const char * const media[] = {
		"dvd+r.appendable-1.txt", "cd-r.appendable-1.txt",
	};
	static const char * const path[] = { "sr", "sg" };
	unsigned char buf[64];
	struct sg_result r;
	int fds[2], i;

	fds[0] = self->fd;
	fds[1] = open_sg(&self->d);
	ASSERT_LE(0, fds[1]);
	drain(self->fd);
	for (i = 0; i < 2; i++) {
		int fd = fds[i], other = fds[!i];

		ASSERT_EQ(0, mmcsim_load(&self->d, media[i]));
		ASSERT_EQ(0, sg_cmd(fd, inquiry, 6, buf, 36, 5000, &r));
		EXPECT_EQ(0, r.status) TH_LOG("%s", path[i]);
		ASSERT_EQ(0, sg_cmd(other, gc, 10, buf, 8, 5000, &r));
		EXPECT_EQ(0, r.status) TH_LOG("%s", path[!i]);
		ASSERT_EQ(0, sg_cmd(fd, gesn_media, 10, buf, 8, 5000, &r));
		EXPECT_EQ(0, r.status) TH_LOG("%s", path[i]);
		ASSERT_EQ(0, sg_cmd(fd, rdi, 10, buf, 34, 5000, &r));
		EXPECT_TRUE(sense_is(&r, 6, 0x28, 0))
			TH_LOG("%s: status %d sense %02x/%02x/%02x", path[i],
			       r.status, r.sense[2] & 0x0f, r.sense[12],
			       r.sense[13]);
		ASSERT_EQ(0, sg_cmd(other, tur, 6, NULL, 0, 5000, &r));
		EXPECT_EQ(0, r.status) TH_LOG("%s", path[!i]);
	}

	ASSERT_EQ(0, mmcsim_load(&self->d, media[0]));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(0, sg_cmd(fds[1], rs, 6, buf, 18, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(6, buf[2] & 0x0f);
	EXPECT_EQ(0x28, buf[12]);
	EXPECT_EQ(0, buf[13]);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);
	close(fds[1]);
}

/*
 * With ua_at_ready, as drives do: "becoming ready" while the disc spins
 * up, then NOT READY TO READY CHANGE for the first command not exempt
 * from it; a disc removed before it was ready leaves none. Without, the
 * unit attention comes at once, before "becoming ready".
 */
TEST_F(drive, ua_at_ready)
{
	unsigned char buf[64];
	struct sg_result r;
	double t0;

	drain(self->fd);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "3000"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "ua_at_ready", "1"));
	t0 = msinfo_now();
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	ASSERT_GT(3.0, msinfo_now() - t0) TH_LOG("too slow to see the spin-up");
	mmcsim_msleep(3300 - (msinfo_now() - t0) * 1000);
	ASSERT_EQ(0, sg_cmd(self->fd, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(0, r.status);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "500"));
	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.appendable-1.txt"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	mmcsim_msleep(800);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x3a, 0x02));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "1"));
	mmcsim_msleep(800);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "3000"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "ua_at_ready", "0"));
	t0 = msinfo_now();
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	ASSERT_GT(3.0, msinfo_now() - t0) TH_LOG("too slow to see the spin-up");
}

/* The "current" bit of a feature in a GET CONFIGURATION reply, or -1 */
static int feature_current(const unsigned char *buf, int len, int code)
{
	int end = 4 + (buf[0] << 24 | buf[1] << 16 | buf[2] << 8 | buf[3]);
	int pos;

	if (end > len)
		end = len;
	for (pos = 8; pos + 4 <= end; pos += 4 + buf[pos + 3])
		if ((buf[pos] << 8 | buf[pos + 1]) == code)
			return buf[pos + 2] & 0x01;
	return -1;
}

/* How many profiles of the Profile List say CurrentP */
static int profiles_current(const unsigned char *buf)
{
	int i, n = 0;

	if (buf[8] || buf[9])
		return -1;
	for (i = 0; i + 4 <= buf[11]; i += 4)
		n += buf[12 + i + 2] & 0x01;
	return n;
}

/*
 * For identify_ms after a load, as MMC says while a drive identifies a
 * disc: Current Profile 0, no medium feature current, "becoming ready";
 * never ready before that, whatever spinup_ms says.
 */
TEST_F(drive, identify)
{
	static const unsigned char gc[10] = { 0x46, 0, 0, 0, 0, 0, 0, 0x04, 0, 0 };
	unsigned char buf[1024];
	struct sg_result r;
	double t0;

	drain(self->fd);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "identify_ms", "3000"));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "spinup_ms", "500"));
	t0 = msinfo_now();
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(self->fd, gc, 10, buf, sizeof(buf), 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, buf[6] << 8 | buf[7]);
	EXPECT_EQ(0, profiles_current(buf));
	EXPECT_EQ(0, feature_current(buf, sizeof(buf), 0x002b));
	EXPECT_EQ(0, feature_current(buf, sizeof(buf), 0x001f));
	EXPECT_EQ(1, feature_current(buf, sizeof(buf), 0x0001));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0));

	mmcsim_msleep(1000);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x04, 0x01));
	ASSERT_EQ(0, sg_cmd(self->fd, gc, 10, buf, sizeof(buf), 5000, &r));
	EXPECT_EQ(0, buf[6] << 8 | buf[7]);
	ASSERT_GT(3.0, msinfo_now() - t0) TH_LOG("too slow to see the identification");

	/*
	 * The simulator counts in jiffies, which can fall behind the clock in
	 * a busy emulated guest: the profile comes within a few seconds.
	 */
	mmcsim_msleep(3300 - (msinfo_now() - t0) * 1000);
	do {
		ASSERT_EQ(0, sg_cmd(self->fd, gc, 10, buf, sizeof(buf), 5000, &r));
		if (buf[6] << 8 | buf[7])
			break;
		mmcsim_msleep(200);
	} while (msinfo_now() - t0 < 10);
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0x001b, buf[6] << 8 | buf[7]);
	EXPECT_EQ(1, profiles_current(buf));
	EXPECT_EQ(1, feature_current(buf, sizeof(buf), 0x002b));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);
}

/*
 * RECOVERED ERROR: CHECK CONDITION with sense key 01h, and all the data
 * of the reply, as a drive sends it after a read that needed retries.
 */
TEST_F(drive, recovered_error)
{
	static const unsigned char read10[10] = { 0x28, 0, 0, 0, 0, 16, 0, 0, 1, 0 };
	unsigned char want[2048], got[2048];
	struct sg_result r;
	char c[512];
	int sg = open_sg(&self->d);

	ASSERT_LE(0, sg);
	drain(self->fd);
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, want, 34, 5000, &r));
	ASSERT_EQ(0, r.status);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "recovered op=0x51"));
	memset(got, 0xee, sizeof(got));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, got, 34, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 1, 0x17, 0x01))
		TH_LOG("status %d sense %02x/%02x/%02x", r.status,
		       r.sense[2] & 0x0f, r.sense[12], r.sense[13]);
	EXPECT_EQ(0, r.resid);
	EXPECT_EQ(0, memcmp(want, got, 34));
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, got, 34, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, sg_cmd(sg, read10, 10, want, 2048, 5000, &r));
	ASSERT_EQ(0, r.status);
	EXPECT_EQ(0, memcmp(want + 1, "CD001", 5));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults",
				       "recovered op=0x28 asc=0x18 ascq=0x02"));
	memset(got, 0xee, sizeof(got));
	ASSERT_EQ(0, sg_cmd(sg, read10, 10, got, 2048, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 1, 0x18, 0x02))
		TH_LOG("status %d sense %02x/%02x/%02x", r.status,
		       r.sense[2] & 0x0f, r.sense[12], r.sense[13]);
	EXPECT_EQ(0, r.resid);
	EXPECT_EQ(0, memcmp(want, got, 2048));

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "recovered count=0"));
	ASSERT_LT(0, mmcsim_attr_read(&self->d, "faults", c, sizeof(c)));
	EXPECT_STREQ("recovered op=any count=0 key=0x1 asc=0x17 ascq=0x01 value=0", c);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 1, 0x17, 0x01));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "clear"));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);
	close(sg);
}

/*
 * A media event goes to the first poll that asks, whatever path it
 * comes by; the next poll finds none. A disc taken out and another put
 * in between two polls are two events, each reported once.
 */
TEST_F(drive, gesn_events_consumed)
{
	unsigned char buf[8];
	struct sg_result r;
	int sg = open_sg(&self->d);

	ASSERT_LE(0, sg);
	drain(self->fd);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	ASSERT_EQ(0, sg_cmd(self->fd, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(3, buf[4]);
	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(sg, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(2, buf[4]);		/* new media */
	EXPECT_EQ(2, buf[5]);
	ASSERT_EQ(0, sg_cmd(self->fd, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(0, r.status);
	EXPECT_EQ(0, buf[4]);		/* no change */
	EXPECT_EQ(2, buf[5]);

	ASSERT_EQ(0, mmcsim_load(&self->d, "cd-r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(sg, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(3, buf[4]);
	ASSERT_EQ(0, sg_cmd(self->fd, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(2, buf[4]);
	ASSERT_EQ(0, sg_cmd(sg, gesn_media, 10, buf, 8, 5000, &r));
	EXPECT_EQ(0, buf[4]);
	close(sg);
}

/* Swap, eject and reload: media events in GESN and a unit attention */
TEST_F(drive, media_events)
{
	static const unsigned char gesn[10] = { 0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8, 0 };
	unsigned char buf[8];
	struct sg_result r;

	/* drain what loading the first medium left */
	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	do {
		ASSERT_EQ(0, sg_cmd(self->fd, gesn, 10, buf, 8, 5000, &r));
	} while (buf[4]);

	ASSERT_EQ(0, mmcsim_load(&self->d, "dvd+r.appendable-1.txt"));
	ASSERT_EQ(0, sg_cmd(self->fd, gesn, 10, buf, 8, 5000, &r));
	EXPECT_EQ(4, buf[2]);
	EXPECT_EQ(3, buf[4]);		/* media removal */
	ASSERT_EQ(0, sg_cmd(self->fd, gesn, 10, buf, 8, 5000, &r));
	EXPECT_EQ(2, buf[4]);		/* new media */
	EXPECT_EQ(2, buf[5]);		/* present, tray closed */
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 6, 0x28, 0));
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_EQ(0, r.status);

	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "0"));
	ASSERT_EQ(0, sg_cmd(self->fd, gesn, 10, buf, 8, 5000, &r));
	EXPECT_EQ(3, buf[4]);
	EXPECT_EQ(1, buf[5]);		/* tray open, no medium */
	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	ASSERT_EQ(0, sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r));
	EXPECT_TRUE(sense_is(&r, 2, 0x3a, 0x02));
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "loaded", "1"));
	ASSERT_EQ(0, sg_cmd(self->fd, gesn, 10, buf, 8, 5000, &r));
	EXPECT_EQ(2, buf[4]);
}

/* The drive disappears while a command is in flight, then comes back */
TEST_F(drive, vanish)
{
	unsigned char buf[64];
	struct sg_result r;
	char path[PATH_MAX], v[16];
	int i;

	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	snprintf(path, sizeof(path), "/sys/bus/scsi/devices/%d:0:0:0",
		 self->d.host);
	ASSERT_EQ(0, mmcsim_attr_write(&self->d, "faults", "vanish op=0x51"));
	sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r);
	EXPECT_TRUE(r.host != 0 || r.status != 0);
	for (i = 0; i < 250 && access(path, F_OK) == 0; i++)
		mmcsim_msleep(20);
	EXPECT_NE(0, access(path, F_OK));
	ASSERT_LT(0, mmcsim_attr_read(&self->d, "power", v, sizeof(v)));
	EXPECT_STREQ("0", v);
	ASSERT_EQ(0, mmcsim_power(&self->d, 1));
	close(self->fd);
	self->fd = open(self->d.dev, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, self->fd);
	sg_cmd(self->fd, tur, 6, NULL, 0, 5000, &r);
	ASSERT_EQ(0, sg_cmd(self->fd, rdi, 10, buf, 34, 5000, &r));
	EXPECT_EQ(0, r.status);
}

/*
 * Open and close until the polls find no more media events: an event
 * still pending hides the next one, and a swap is two events (removal,
 * then new medium) that successive polls take. Drops the uevents seen,
 * among them those an opener sends on 6.12.
 */
static void settle_quiet(int fd, const struct mmcsim_drive *d)
{
	int i;

	for (i = 0; i < 20; i++) {
		msinfo_touch_disk(d->disk);
		msinfo_drain_uevents(fd);
		if (msinfo_wait_uevent(fd, d->disk, "DISK_MEDIA_CHANGE=1", 500, NULL, 0) < 0)
			break;
	}
}

FIXTURE(system) {
	int unused;
};

FIXTURE_SETUP(system)
{
	ASSERT_EQ(0, mmcsim_load_module());
}

FIXTURE_TEARDOWN(system)
{
}

TEST_F_TIMEOUT(system, media_swap_moves_diskseq, 60)
{
	struct mmcsim_drive d;
	long long before, after;
	char path[PATH_MAX], v[32];
	int fd, dfl, step, ret;

	ASSERT_EQ(0, mmcsim_setup(&d, "t-swap", "cd-r.appendable-1.txt"));
	fd = msinfo_uevent_socket();
	ASSERT_LE(0, fd);

	/*
	 * The block layer polls a new sr disk with the default interval
	 * (events_dfl_poll_msecs, set by the test VM): GET EVENT STATUS
	 * NOTIFICATION arrives without anyone opening the device.
	 */
	ASSERT_EQ(0, msinfo_read_file("/sys/module/block/parameters/events_dfl_poll_msecs",
				      v, sizeof(v)));
	dfl = atoi(v);
	snprintf(path, sizeof(path), "/sys/block/%s/events_poll_msecs", d.disk);
	if (dfl > 0 && dfl <= 1000) {
		ASSERT_EQ(0, msinfo_read_file(path, v, sizeof(v)));
		EXPECT_EQ(-1, atoi(v));		/* the default applies */
		ASSERT_EQ(0, mmcsim_attr_write(&d, "counters", "0"));
		mmcsim_msleep(3 * dfl + 200);
		EXPECT_LE(2, msinfo_sim_commands(&d, 0x4a))
			TH_LOG("%s not polled every %d ms", d.disk, dfl);
	} else {
		TH_LOG("events_dfl_poll_msecs is %d: not checked", dfl);
	}
	ASSERT_EQ(0, msinfo_set_poll_ms(d.disk, 100));
	/* the events of the first load */
	settle_quiet(fd, &d);

	/*
	 * Swap, eject, reload. 6.1 counts a change in diskseq when the poll
	 * sees it; later kernels when an opener takes it (as udev's cdrom_id
	 * does on the uevent): read diskseq after an open.
	 */
	for (step = 0; step < 3; step++) {
		before = msinfo_disk_seq(d.disk);
		ASSERT_LT(0, before);
		if (step == 0)
			ret = mmcsim_load(&d, "dvd+r.appendable-1.txt");
		else
			ret = mmcsim_attr_write(&d, "loaded", step == 1 ? "0" : "1");
		ASSERT_EQ(0, ret);
		EXPECT_LT(0, msinfo_wait_uevent(fd, d.disk, "DISK_MEDIA_CHANGE=1", 10000, NULL, 0))
			TH_LOG("step %d: no media change uevent", step);
		settle_quiet(fd, &d);
		after = msinfo_disk_seq(d.disk);
		EXPECT_LT(before, after) TH_LOG("step %d", step);
	}
	close(fd);
	mmcsim_destroy(&d);
}

TEST_HARNESS_MAIN

// SPDX-License-Identifier: GPL-2.0
/*
 * Print what the kernel's CDROMMULTISESSION ioctl reports for a CD-ROM
 * device, in both address formats, then what its CDROM_LAST_WRITTEN and
 * CDROM_NEXT_WRITABLE ioctls report (or the error of each):
 *
 *   cdrom_multisession /dev/sr0
 *   xa_flag=0 lba=0 msf=00:02:00
 *   last_written=301
 *   next_writable=11702
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/cdrom.h>

static int query(int fd, unsigned char format, struct cdrom_multisession *ms)
{
	memset(ms, 0, sizeof(*ms));
	ms->addr_format = format;
	return ioctl(fd, CDROMMULTISESSION, ms);
}

/* The block address an ioctl reports, or its error */
static void print_long(int fd, unsigned long request, const char *name)
{
	long value = 0;

	if (ioctl(fd, request, &value))
		printf("%s_error=%s\n", name, strerror(errno));
	else
		printf("%s=%ld\n", name, value);
}

int main(int argc, char **argv)
{
	struct cdrom_multisession lba, msf;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s /dev/srN\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	if (query(fd, CDROM_LBA, &lba) || query(fd, CDROM_MSF, &msf)) {
		printf("error=%s\n", strerror(errno));
		close(fd);
		return 1;
	}
	printf("xa_flag=%u lba=%d msf=%02u:%02u:%02u\n", lba.xa_flag,
	       lba.addr.lba, msf.addr.msf.minute, msf.addr.msf.second,
	       msf.addr.msf.frame);
	print_long(fd, CDROM_LAST_WRITTEN, "last_written");
	print_long(fd, CDROM_NEXT_WRITABLE, "next_writable");
	close(fd);
	return 0;
}

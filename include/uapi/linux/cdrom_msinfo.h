/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * cdrom_msinfo: cached multisession state of optical drives
 *
 * The ioctls below are issued on the misc device /dev/cdrom_msinfo.  Each
 * names the drive by the file descriptor of an opened /dev/srN, so a caller
 * reaches only the drives it could already open.  GET also takes the
 * drive's device number instead (fd = CDROM_MSINFO_FD_DEVNUM): it reads
 * what sysfs shows anyone, without opening the drive, which would make sr
 * wake it and send commands to it.
 *
 * Every argument struct starts with its own size.  The kernel accepts a
 * smaller (older) struct, and a larger (newer) one whose extra bytes are
 * zero, in the way of copy_struct_from_user().  On return from GET, size
 * holds the number of bytes the kernel filled in.
 */
#ifndef _UAPI_LINUX_CDROM_MSINFO_H
#define _UAPI_LINUX_CDROM_MSINFO_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define CDROM_MSINFO_DEVICE		"/dev/cdrom_msinfo"

/* media_state */
enum cdrom_msinfo_media_state {
	CDROM_MSINFO_MEDIA_NONE		= 0,
	CDROM_MSINFO_MEDIA_BLANK	= 1,
	CDROM_MSINFO_MEDIA_APPENDABLE	= 2,
	CDROM_MSINFO_MEDIA_COMPLETE	= 3,
	CDROM_MSINFO_MEDIA_OVERWRITABLE	= 4,
	CDROM_MSINFO_MEDIA_UNKNOWN	= 5,
};

/* last_session */
enum cdrom_msinfo_last_session {
	CDROM_MSINFO_SESSION_EMPTY	= 0,
	CDROM_MSINFO_SESSION_INCOMPLETE	= 1,
	CDROM_MSINFO_SESSION_DAMAGED	= 2,
	CDROM_MSINFO_SESSION_COMPLETE	= 3,
};

/* Multisession types, after the IMAPI2 interfaces of the same names. */
enum cdrom_msinfo_type {
	CDROM_MSINFO_TYPE_SEQUENTIAL		= 0,
	CDROM_MSINFO_TYPE_RANDOM_WRITE		= 1,
	CDROM_MSINFO_TYPE_PSEUDO_OVERWRITE	= 2,
};

/*
 * Room in struct cdrom_msinfo for types to come: fixed for all time, so
 * that a new type never moves a field.  Entries of types the kernel does
 * not know are 0.
 */
#define CDROM_MSINFO_TYPE_SLOTS		8

#define CDROM_MSINFO_TYPE_NONE		0xffffffffU
#define CDROM_MSINFO_TYPE_BIT(t)	(1U << (t))

/*
 * Validity bits: a field whose bit is clear does not apply to the medium
 * (sysfs reads it as ENODATA) and holds 0.
 */
#define CDROM_MSINFO_V_FIRST_DATA_SESSION	(1U << 0)
#define CDROM_MSINFO_V_PREV_SESSION_START	(1U << 1)
#define CDROM_MSINFO_V_PREV_SESSION_LAST	(1U << 2)
#define CDROM_MSINFO_V_NEXT_WRITABLE		(1U << 3)
#define CDROM_MSINFO_V_FREE_SECTORS		(1U << 4)
#define CDROM_MSINFO_V_LAST_WRITTEN		(1U << 5)
#define CDROM_MSINFO_V_TOTAL_SECTORS		(1U << 6)
#define CDROM_MSINFO_V_WRITE_UNIT_SIZE		(1U << 7)

/*
 * One multisession type's values.  Addresses are LBAs in 2048-byte
 * blocks.  Which fields apply depends on the type:
 *   sequential:       first_data_session, prev_session_start,
 *                     prev_session_last_written, next_writable,
 *                     free_sectors, write_unit_size
 *   random_write:     last_written, total_sectors, write_unit_size
 *   pseudo_overwrite: last_written, next_writable, total_sectors,
 *                     write_unit_size
 */
struct cdrom_msinfo_type_info {
	__u32 valid;			/* CDROM_MSINFO_V_* */
	__u32 supported;		/* 0 or 1 */
	__u32 in_use;			/* 0 or 1 */
	__u32 first_data_session;	/* 0 or 1 */
	__u32 write_unit_size;		/* blocks */
	__u32 reserved;			/* 0 */
	__u64 prev_session_start;
	__u64 prev_session_last_written;
	__u64 next_writable;
	__u64 free_sectors;
	__u64 last_written;
	__u64 total_sectors;
};

#define CDROM_MSINFO_ERROR_LEN		64

/*
 * error_code: why the last refresh failed, for programs to act on.  The
 * same word starts error_reason (and the sysfs file error), followed by
 * ": " and a detail for people, such as the command that failed; the
 * words and numbers are stable, the details are not.
 */
enum cdrom_msinfo_error {
	CDROM_MSINFO_ERR_NONE			= 0,	/* "" */
	CDROM_MSINFO_ERR_NO_MEDIUM		= 1,	/* "no_medium" */
	CDROM_MSINFO_ERR_BECOMING_READY		= 2,	/* "becoming_ready" */
	CDROM_MSINFO_ERR_NOT_READY		= 3,	/* "not_ready" */
	CDROM_MSINFO_ERR_MEDIA_CHANGED		= 4,	/* "media_changed" */
	CDROM_MSINFO_ERR_ILLEGAL_REQUEST	= 5,	/* "illegal_request" */
	CDROM_MSINFO_ERR_MEDIUM_ERROR		= 6,	/* "medium_error" */
	CDROM_MSINFO_ERR_HARDWARE_ERROR		= 7,	/* "hardware_error" */
	CDROM_MSINFO_ERR_IO_ERROR		= 8,	/* "io_error" */
	CDROM_MSINFO_ERR_TIMEOUT		= 9,	/* "timeout" */
	CDROM_MSINFO_ERR_BAD_REPLY		= 10,	/* "bad_reply" */
	CDROM_MSINFO_ERR_UNSUPPORTED_PROFILE	= 11,	/* "unsupported_profile" */
	CDROM_MSINFO_ERR_BAD_PLAN		= 12,	/* "bad_plan" */
	CDROM_MSINFO_ERR_OTHER			= 13,	/* none of these */
};

/* flags of struct cdrom_msinfo */
#define CDROM_MSINFO_F_MSINFO_VALID	(1U << 0)	/* msinfo_* hold a value */
#define CDROM_MSINFO_F_TYPE_CHOSEN	(1U << 1)	/* type_in_use chosen, not picked */

/* fd of struct cdrom_msinfo: the drive is named by dev_major, dev_minor */
#define CDROM_MSINFO_FD_DEVNUM		(-2)

struct cdrom_msinfo {
	__u32 size;		/* in: sizeof(struct cdrom_msinfo); out: bytes filled */
	__s32 fd;		/* in: fd of an opened /dev/srN, or FD_DEVNUM */
	__u32 flags;		/* out: CDROM_MSINFO_F_* */
	__u32 media_state;	/* enum cdrom_msinfo_media_state */
	__u32 profile;		/* current MMC profile number, 0 with no medium */
	__u32 last_session;	/* enum cdrom_msinfo_last_session */
	__u32 sessions;
	__u32 tracks;
	__u32 types_supported;	/* CDROM_MSINFO_TYPE_BIT() mask */
	__u32 type_in_use;	/* enum cdrom_msinfo_type or CDROM_MSINFO_TYPE_NONE */
	__s32 error;		/* 0, or the negative errno of the last refresh */
	__u32 error_code;	/* enum cdrom_msinfo_error */
	__u64 diskseq;		/* disk sequence number the state was read for */
	__u64 generation;	/* number of refreshes published */
	__u64 msinfo_start;	/* as cdrecord -msinfo: START,NEXT */
	__u64 msinfo_next;
	__u32 dev_major;	/* in, with fd = FD_DEVNUM: the drive's device */
	__u32 dev_minor;	/* number (st_rdev of /dev/srN) */
	struct cdrom_msinfo_type_info type[CDROM_MSINFO_TYPE_SLOTS];
	char error_reason[CDROM_MSINFO_ERROR_LEN];	/* NUL-terminated, a hint */
};

#define CDROM_MSINFO_SIZE_VER0		728	/* sizeof first published struct */

/* flags of struct cdrom_msinfo_refresh */
#define CDROM_MSINFO_REFRESH_IF_OLDER	(1U << 0)	/* only if older than min_* */

struct cdrom_msinfo_refresh {
	__u32 size;		/* in: sizeof(struct cdrom_msinfo_refresh) */
	__s32 fd;		/* in: fd of an opened /dev/srN */
	__u32 flags;		/* in: CDROM_MSINFO_REFRESH_* */
	__u32 reserved;		/* 0 */
	__u64 min_diskseq;	/* with IF_OLDER: refresh unless diskseq >= this */
	__u64 min_generation;	/* ... and generation >= this */
};

#define CDROM_MSINFO_REFRESH_SIZE_VER0	32

/*
 * The caller's choice of type, as IMAPI2's put_InUse: it holds for the
 * caller's open file of /dev/cdrom_msinfo, for the medium in the drive
 * now, and changes nothing that another caller, sysfs or udev sees.
 * TYPE_NONE drops it: GET shows the drive's default again (sysfs type).
 */
struct cdrom_msinfo_set_type {
	__u32 size;		/* in: sizeof(struct cdrom_msinfo_set_type) */
	__s32 fd;		/* in: fd of an opened /dev/srN, or FD_DEVNUM */
	__u32 type;		/* in: enum cdrom_msinfo_type, or TYPE_NONE for automatic */
	__u32 flags;		/* in: 0 */
	__u32 dev_major;	/* in, with fd = FD_DEVNUM (since VER1) */
	__u32 dev_minor;
};

#define CDROM_MSINFO_SET_TYPE_SIZE_VER0	16
#define CDROM_MSINFO_SET_TYPE_SIZE_VER1	24

/* flags of struct cdrom_msinfo_wait: what to wait for, all that are set */
#define CDROM_MSINFO_WAIT_GENERATION	(1U << 0)	/* generation > this */
#define CDROM_MSINFO_WAIT_DISKSEQ	(1U << 1)	/* a state of diskseq >= this */

#define CDROM_MSINFO_WAIT_FOREVER	0xffffffffU	/* timeout_ms */

/*
 * Block until a publication meets the condition: the next one after a
 * generation, or the state of a medium (BLKGETDISKSEQ of /dev/srN, or
 * /sys/block/srN/diskseq).  On return, also with ETIMEDOUT, generation
 * and diskseq hold those of the state published then.
 */
struct cdrom_msinfo_wait {
	__u32 size;		/* in: sizeof(struct cdrom_msinfo_wait) */
	__s32 fd;		/* in: fd of an opened /dev/srN, or FD_DEVNUM */
	__u32 dev_major;	/* in, with fd = FD_DEVNUM */
	__u32 dev_minor;
	__u32 flags;		/* in: CDROM_MSINFO_WAIT_*, at least one */
	__u32 timeout_ms;	/* in: 0 to look only, or WAIT_FOREVER */
	__u64 generation;	/* in: see flags; out: the state's */
	__u64 diskseq;		/* in: see flags; out: the state's */
};

#define CDROM_MSINFO_WAIT_SIZE_VER0	40

/*
 * The size in each number is that of the first version of its struct, for
 * all time; the kernel reads the actual size from the struct's size field.
 */
#define CDROM_MSINFO_IOC_MAGIC		0xCD
#define CDROM_MSINFO_IOC_GET \
	_IOC(_IOC_READ | _IOC_WRITE, CDROM_MSINFO_IOC_MAGIC, 0x80, CDROM_MSINFO_SIZE_VER0)
#define CDROM_MSINFO_IOC_REFRESH \
	_IOC(_IOC_WRITE, CDROM_MSINFO_IOC_MAGIC, 0x81, CDROM_MSINFO_REFRESH_SIZE_VER0)
#define CDROM_MSINFO_IOC_SET_TYPE \
	_IOC(_IOC_WRITE, CDROM_MSINFO_IOC_MAGIC, 0x82, CDROM_MSINFO_SET_TYPE_SIZE_VER0)
#define CDROM_MSINFO_IOC_WAIT \
	_IOC(_IOC_READ | _IOC_WRITE, CDROM_MSINFO_IOC_MAGIC, 0x83, CDROM_MSINFO_WAIT_SIZE_VER0)

#endif /* _UAPI_LINUX_CDROM_MSINFO_H */

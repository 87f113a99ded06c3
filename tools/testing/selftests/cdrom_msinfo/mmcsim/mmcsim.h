/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmcsim: a simulated MMC optical drive for tests.
 *
 * Shared definitions of the drive, the medium model, the command
 * emulation and the fault injection.
 */
#ifndef MMCSIM_H
#define MMCSIM_H

#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

struct file;
struct Scsi_Host;
struct scsi_cmnd;

#define MMCSIM_BLOCK		2048
#define MMCSIM_MAX_TRACKS	99
#define MMCSIM_MAX_BLOCKS	64
#define MMCSIM_MAX_EVENTS	8
#define MMCSIM_DESC_MAX		(64 * 1024)
#define MMCSIM_WPARAMS_LEN	52	/* MODE page 05h */

/* BD-R spare areas FORMAT UNIT offers, in blocks: the default, the least */
#define MMCSIM_BD_SPARE		0x3000
#define MMCSIM_BD_SPARE_MIN	0x1000

/* CD geometry, in blocks */
#define MMCSIM_CD_LEADOUT_FIRST	6750
#define MMCSIM_CD_LEADOUT_NEXT	2250
#define MMCSIM_CD_LEADIN	4500
#define MMCSIM_CD_PREGAP	150
/* ATIP start of the lead-in of an 80 minute blank, 97:26:66 */
#define MMCSIM_CD_ATIP_LEADIN	((u32)-11634)

enum mmcsim_family {
	MMCSIM_CD,
	MMCSIM_DVD,
	MMCSIM_BD,
};

enum mmcsim_kind {
	MMCSIM_ROM,		/* pressed, read only */
	MMCSIM_SEQ,		/* written in sessions, appended at the end */
	MMCSIM_RANDOM,		/* overwritable in place once formatted */
};

struct mmcsim_profile {
	u16 code;
	const char *name;	/* name used in medium descriptions */
	const char *title;	/* human name, as the MMC tables call it */
	u8 family;
	u8 kind;
	bool erasable;
	u8 layers;
	u32 capacity;		/* default user capacity in blocks */
	u8 formatted_status;	/* disc status of formatted random media */
};

extern const struct mmcsim_profile mmcsim_profiles[];
extern const unsigned int mmcsim_nr_profiles;
const struct mmcsim_profile *mmcsim_profile_by_code(u16 code);
const struct mmcsim_profile *mmcsim_profile_by_name(const char *name);

/* Disc status and session state as READ DISC INFORMATION encodes them */
enum {
	MMCSIM_DISC_BLANK = 0,
	MMCSIM_DISC_APPENDABLE = 1,
	MMCSIM_DISC_COMPLETE = 2,
	MMCSIM_DISC_OTHER = 3,
};

enum {
	MMCSIM_SESSION_EMPTY = 0,
	MMCSIM_SESSION_INCOMPLETE = 1,
	MMCSIM_SESSION_COMPLETE = 3,
};

enum mmcsim_track_state {
	MMCSIM_TRACK_COMPLETE,
	MMCSIM_TRACK_INCOMPLETE,	/* partly recorded, still writable */
	MMCSIM_TRACK_INVISIBLE,	/* blank, the rest of the disc */
	MMCSIM_TRACK_RESERVED,	/* reserved with a fixed size */
	MMCSIM_TRACK_DAMAGED,
};

struct mmcsim_track {
	u32 start;		/* first user block */
	u32 length;		/* recorded blocks */
	u32 size;		/* track size as READ TRACK INFORMATION reports */
	u32 nwa;
	u32 free;
	u8 number;
	u8 session;
	u8 state;
	bool audio;
	bool start_given;
	struct file *image;	/* contents of the track, from its start */
	u64 image_blocks;
};

struct mmcsim_blocks {
	u32 lba;
	u32 count;
	struct file *file;	/* either a file ... */
	u8 *data;		/* ... or bytes given inline (one block) */
};

struct mmcsim_medium {
	const struct mmcsim_profile *profile;
	u32 capacity;		/* blocks; CD: last possible lead-out start */
	u32 l0_capacity;	/* dual layer: blocks of layer 0 */
	u32 l0_max;		/* ... as the disc came, the most it can be */
	u8 disc_status;
	u8 session_state;	/* state of the last session */
	u8 nr_sessions;		/* including an open or empty last one */
	u8 nr_closed;		/* complete sessions */
	u8 nr_tracks;		/* including the invisible track */
	bool appendable;
	bool formatted;
	bool pow;
	u32 pow_spare;		/* replacements pseudo-overwrite has left */
	bool write_protect;
	int status_override;	/* -1 or a disc status */
	u32 read_end;		/* first block past the readable area */
	u32 leadin_next;	/* CD: lead-in start of the last session */
	struct mmcsim_track tracks[MMCSIM_MAX_TRACKS];
	unsigned int nr_blocks;
	struct mmcsim_blocks blocks[MMCSIM_MAX_BLOCKS];
	char *text;		/* the description, as loaded */
	size_t text_len;
	struct xarray written;	/* blocks written by commands, by LBA */
	struct file *backing;	/* where they are kept, or NULL: memory */
	char *backing_path;
	bool sao_next_valid;	/* a CD session at once is being written */
	s64 sao_next;		/* the LBA its next write must have */
};

struct mmcsim_medium *mmcsim_medium_parse(const char *text, size_t len,
					  const char *dir, char *err,
					  size_t errlen);
void mmcsim_medium_free(struct mmcsim_medium *m);
int mmcsim_medium_read(const struct mmcsim_medium *m, u32 lba, u8 *buf);
ssize_t mmcsim_medium_show(const struct mmcsim_medium *m, char *buf,
			   size_t size);
const struct mmcsim_track *mmcsim_track_at(const struct mmcsim_medium *m,
					   u32 lba);
bool mmcsim_track_in_toc(const struct mmcsim_track *t);
u32 mmcsim_track_end(const struct mmcsim_track *t);
bool mmcsim_track_unfinished(const struct mmcsim_track *t);
u32 mmcsim_align(const struct mmcsim_medium *m, u32 lba);
u32 mmcsim_session_start(const struct mmcsim_medium *m, u32 end, u8 session);
u32 mmcsim_track_next(const struct mmcsim_medium *m, u32 end);
int mmcsim_add_invisible(struct mmcsim_medium *m, u8 session, u32 start);
void mmcsim_medium_derive(struct mmcsim_medium *m);
void mmcsim_medium_format(struct mmcsim_medium *m, bool formatted);
void mmcsim_medium_set_layer_break(struct mmcsim_medium *m, u32 l0);

/* Fault injection */
enum mmcsim_fault_kind {
	MMCSIM_FAULT_SENSE,
	MMCSIM_FAULT_SHORT,
	MMCSIM_FAULT_BADLEN,
	MMCSIM_FAULT_RANDOM,
	MMCSIM_FAULT_DELAY,
	MMCSIM_FAULT_NOT_READY,		/* becoming ready, for a time */
	MMCSIM_FAULT_LONG_WRITE,
	MMCSIM_FAULT_VANISH,
	MMCSIM_FAULT_RECOVERED,		/* RECOVERED ERROR, with the data */
};

#define MMCSIM_ANY_OPCODE	(-1)

struct mmcsim_fault {
	struct list_head node;
	int opcode;			/* or MMCSIM_ANY_OPCODE */
	u8 kind;
	u8 key, asc, ascq;
	unsigned int count;		/* 0: until cleared */
	unsigned int arg;		/* bytes or milliseconds */
	unsigned int seed;		/* RANDOM: 0, or the stream of noise.h */
	unsigned long until;		/* jiffies, for NOT_READY */
};

/* What the faults of one command ask for */
struct mmcsim_fault_hit {
	bool sense;
	u8 key, asc, ascq;
	bool is_short, badlen, random, vanish;
	bool recovered;
	u8 rec_asc, rec_ascq;
	unsigned int short_len;
	unsigned int badlen_value;
	unsigned int delay_ms;
	unsigned int seed;		/* random: 0 for get_random_bytes() */
};

/* Error handler callbacks, counted in eh_counters */
enum mmcsim_eh {
	MMCSIM_EH_ABORT,
	MMCSIM_EH_DEVICE_RESET,
	MMCSIM_EH_TARGET_RESET,
	MMCSIM_EH_BUS_RESET,
	MMCSIM_EH_HOST_RESET,
	MMCSIM_EH_NR,
};

struct mmcsim_drive {
	struct config_group group;
	struct mutex cfg_lock;		/* power and identity */
	struct mutex lock;		/* medium, state, faults, counters */
	wait_queue_head_t wq;

	char vendor[9];
	char product[17];
	char revision[5];
	u32 read_mask;			/* bit i: mmcsim_profiles[i] */
	u32 write_mask;
	bool gesn;
	bool write_page;		/* MODE page 05h is there */
	unsigned int latency_us;
	unsigned int spinup_ms;
	unsigned int identify_ms;
	bool ua_at_ready;		/* the change is reported once ready */
	u8 wparams[MMCSIM_WPARAMS_LEN];	/* Write Parameters page */

	bool powered;
	bool gone;			/* host is going away */
	struct Scsi_Host *shost;
	struct work_struct vanish_work;

	struct mmcsim_medium *medium;
	struct mmcsim_medium *ejected;	/* reloaded when the tray closes */
	bool tray_open;
	bool locked;
	bool ua_pending;
	bool ua_deferred;		/* pending once the spin-up ends */
	unsigned long ready_at;		/* jiffies */
	unsigned long identify_end;	/* jiffies; profile 0 until then */
	u8 events[MMCSIM_MAX_EVENTS];
	unsigned int nr_events;
	char error[160];

	struct list_head faults;
	u64 counters[256];
	u64 eh_counters[MMCSIM_EH_NR];
};

/* GESN media event codes */
#define MMCSIM_EV_NEW_MEDIA	2
#define MMCSIM_EV_MEDIA_REMOVAL	3

/* main.c */
int mmcsim_power_on(struct mmcsim_drive *d);
void mmcsim_power_off(struct mmcsim_drive *d);
void mmcsim_drive_init(struct mmcsim_drive *d);
void mmcsim_drive_release(struct mmcsim_drive *d);
bool mmcsim_cmd_sleep(struct scsi_cmnd *cmd, unsigned int ms);
void mmcsim_vanish(struct mmcsim_drive *d, struct scsi_cmnd *cmd);

/* cmd.c; the medium functions are called with d->lock held */
void mmcsim_execute(struct mmcsim_drive *d, struct scsi_cmnd *cmd);
void mmcsim_insert(struct mmcsim_drive *d, struct mmcsim_medium *m);
void mmcsim_eject(struct mmcsim_drive *d);
void mmcsim_close_tray(struct mmcsim_drive *d);

/* write.c; called with d->lock held */
void mmcsim_write_params_init(struct mmcsim_drive *d);
int mmcsim_write_params_set(struct mmcsim_drive *d, const u8 *page, u32 len);
bool mmcsim_write_needs_medium(u8 op);
int mmcsim_write_dispatch(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
			  const u8 *cdb, u8 *buf, u32 *len, u32 *alloc);
int mmcsim_written(const struct mmcsim_medium *m, u32 lba, u8 *buf);
int mmcsim_write_attach(struct mmcsim_medium *m, struct file *f);
int mmcsim_write_forget(struct mmcsim_medium *m);
void mmcsim_write_free(struct mmcsim_medium *m);

/* format.c; called with d->lock held */
int mmcsim_blank(struct mmcsim_drive *d, const u8 *cdb);
int mmcsim_format_unit(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
		       const u8 *cdb, u8 *buf);

/* structure.c; called with d->lock held */
int mmcsim_read_structure(struct mmcsim_drive *d, const u8 *cdb, u8 *buf,
			  u32 *len, u32 *alloc);
int mmcsim_send_structure(struct mmcsim_drive *d, struct scsi_cmnd *cmd,
			  const u8 *cdb, u8 *buf);

/* fault.c */
int mmcsim_fault_add(struct mmcsim_drive *d, const char *spec);
void mmcsim_fault_clear(struct mmcsim_drive *d);
ssize_t mmcsim_fault_show(struct mmcsim_drive *d, char *buf);
void mmcsim_fault_take(struct mmcsim_drive *d, u8 opcode,
		       struct mmcsim_fault_hit *hit);
void mmcsim_fault_noise(const struct mmcsim_fault_hit *hit, u32 off, u8 *buf,
			u32 len);
void mmcsim_fault_mangle(const struct mmcsim_fault_hit *hit, u8 opcode,
			 u8 *buf, u32 *len);

/* configfs.c */
int mmcsim_configfs_init(void);
void mmcsim_configfs_exit(void);

#endif /* MMCSIM_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * mmcsim: fault injection.
 *
 * A fault is armed by writing one line to the drive's "faults" file:
 *
 *   KIND [op=OPCODE|any] [count=N] [key=K asc=A ascq=Q] [bytes=N] [ms=N]
 *        [value=N] [seed=N]
 *
 * and fires on the next N commands with that opcode (count=0: until
 * "clear" is written).
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "mmcsim.h"
#include "noise.h"

static const char * const fault_names[] = {
	[MMCSIM_FAULT_SENSE] = "sense",
	[MMCSIM_FAULT_SHORT] = "short",
	[MMCSIM_FAULT_BADLEN] = "badlen",
	[MMCSIM_FAULT_RANDOM] = "random",
	[MMCSIM_FAULT_DELAY] = "delay",
	[MMCSIM_FAULT_NOT_READY] = "not-ready",
	[MMCSIM_FAULT_LONG_WRITE] = "long-write",
	[MMCSIM_FAULT_VANISH] = "vanish",
	[MMCSIM_FAULT_RECOVERED] = "recovered",
};

int mmcsim_fault_add(struct mmcsim_drive *d, const char *spec)
{
	struct mmcsim_fault *f;
	char *copy, *cur, *tok;
	int ret = -EINVAL;
	unsigned int i;
	bool known = false;

	copy = kstrdup(spec, GFP_KERNEL);
	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!copy || !f) {
		ret = -ENOMEM;
		goto out;
	}
	cur = strim(copy);
	if (!strcmp(cur, "clear")) {
		mmcsim_fault_clear(d);
		ret = 0;
		goto out;
	}
	tok = strsep(&cur, " \t");
	for (i = 0; i < ARRAY_SIZE(fault_names); i++) {
		if (!strcmp(tok, fault_names[i])) {
			f->kind = i;
			known = true;
		}
	}
	if (!known)
		goto out;
	f->opcode = MMCSIM_ANY_OPCODE;
	f->count = 1;
	if (f->kind == MMCSIM_FAULT_LONG_WRITE) {
		f->key = 0x02;
		f->asc = 0x04;
		f->ascq = 0x08;
	}
	if (f->kind == MMCSIM_FAULT_RECOVERED) {
		/* RECOVERED DATA WITH RETRIES */
		f->asc = 0x17;
		f->ascq = 0x01;
	}
	while ((tok = strsep(&cur, " \t")) != NULL) {
		char *val = strchr(tok, '=');
		u32 v;

		if (!*tok)
			continue;
		if (!val)
			goto out;
		*val++ = '\0';
		if (!strcmp(tok, "op") && !strcmp(val, "any")) {
			f->opcode = MMCSIM_ANY_OPCODE;
			continue;
		}
		if (kstrtou32(val, 0, &v))
			goto out;
		if (!strcmp(tok, "op") && v <= 0xff)
			f->opcode = v;
		else if (!strcmp(tok, "count"))
			f->count = v;
		else if (!strcmp(tok, "key") && v <= 0xf)
			f->key = v;
		else if (!strcmp(tok, "asc") && v <= 0xff)
			f->asc = v;
		else if (!strcmp(tok, "ascq") && v <= 0xff)
			f->ascq = v;
		else if (!strcmp(tok, "bytes") || !strcmp(tok, "ms") ||
			 !strcmp(tok, "value"))
			f->arg = v;
		else if (!strcmp(tok, "seed") && f->kind == MMCSIM_FAULT_RANDOM)
			f->seed = v;
		else
			goto out;
	}
	if (f->kind == MMCSIM_FAULT_RECOVERED)
		f->key = 0x01;		/* key= does not apply */
	ret = 0;
	mutex_lock(&d->lock);
	if (f->kind == MMCSIM_FAULT_NOT_READY) {
		/* the drive reports "becoming ready" until then */
		d->ready_at = jiffies + msecs_to_jiffies(f->arg);
	} else {
		list_add_tail(&f->node, &d->faults);
		f = NULL;
	}
	mutex_unlock(&d->lock);
out:
	kfree(f);
	kfree(copy);
	return ret;
}

void mmcsim_fault_clear(struct mmcsim_drive *d)
{
	struct mmcsim_fault *f, *tmp;

	mutex_lock(&d->lock);
	list_for_each_entry_safe(f, tmp, &d->faults, node) {
		list_del(&f->node);
		kfree(f);
	}
	d->ready_at = jiffies;
	mutex_unlock(&d->lock);
}

ssize_t mmcsim_fault_show(struct mmcsim_drive *d, char *buf)
{
	struct mmcsim_fault *f;
	ssize_t n = 0;

	mutex_lock(&d->lock);
	list_for_each_entry(f, &d->faults, node) {
		if (f->opcode == MMCSIM_ANY_OPCODE)
			n += scnprintf(buf + n, PAGE_SIZE - n, "%s op=any",
				       fault_names[f->kind]);
		else
			n += scnprintf(buf + n, PAGE_SIZE - n, "%s op=0x%02x",
				       fault_names[f->kind], f->opcode);
		n += scnprintf(buf + n, PAGE_SIZE - n,
			       " count=%u key=0x%x asc=0x%02x ascq=0x%02x value=%u",
			       f->count, f->key, f->asc, f->ascq, f->arg);
		if (f->kind == MMCSIM_FAULT_RANDOM)
			n += scnprintf(buf + n, PAGE_SIZE - n, " seed=%u",
				       f->seed);
		n += scnprintf(buf + n, PAGE_SIZE - n, "\n");
	}
	mutex_unlock(&d->lock);
	return n;
}

/* Called with d->lock held: the faults the next command meets */
void mmcsim_fault_take(struct mmcsim_drive *d, u8 opcode,
		       struct mmcsim_fault_hit *hit)
{
	struct mmcsim_fault *f, *tmp;

	list_for_each_entry_safe(f, tmp, &d->faults, node) {
		if (f->opcode != MMCSIM_ANY_OPCODE && f->opcode != opcode)
			continue;
		switch (f->kind) {
		case MMCSIM_FAULT_SENSE:
		case MMCSIM_FAULT_LONG_WRITE:
			hit->sense = true;
			hit->key = f->key;
			hit->asc = f->asc;
			hit->ascq = f->ascq;
			break;
		case MMCSIM_FAULT_SHORT:
			hit->is_short = true;
			hit->short_len = f->arg;
			break;
		case MMCSIM_FAULT_BADLEN:
			hit->badlen = true;
			hit->badlen_value = f->arg;
			break;
		case MMCSIM_FAULT_RANDOM:
			hit->random = true;
			hit->seed = f->seed;
			break;
		case MMCSIM_FAULT_DELAY:
			hit->delay_ms += f->arg;
			break;
		case MMCSIM_FAULT_VANISH:
			hit->vanish = true;
			break;
		case MMCSIM_FAULT_RECOVERED:
			hit->recovered = true;
			hit->rec_asc = f->asc;
			hit->rec_ascq = f->ascq;
			break;
		}
		if (f->count && !--f->count) {
			list_del(&f->node);
			kfree(f);
		}
	}
}

/*
 * Bytes off to off + len of a random fault's reply: with a seed, those of
 * noise.h, the same on every run; else new ones each time.
 */
void mmcsim_fault_noise(const struct mmcsim_fault_hit *hit, u32 off, u8 *buf,
			u32 len)
{
	if (hit->seed)
		mmcsim_noise(hit->seed, off, buf, len);
	else
		get_random_bytes(buf, len);
}

/* Make a built reply lie about its length, or replace it with noise */
void mmcsim_fault_mangle(const struct mmcsim_fault_hit *hit, u8 opcode,
			 u8 *buf, u32 *len)
{
	u32 v = hit->badlen_value;

	if (hit->random)
		mmcsim_fault_noise(hit, 0, buf, *len);
	if (!hit->badlen)
		return;
	switch (opcode) {
	case 0x43: case 0x4a: case 0x51: case 0x52: case 0x5a: case 0xad:
		put_unaligned_be16(v ?: min(get_unaligned_be16(buf) + 0x100,
					    0xffff), buf);
		break;
	case 0x46:
		put_unaligned_be32(v ?: get_unaligned_be32(buf) + 0x1000, buf);
		break;
	case 0xbd:
		put_unaligned_be16(v ?: 0x100, buf + 6);
		break;
	case 0x23:
		buf[3] = v ?: 0xfc;
		break;
	case 0x12:
		buf[4] = v ?: 0xff;
		break;
	case 0x1a:
		buf[0] = v ?: 0xff;
		break;
	case 0x03:
		buf[7] = v ?: 0xff;
		break;
	}
}

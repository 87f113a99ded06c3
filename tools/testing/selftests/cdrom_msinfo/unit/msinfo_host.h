/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-ins for the few kernel definitions the pure core of
 * cdrom_msinfo uses, so that msinfo_derive.c builds unchanged in userspace
 * for the unit tests and the fuzzer.
 */
#ifndef _MSINFO_HOST_H
#define _MSINFO_HOST_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define u8	uint8_t
#define u16	uint16_t
#define u32	uint32_t
#define u64	uint64_t
#define s32	int32_t

#define BIT(n)			(1UL << (n))
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
static inline long long msinfo_host_min(long long a, long long b)
{
	return a < b ? a : b;
}

#define min_t(type, a, b)	((type)msinfo_host_min((type)(a), (type)(b)))
#define fallthrough		__attribute__((__fallthrough__))

static inline u16 get_unaligned_be16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[0] << 8 | b[1]);
}

static inline u32 get_unaligned_be24(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 16 | (u32)b[1] << 8 | b[2];
}

static inline u32 get_unaligned_be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static inline u16 get_unaligned_le16(const void *p)
{
	const u8 *b = p;

	return (u16)(b[1] << 8 | b[0]);
}

static inline u32 get_unaligned_le32(const void *p)
{
	const u8 *b = p;

	return (u32)b[3] << 24 | (u32)b[2] << 16 | (u32)b[1] << 8 | b[0];
}

#endif /* _MSINFO_HOST_H */

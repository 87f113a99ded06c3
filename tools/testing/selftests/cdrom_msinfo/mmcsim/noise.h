/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmcsim: the bytes of a "random seed=N" fault, the same on every run and
 * for every program that includes this header (the simulator and its
 * tests).  Word i (0, 1, ...) of the stream is MurmurHash3's finalizer of
 * N + (i + 1) * 9E3779B9h, modulo 2^32; its bytes go out big-endian, so
 * byte k of the stream is byte k % 4 of word k / 4, most significant
 * first.  Plain unsigned int: the header builds in the kernel and in user
 * space alike.
 */
#ifndef MMCSIM_NOISE_H
#define MMCSIM_NOISE_H

static inline unsigned int mmcsim_noise_word(unsigned int seed, unsigned int i)
{
	unsigned int h = seed + (i + 1) * 0x9e3779b9u;

	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* len bytes of the stream of seed, from byte offset off on */
static inline void mmcsim_noise(unsigned int seed, unsigned int off,
				unsigned char *buf, unsigned int len)
{
	unsigned int k;

	for (k = 0; k < len; k++, off++)
		buf[k] = mmcsim_noise_word(seed, off / 4) >> (24 - 8 * (off % 4));
}

#endif /* MMCSIM_NOISE_H */

/* Little-endian integers at any byte address (tables, images, buffers from
 * outside): read byte by byte, no alignment or aliasing assumptions. */
#ifndef LOOM_UNALIGNED_H
#define LOOM_UNALIGNED_H

#include <loom/types.h>

static inline u16 get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 get_le32(const u8 *p)
{
	return (u32)get_le16(p) | (u32)get_le16(p + 2) << 16;
}

static inline u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | (u64)get_le32(p + 4) << 32;
}

#endif

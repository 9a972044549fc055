/*
 * Boot memory-map editing: marking a range with a type (splitting regions)
 * and normalizing. Used by the PVH entry to mark the kernel and ramdisk.
 * Pure code: no locking, no allocation; also built for host unit tests.
 */
#include <loom/memregion.h>
#include <uapi/loom/errno.h>

void memregion_normalize(struct boot_mem_region *r, u32 *count)
{
	u32 n = *count, out = 0;

	for (u32 i = 1; i < n; i++) {
		struct boot_mem_region t = r[i];
		u32 j = i;

		while (j > 0 && r[j - 1].base > t.base) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = t;
	}
	for (u32 i = 0; i < n; i++) {
		if (!r[i].length)
			continue;
		if (out && r[out - 1].type == r[i].type &&
		    r[out - 1].base + r[out - 1].length == r[i].base) {
			r[out - 1].length += r[i].length;
			continue;
		}
		r[out++] = r[i];
	}
	*count = out;
}

int memregion_mark(struct boot_mem_region *r, u32 *count, u32 max, u64 base, u64 len, u32 type)
{
	u64 end = base + len;
	u32 n = *count, need = n;

	if (!len)
		return 0;
	/* Each overlapped region can split into at most three pieces. */
	for (u32 i = 0; i < n; i++) {
		u64 rb = r[i].base, re = r[i].base + r[i].length;

		if (re <= base || rb >= end)
			continue;
		need += (rb < base) + (re > end);
	}
	if (need > max)
		return -ENOSPC;
	for (u32 i = 0; i < n; i++) {
		u64 rb = r[i].base, re = r[i].base + r[i].length;
		u32 rt = r[i].type;

		if (re <= base || rb >= end || rt == type)
			continue;
		u64 mb = rb > base ? rb : base, me = re < end ? re : end;

		r[i].base = mb;
		r[i].length = me - mb;
		r[i].type = type;
		if (rb < mb)
			r[(*count)++] = (struct boot_mem_region){ rb, mb - rb, rt, 0 };
		if (me < re)
			r[(*count)++] = (struct boot_mem_region){ me, re - me, rt, 0 };
	}
	memregion_normalize(r, count);
	return 0;
}

/* Editing a boot memory map (kernel/lib/memregion.c): pure, host-tested. */
#ifndef LOOM_MEMREGION_H
#define LOOM_MEMREGION_H

#include <loom/boot_info.h>
#include <loom/types.h>

/*
 * Mark [base, base+len) as `type` in a map sorted by base, splitting the
 * regions it overlaps; parts of the range outside every region are left
 * out. The map stays sorted and merges equal neighbours. Returns 0, or
 * -ENOSPC when more than `max` entries would be needed (the map is then
 * unchanged).
 */
int memregion_mark(struct boot_mem_region *r, u32 *count, u32 max, u64 base, u64 len, u32 type);
/* Sort by base (insertion sort: maps are short) and merge equal neighbours. */
void memregion_normalize(struct boot_mem_region *r, u32 *count);

#endif

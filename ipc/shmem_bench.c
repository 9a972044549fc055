/*
 * Microbenchmarks of shared memory and of share/claim (CONFIG_KBENCH), on
 * a test address space of a kernel thread, best of ROUNDS rounds:
 *   shmem_fault_new     first touch of a page of an object (allocate,
 *                       zero, map), ns per page
 *   shmem_fault_shared  first touch of a page another mapping already
 *                       made (map only), ns per page
 *   anon_fault          the same first touch of anonymous memory, for scale
 *   share_claim         share_file + claim_file + close, ns per round trip
 *   share_claim_user    the same as three system calls ("utest sharebench")
 *   random_u64          one draw of the key source, and of its fallback
 */
#include <loom/kbench.h>
#include <loom/mm.h>
#include <loom/random.h>
#include <loom/share.h>
#include <loom/vfs.h>
#include <loom/vm.h>
#include "../kernel/proc/capture.h"

#define PAGES  256
#define ROUNDS 5
#define PAIRS  2000

static u64 touch_all(struct addr_space *as, u64 base)
{
	u64 t0 = kbench_now_ns();

	for (u64 i = 0; i < PAGES; i++)
		if (copy_to_user(base + i * PAGE_SIZE, "x", 1))
			return 0;
	return kbench_now_ns() - t0;
}

/* ns per page: a new object's pages (shared == false) or, for shared, the
 * pages of an object a first mapping has already touched. */
static u64 shmem_faults(bool shared, bool anon)
{
	struct addr_space as;
	u64 best = ~0ULL;

	if (as_create(&as))
		return 0;
	as_switch(&as);
	for (int round = 0; round < ROUNDS; round++) {
		struct file *f = NULL;
		s64 m1 = 0, m2 = 0;
		u64 dt = 0;

		if (anon) {
			m1 = vm_mmap(&as, 0, PAGES * PAGE_SIZE, VM_READ | VM_WRITE, 0);
		} else if (!vfs_open(vfs_root_ns(), NULL, "/dev/shmem/new", 0, &f)) {
			m1 = vfs_mmap(&as, f, 0, PAGES * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
			m2 = vfs_mmap(&as, f, 0, PAGES * PAGE_SIZE, VM_READ | VM_WRITE, 0, 0);
		}
		if (m1 > 0 && (anon || m2 > 0)) {
			dt = touch_all(&as, (u64)m1);
			if (shared)
				dt = touch_all(&as, (u64)m2);
		}
		if (m1 > 0)
			vm_munmap(&as, (u64)m1, PAGES * PAGE_SIZE);
		if (m2 > 0)
			vm_munmap(&as, (u64)m2, PAGES * PAGE_SIZE);
		vfs_close(f);
		if (!dt)
			break;
		best = MIN(best, dt);
	}
	as_destroy(&as);
	return best == ~0ULL ? 0 : best / PAGES;
}

static u64 share_claim(void)
{
	char key[SHARE_KEY_SIZE];
	struct file *f, *g;
	u64 best = ~0ULL;

	if (vfs_open(vfs_root_ns(), NULL, "/dev/zero", PERM_READ, &f))
		return 0;
	for (int round = 0; round < ROUNDS; round++) {
		u64 t0 = kbench_now_ns(), dt;
		int i;

		for (i = 0; i < PAIRS; i++) {
			if (share_file(f, 1000000000ULL, key) || claim_file(key, &g))
				break;
			vfs_close(g);
		}
		dt = kbench_now_ns() - t0;
		if (i < PAIRS)
			break;
		best = MIN(best, dt);
	}
	vfs_close(f);
	return best == ~0ULL ? 0 : best / PAIRS;
}

/* ns per 64-bit draw of the key source (RDRAND: a host call under TCG). */
static u64 random_cost(bool fallback)
{
	u64 t0 = kbench_now_ns(), sink = 0;

	for (int i = 0; i < PAIRS; i++)
		sink ^= fallback ? random_fallback_u64() : random_u64();
	return sink == 1 ? 0 : (kbench_now_ns() - t0) / PAIRS; /* sink == 1: never */
}

/* The same from user space: share + claim + close system calls (utest
 * sharebench times them itself), or 0 without the program. */
static u64 user_share_claim(void)
{
	const char *argv[] = { UTEST, "sharebench" };
	u64 ns;

	return capture_figure(argv, 2, &ns) ? 0 : ns;
}

static void bench_shmem(void)
{
	kbench_report("shmem_fault_new", PAGES, shmem_faults(false, false), "ns");
	kbench_report("shmem_fault_shared", PAGES, shmem_faults(true, false), "ns");
	kbench_report("anon_fault", PAGES, shmem_faults(false, true), "ns");
	kbench_report("share_claim", 1, share_claim(), "ns");
	kbench_report("share_claim_user", 1, user_share_claim(), "ns");
	kbench_report("random_u64", 1, random_cost(false), "ns");
	kbench_report("random_fallback_u64", 1, random_cost(true), "ns");
}
KBENCH(shmem, bench_shmem);

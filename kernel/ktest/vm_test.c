/*
 * User address spaces on a test address space (no user mode yet): lazy and
 * eager population, munmap splits, mprotect, fault notes, bad arguments,
 * running out of memory, and kernel stack guard pages. Every test checks
 * that the page allocator's free count comes back (no leak).
 */
#include <loom/kstack.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/string.h>
#include <loom/vm.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <uapi/loom/errno.h>

static struct addr_space as;

static u64 free_before;

static bool setup(struct ktest *t)
{
	struct page_stats st;

	page_alloc_stats(&st);
	free_before = st.free;
	if (!KEXPECT_EQ(t, as_create(&as), 0))
		return false;
	as_switch(&as);
	return true;
}

static void teardown(struct ktest *t)
{
	struct page_stats st;

	as_destroy(&as);
	page_alloc_stats(&st);
	KEXPECT_EQ(t, st.free, free_before);
}

static void lazy_until_touched(struct ktest *t)
{
	char buf[8];
	s64 a;

	if (!setup(t))
		return;
	a = vm_mmap(&as, 0, 16 * PAGE_SIZE, VM_READ | VM_WRITE, 0);
	KASSERT_TRUE(t, a > 0);
	KEXPECT_EQ(t, a & (PAGE_SIZE - 1), 0);
	KEXPECT_EQ(t, as.resident, 0);
	KEXPECT_EQ(t, copy_to_user(a + 5000, "hello", 6), 0);
	KEXPECT_EQ(t, as.resident, 1);
	KEXPECT_EQ(t, copy_from_user(buf, a + 5000, 6), 0);
	KEXPECT_STREQ(t, buf, "hello");
	/* Fresh pages read as zero. */
	KEXPECT_EQ(t, copy_from_user(buf, a + 9 * PAGE_SIZE, 8), 0);
	KEXPECT_EQ(t, buf[0] | buf[7], 0);
	KEXPECT_EQ(t, as.resident, 2);
	teardown(t);
}

static void populate_and_permissions(struct ktest *t)
{
	int lvl;
	u64 pte;
	s64 a, x;

	if (!setup(t))
		return;
	a = vm_mmap(&as, 0, 8 * PAGE_SIZE, VM_READ | VM_WRITE, VM_POPULATE);
	x = vm_mmap(&as, 0, PAGE_SIZE, VM_READ | VM_EXEC, VM_POPULATE);
	KASSERT_TRUE(t, a > 0 && x > 0);
	KEXPECT_EQ(t, as.resident, 9);
	pte = pte_lookup(as.pml4, a, &lvl);
	KEXPECT_EQ(t, pte & (PTE_U | PTE_W), PTE_U | PTE_W);
	if (cpu_features.nx) {
		KEXPECT_EQ(t, pte & PTE_NX, PTE_NX);
		KEXPECT_EQ(t, pte_lookup(as.pml4, x, &lvl) & PTE_NX, 0);
	}
	KEXPECT_EQ(t, pte_lookup(as.pml4, x, &lvl) & PTE_W, 0);
	/* The kernel half is shared, the user half is not the kernel's. */
	KEXPECT_EQ(t, as.pml4[511], kernel_pml4[511]);
	KEXPECT_EQ(t, pte_lookup(kernel_pml4, a, &lvl), 0);
	teardown(t);
}

static void munmap_splits_areas(struct ktest *t)
{
	s64 a;

	if (!setup(t))
		return;
	a = vm_mmap(&as, 0, 10 * PAGE_SIZE, VM_READ | VM_WRITE, VM_POPULATE);
	KASSERT_TRUE(t, a > 0);
	KEXPECT_EQ(t, vm_munmap(&as, a + 4 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KEXPECT_EQ(t, as.nr_areas, 2);
	KEXPECT_EQ(t, as.resident, 8);
	KEXPECT_EQ(t, copy_to_user(a + 4 * PAGE_SIZE, "x", 1), -EFAULT);
	KEXPECT_EQ(t, copy_to_user(a + 3 * PAGE_SIZE, "x", 1), 0);
	KEXPECT_EQ(t, copy_to_user(a + 6 * PAGE_SIZE, "x", 1), 0);
	/* A copy across the hole fails. */
	KEXPECT_EQ(t, copy_to_user(a + 4 * PAGE_SIZE - 2, "abcd", 4), -EFAULT);
	teardown(t);
}

static void mprotect_and_notes(struct ktest *t)
{
	char note[128];
	s64 a, s;

	if (!setup(t))
		return;
	a = vm_mmap(&as, 0, 4 * PAGE_SIZE, VM_READ | VM_WRITE, 0);
	KASSERT_TRUE(t, a > 0);
	KEXPECT_EQ(t, copy_to_user(a, "x", 1), 0);
	KEXPECT_EQ(t, vm_mprotect(&as, a, PAGE_SIZE, VM_READ), 0);
	KEXPECT_EQ(t, copy_to_user(a, "y", 1), -EFAULT);
	KEXPECT_EQ(t, copy_to_user(a + PAGE_SIZE, "y", 1), 0);
	KEXPECT_EQ(
		t,
		vm_fault(&as, a + 8, 0x7 /* user write, present */, 0x40013b, note, sizeof(note)),
		-EFAULT);
	KEXPECT_TRUE(
		t,
		!strncmp(note, "pagefault at 0x40013b due to write to read-only memory at 0x", 60));
	s = vm_mmap(&as, 0, 4 * PAGE_SIZE, VM_READ | VM_WRITE, VM_STACK);
	KASSERT_TRUE(t, s > 0);
	KEXPECT_EQ(t, vm_fault(&as, s - 8, 0x6, 0x40013b, note, sizeof(note)), -EFAULT);
	KEXPECT_TRUE(t, strstr(note, "due to stack overflow at 0x"));
	KEXPECT_EQ(t, vm_fault(&as, 0x5000000, 0x4, 0x401000, note, sizeof(note)), -EFAULT);
	KEXPECT_TRUE(t, strstr(note, "due to unmapped address at 0x5000000"));
	KEXPECT_EQ(t, vm_mprotect(&as, 0x5000000, PAGE_SIZE, VM_READ), -ENOMEM);
	teardown(t);
}

static void bad_arguments(struct ktest *t)
{
	if (!setup(t))
		return;
	KEXPECT_EQ(t, vm_mmap(&as, 0, 0, VM_READ, 0), -EINVAL);
	KEXPECT_EQ(t, vm_mmap(&as, 0, PAGE_SIZE, 0x80, 0), -EINVAL);
	KEXPECT_EQ(t, vm_mmap(&as, 0, PAGE_SIZE, VM_READ, 0x10000), -EINVAL);
	KEXPECT_EQ(t, vm_mmap(&as, 0x100001, PAGE_SIZE, VM_READ, VM_FIXED), -EINVAL);
	KEXPECT_EQ(t, vm_mmap(&as, USER_END, PAGE_SIZE, VM_READ, VM_FIXED), -EINVAL);
	KEXPECT_EQ(t, vm_mmap(&as, 0, 1ULL << 50, VM_READ, 0), -EINVAL);
	KEXPECT_EQ(t, vm_munmap(&as, 0xffff800000000000ULL, PAGE_SIZE), -EINVAL);
	KEXPECT_EQ(t, copy_to_user((u64)(uintptr_t)&as, "x", 1), -EFAULT);
	KEXPECT_EQ(t, copy_to_user(USER_END - 2, "abcd", 4), -EFAULT);
	KEXPECT_EQ(t, copy_from_user(&as, 0, 1), -EFAULT);
	teardown(t);
}

static void out_of_memory_is_an_error(struct ktest *t)
{
	struct page_stats st;

	if (!setup(t))
		return;
	page_alloc_stats(&st);
	/* More than all memory, eagerly: -ENOMEM, nothing left behind. */
	KEXPECT_EQ(t, vm_mmap(&as, 0, (st.total + 16) * PAGE_SIZE, VM_READ | VM_WRITE, VM_POPULATE),
		   -ENOMEM);
	KEXPECT_EQ(t, as.resident, 0);
	KEXPECT_EQ(t, as.nr_areas, 0);
	teardown(t);
}

static void kernel_stack_guard(struct ktest *t)
{
	u64 top = kstack_alloc(), guard;
	struct trap_fixup f = { .vector = 14 };

	KASSERT_NE(t, top, 0);
	guard = top - KSTACK_PAGES * PAGE_SIZE - 8;
	KEXPECT_TRUE(t, kstack_guard(guard));
	KEXPECT_TRUE(t, !kstack_guard(top - 8));
	*(volatile u64 *)(uintptr_t)(top - 8) = 1; /* the stack itself is mapped */
	__asm__ volatile("leaq 1f(%%rip), %0" : "=r"(f.resume));
	trap_set_fixup(&f);
	__asm__ volatile("movq $1, (%0)\n1:" ::"r"(guard) : "memory");
	trap_set_fixup(NULL);
	KEXPECT_TRUE(t, f.hit);
	KEXPECT_EQ(t, f.address, guard);
	kstack_free(top);
}

/*
 * An area made by a file's mmap op (vm_mmap_area): fake ops whose pages
 * are eight pages of the test's own, counting the area references taken
 * (open) and dropped (close). Splits take one for the new half and shift
 * its pgoff; removed areas drop theirs after the unlock; as_destroy drops
 * the rest; device pages are never freed by the vm layer.
 */
static int file_opens, file_closes;
static u64 file_pages;

static u64 file_fault(struct vm_area *a, u64 addr)
{
	return file_pages + a->pgoff + (addr - a->start);
}

static void file_release(struct vm_area *a, u64 pa)
{
}

static void file_open(struct vm_area *a)
{
	file_opens++;
}

static void file_close(struct vm_area *a)
{
	file_closes++;
}

static const struct vm_ops file_ops = {
	.fault = file_fault,
	.release = file_release,
	.open = file_open,
	.close = file_close,
};

static void file_area_references(struct ktest *t)
{
	struct vm_area proto = { .ops = &file_ops, .pgoff = 2 * PAGE_SIZE, .flags = VM_NOWRITE };
	char note[128];
	struct vm_area *right;
	u64 *p, v = 0;
	s64 a;

	file_pages = pages_alloc_contig(8, PAGE_SIZE);
	KASSERT_TRUE(t, file_pages != 0);
	p = phys_to_virt(file_pages);
	for (int i = 0; i < 8; i++)
		p[i * PAGE_SIZE / 8] = 0x1000 + i; /* page i starts with 0x1000 + i */
	file_opens = file_closes = 0;
	if (!setup(t))
		goto out;
	a = vm_mmap_area(&as, 0, 6 * PAGE_SIZE, VM_READ, 0, &proto);
	KASSERT_TRUE(t, a > 0);
	KEXPECT_EQ(t, file_opens, 1);
	/* the first page shows file page 2, the fifth page 6 */
	KEXPECT_EQ(t, vm_fault(&as, a, 0x4, 0x401000, note, sizeof(note)), 0);
	KEXPECT_EQ(t, copy_from_user(&v, a, 8), 0);
	KEXPECT_EQ(t, v, 0x1002);
	KEXPECT_EQ(t, vm_munmap(&as, a + PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KEXPECT_EQ(t, file_opens, 3);  /* a split at each end of the hole */
	KEXPECT_EQ(t, file_closes, 1); /* the middle */
	right = vm_find(&as, a + 3 * PAGE_SIZE);
	KEXPECT_TRUE(t,
		     right && right->pgoff == 5 * PAGE_SIZE && right->start == a + 3 * PAGE_SIZE);
	KEXPECT_EQ(t, vm_fault(&as, a + 4 * PAGE_SIZE, 0x4, 0x401000, note, sizeof(note)), 0);
	KEXPECT_EQ(t, copy_from_user(&v, a + 4 * PAGE_SIZE, 8), 0);
	KEXPECT_EQ(t, v, 0x1006);
	/* not writable, and mprotect cannot make it so */
	KEXPECT_EQ(t, vm_mprotect(&as, a, PAGE_SIZE, VM_READ | VM_WRITE), -EACCES);
	KEXPECT_EQ(t, vm_mprotect(&as, a + 3 * PAGE_SIZE, PAGE_SIZE, 0), 0);
	KEXPECT_EQ(t, file_opens, 4); /* mprotect split the right part */
	/* bad prototypes */
	proto.pgoff = 100;
	KEXPECT_EQ(t, vm_mmap_area(&as, 0, PAGE_SIZE, VM_READ, 0, &proto), -EINVAL);
	proto.pgoff = 0;
	KEXPECT_EQ(t, vm_mmap_area(&as, 0, PAGE_SIZE, VM_READ, VM_STACK, &proto), -EINVAL);
	KEXPECT_EQ(t, vm_mmap_area(&as, 0, PAGE_SIZE, VM_READ, 0, NULL), -EINVAL);
	KEXPECT_EQ(t, file_opens, 4);
	teardown(t);		       /* the file's pages are not the page allocator's */
	KEXPECT_EQ(t, file_closes, 4); /* every reference dropped */
	KEXPECT_EQ(t, p[0], 0x1000);
out:
	pages_free_contig(file_pages, 8);
}

KTEST_SUITE(vm, KTEST_CASE(lazy_until_touched), KTEST_CASE(populate_and_permissions),
	    KTEST_CASE(munmap_splits_areas), KTEST_CASE(mprotect_and_notes),
	    KTEST_CASE(bad_arguments), KTEST_CASE(out_of_memory_is_an_error),
	    KTEST_CASE(kernel_stack_guard), KTEST_CASE(file_area_references));

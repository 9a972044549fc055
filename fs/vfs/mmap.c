/*
 * vfs_mmap: map an open file into an address space through its
 * file_ops.mmap (include/loom/vfs.h). The permission rule lives here so
 * that the system call and the kernel's own callers (tests) share it: the
 * file must be readable, and writable for VM_WRITE; a file opened without
 * write permission makes an area mprotect cannot make writable. Locking:
 * none of its own (the mmap op runs without vfs_lock; vm.c takes as->lock).
 */
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/vfs.h>
#include <loom/vm.h>

s64 vfs_mmap(struct addr_space *as, struct file *f, u64 addr, u64 len, u32 prot, u32 flags, u64 off)
{
	struct vm_area proto = { .end = ALIGN_UP(len, PAGE_SIZE), .prot = prot, .pgoff = off };
	int r;

	if (!len || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!(f->perms & PERM_READ) || ((prot & VM_WRITE) && !(f->perms & PERM_WRITE)))
		return -EACCES;
	if (!f->ops->mmap)
		return -ENODEV;
	r = f->ops->mmap(f, &proto);
	if (r)
		return r;
	if (!(f->perms & PERM_WRITE))
		proto.flags |= VM_NOWRITE;
	return vm_mmap_area(as, addr, len, prot, flags, &proto);
}

void vfs_area_file_get(struct vm_area *a)
{
	vfs_file_get(a->priv);
}

void vfs_area_file_put(struct vm_area *a)
{
	vfs_close(a->priv);
}

/*
 * Module tests: the hello sample behaves the same built in and as a .ko,
 * unloading is refused while a module is in use, and damaged copies of
 * hello.ko (truncated, unknown relocation, missing symbol, wrong build,
 * section out of range) are each refused without leaking a page.
 */
#include <loom/initrd.h>
#include <loom/ksyms.h>
#include <loom/ktest.h>
#include <loom/mm.h>
#include <loom/modelf.h>
#include <loom/module.h>
#include <loom/page_alloc.h>
#include <loom/pci.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

static bool hello_is_ko(void)
{
	const void *d;
	u64 n;

	return initrd_find("kernel/modules/hello.ko", &d, &n) == 0;
}

static void hello_loaded_once(struct ktest *t)
{
	int (*count)(void);

	if (!IS_ENABLED(CONFIG_SAMPLE_HELLO))
		return ktest_skip(t, "hello is not configured");
	KASSERT_TRUE(t, module_loaded("hello"));
	count = (int (*)(void))(uintptr_t)module_export_lookup("hello_load_count");
	KASSERT_NE(t, (u64)(uintptr_t)count, 0);
	KEXPECT_EQ(t, count(), 1);
}

static void hello_symbolized(struct ktest *t)
{
	char buf[96];
	u64 addr = module_export_lookup("hello_load_count");

	if (!addr)
		return ktest_skip(t, "hello is not loaded");
	ksym_format(buf, sizeof(buf), addr + 1);
	KEXPECT_TRUE(t, !strncmp(buf, "hello_load_count+0x1/", 21));
	if (hello_is_ko())
		KEXPECT_TRUE(t, strchr(buf, '[') != NULL); /* "... [hello]" */
}

static void unload_refused_while_used(struct ktest *t)
{
	int (*count)(void);

	if (!IS_ENABLED(CONFIG_SAMPLE_HELLO_FRIEND) || !module_loaded("hello_friend"))
		return ktest_skip(t, "hello_friend is not loaded");
	if (!hello_is_ko()) {
		KEXPECT_EQ(t, module_unload("hello"), -EPERM); /* built in */
		return;
	}
	if (!IS_ENABLED(CONFIG_MODULE_UNLOAD)) {
		KEXPECT_EQ(t, module_unload("hello"), -ENOSYS);
		return;
	}
	KEXPECT_EQ(t, module_unload("hello"), -EBUSY);
	KEXPECT_TRUE(t, module_loaded("hello"));
	KEXPECT_EQ(t, module_unload("hello_friend"), 0);
	KEXPECT_EQ(t, module_unload("hello"), 0);
	KEXPECT_TRUE(t, !module_loaded("hello"));
	KEXPECT_EQ(t, module_unload("hello"), -ENOENT);
	/* Loading hello_friend loads hello first; a fresh copy counts 1. */
	KASSERT_EQ(t, module_load("hello_friend"), 0);
	KEXPECT_TRUE(t, module_loaded("hello"));
	count = (int (*)(void))(uintptr_t)module_export_lookup("hello_load_count");
	KASSERT_NE(t, (u64)(uintptr_t)count, 0);
	KEXPECT_EQ(t, count(), 1);
}

struct elf_shdr {
	u32 name, type;
	u64 flags, addr, offset, size;
	u32 link, info;
	u64 align, entsize;
};

/* A private copy of hello.ko to damage (static: it must not depend on the
 * page allocator's contiguous blocks, which the mm suite may have used up). */
static u8 copy[128 * 1024] __aligned(4096);

/* Patch a copy of hello.ko, try to load it, expect `want`. */
static void try_bad(struct ktest *t, const u8 *orig, u64 size, int kind, int want)
{
	struct page_stats before, after;
	u64 len = size, slen;
	u8 *img = copy;
	int r;

	KASSERT_TRUE(t, size <= sizeof(copy));
	memcpy(img, orig, size);
	switch (kind) {
	case 0: /* truncated */ len = size / 2; break;
	case 1: { /* unknown relocation type in the first .rela.text entry */
		u8 *rela = (u8 *)modelf_section(img, size, ".rela.text", &slen);

		KASSERT_TRUE(t, rela && slen >= 24);
		rela[8] = 200;
		break;
	}
	case 2: { /* an undefined symbol no one exports: printk -> printq */
		char *str = (char *)modelf_section(img, size, ".strtab", &slen);
		u64 i;

		KASSERT_TRUE(t, str != NULL);
		for (i = 0; i + 7 <= slen && memcmp(str + i, "printk", 7); i++)
			;
		KASSERT_TRUE(t, i + 7 <= slen);
		str[i + 5] = 'q';
		break;
	}
	case 3: { /* another build's identity */
		char *id = (char *)modelf_section(img, size, ".loom_buildid", &slen);

		KASSERT_TRUE(t, id && slen > 1);
		id[0] = id[0] == '0' ? '1' : '0';
		break;
	}
	case 4: { /* a section's file range far past the end */
		u64 shoff;
		struct elf_shdr *sh;

		memcpy(&shoff, img + 0x28, 8);
		KASSERT_TRUE(t, shoff + 2 * sizeof(*sh) <= size);
		sh = (struct elf_shdr *)(img + shoff) + 1;
		sh->offset = 0x7fff0000;
		break;
	}
	}
	page_alloc_stats(&before);
	r = module_load_image("hello", img, len, 0);
	page_alloc_stats(&after);
	KEXPECT_EQ(t, r, want);
	KEXPECT_TRUE(t, !module_loaded("hello"));
	KEXPECT_EQ(t, after.free, before.free); /* nothing leaked */
}

static void bad_modules_refused(struct ktest *t)
{
	const void *ko;
	u64 size;

	if (!hello_is_ko() || !IS_ENABLED(CONFIG_MODULE_UNLOAD))
		return ktest_skip(t, "needs hello.ko and module unloading");
	KASSERT_EQ(t, initrd_find("kernel/modules/hello.ko", &ko, &size), 0);
	if (module_loaded("hello_friend"))
		KASSERT_EQ(t, module_unload("hello_friend"), 0);
	KASSERT_EQ(t, module_unload("hello"), 0);
	try_bad(t, ko, size, 0, -ENOEXEC);
	try_bad(t, ko, size, 1, -ENOTSUP);
	try_bad(t, ko, size, 2, -ENOENT);
	try_bad(t, ko, size, 3, -ENOEXEC);
	try_bad(t, ko, size, 4, -ENOEXEC);
	/* The real one still loads afterwards. */
	KEXPECT_EQ(t, module_load("hello"), 0);
	if (IS_ENABLED(CONFIG_SAMPLE_HELLO_FRIEND))
		KEXPECT_EQ(t, module_load("hello_friend"), 0);
}

/* Device events: hello_friend claims the PCI host bridge class; after the
 * unload/reload of the test above it must be attached again. */
static void device_attached_by_type(struct ktest *t)
{
	int (*attached)(void);
	u32 n;
	const struct pci_dev *p = IS_ENABLED(CONFIG_PCI) ? pci_devices(&n) : NULL;
	int bridges = 0;

	if (!p || !module_loaded("hello_friend"))
		return ktest_skip(t, "needs PCI and hello_friend");
	for (u32 i = 0; i < n; i++)
		bridges += p[i].class == 0x06 && p[i].subclass == 0x00;
	KASSERT_TRUE(t, bridges > 0);
	attached = (int (*)(void))(uintptr_t)module_export_lookup("hello_friend_attached");
	KASSERT_NE(t, (u64)(uintptr_t)attached, 0);
	KEXPECT_EQ(t, attached(), bridges);
	for (u32 i = 0; i < n; i++)
		if (p[i].class == 0x06 && p[i].subclass == 0x00)
			KEXPECT_TRUE(t, p[i].dev.driver != NULL);
}

static void missing_module_refused(struct ktest *t)
{
	KEXPECT_EQ(t, module_load("no_such_module"), -ENOENT);
	KEXPECT_EQ(t, module_unload("no_such_module"),
		   IS_ENABLED(CONFIG_MODULE_UNLOAD) ? -ENOENT : -ENOSYS);
}

KTEST_SUITE(module, KTEST_CASE(hello_loaded_once), KTEST_CASE(hello_symbolized),
	    KTEST_CASE(unload_refused_while_used), KTEST_CASE(bad_modules_refused),
	    KTEST_CASE(device_attached_by_type), KTEST_CASE(missing_module_refused));

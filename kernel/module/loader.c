/*
 * Loading and unloading .ko modules from the ramdisk's kernel/modules/
 * (CONFIG_MODULES). Before anything is mapped, a module must carry this
 * kernel's build identity (section .loom_buildid, added at link time) and a
 * .modinfo naming it; its dependencies (kernel/modules/modules.dep, made by
 * scripts/modpost.py) are loaded first. Memory comes from the module area
 * in the top 2 GiB: text ends up RX, rodata R+NX, data RW+NX. Every load,
 * unload and refusal is one log line.
 */
#include <loom/errno.h>
#include <loom/initrd.h>
#include <loom/mm.h>
#include <loom/page_alloc.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include "internal.h"

#define MODULE_AREA_START 0xffffffffa0000000ULL
#define MODULE_AREA_END	  0xffffffffc0000000ULL
#define MAX_MODULES	  64
#define MAX_INDEX	  128

extern const char loom_build_id[];

static struct module pool[MAX_MODULES];

/* --- module area: first-fit list of free virtual ranges ------------------ */
static struct {
	u64 start, end;
} area[64] = { { MODULE_AREA_START, MODULE_AREA_END } };
static u32 nr_area = 1;

static u64 area_alloc(u64 size)
{
	for (u32 i = 0; i < nr_area; i++) {
		if (area[i].end - area[i].start >= size) {
			u64 va = area[i].start;

			area[i].start += size;
			return va;
		}
	}
	return 0;
}

static void area_free(u64 va, u64 size)
{
	for (u32 i = 0; i < nr_area; i++) {
		if (area[i].start == va + size) {
			area[i].start = va;
			return;
		}
		if (area[i].end == va) {
			area[i].end = va + size;
			return;
		}
	}
	if (nr_area < ARRAY_SIZE(area))
		area[nr_area++] = (typeof(area[0])){ va, va + size };
	/* else the range stays unused: the area is 512 MiB. */
}

static void release_page(phys_addr_t pa)
{
	page_free(pa);
}

static void *mod_alloc(void *ctx, int kind, u64 size, u64 align)
{
	u64 len = ALIGN_UP(size, PAGE_SIZE), va = area_alloc(len);

	if (!va)
		return NULL;
	for (u64 off = 0; off < len; off += PAGE_SIZE) {
		phys_addr_t pa = page_alloc_zeroed();

		if (!pa ||
		    map_range(kernel_pml4, va + off, pa, PAGE_SIZE, PTE_W | PTE_NX, MAP_WB, true)) {
			if (pa)
				page_free(pa);
			unmap_range(kernel_pml4, va, off, release_page);
			area_free(va, len);
			return NULL;
		}
	}
	return (void *)(uintptr_t)va;
}

static void free_class(void *p, u64 size)
{
	u64 len = ALIGN_UP(size, PAGE_SIZE);

	if (!p)
		return;
	unmap_range(kernel_pml4, (u64)(uintptr_t)p, len, release_page);
	area_free((u64)(uintptr_t)p, len);
}

static void free_memory(struct modelf *e)
{
	free_class(e->text, e->text_size);
	free_class(e->rodata, e->rodata_size);
	free_class(e->data, e->data_size);
	e->text = e->rodata = e->data = NULL;
}

/* --- symbols: the kernel's exports, then loaded modules' ---------------- */
static int resolve(void *ctx, const char *name, u64 *addr)
{
	struct module *m = ctx;
	char sym[80];

	*addr = kernel_export_lookup(name);
	if (*addr)
		return 0;
	snprintf(sym, sizeof(sym), "__export_%s", name);
	for (struct module *o = module_list; o; o = o->next) {
		const struct kernel_symbol *ks;

		if (o->builtin || !(ks = (const void *)(uintptr_t)modelf_symbol(&o->elf, sym)))
			continue;
		for (u32 i = 0; i < m->nr_deps; i++)
			if (m->deps[i] == o)
				goto found;
		if (m->nr_deps == MODULE_MAX_DEPS)
			return -E2BIG;
		m->deps[m->nr_deps++] = o;
found:
		*addr = ks->addr;
		return 0;
	}
	return -ENOENT;
}

static const struct modelf_ops elf_ops = {
	.alloc = mod_alloc,
	.resolve = resolve,
};

/* --- .modinfo and the ramdisk index ------------------------------------- */
static const char *modinfo_get(const char *info, u64 len, const char *key, char *buf, size_t size)
{
	size_t kl = strlen(key);

	for (u64 off = 0; off < len;) {
		const char *s = info + off;
		size_t sl = strnlen(s, len - off);

		if (sl > kl && s[kl] == '=' && !strncmp(s, key, kl)) {
			size_t vl = MIN(sl - kl - 1, size - 1);

			memcpy(buf, s + kl + 1, vl);
			buf[vl] = '\0';
			return buf;
		}
		off += sl + 1;
	}
	return NULL;
}

static struct {
	char name[32];
	char devices[128];
} ko_index[MAX_INDEX];
static u32 nr_index;

static int index_one(const struct cpio_entry *e, void *ctx)
{
	const char *prefix = "kernel/modules/";
	size_t pl = strlen(prefix), nl = strlen(e->name);
	const char *info;
	u64 len;

	if (nl <= pl + 3 || strncmp(e->name, prefix, pl) || strcmp(e->name + nl - 3, ".ko"))
		return 0;
	if (nr_index == MAX_INDEX) {
		pr_warn("module: more than %d modules in the ramdisk; %s not indexed", MAX_INDEX,
			e->name);
		return 1;
	}
	info = modelf_section(e->data, e->size, ".modinfo", &len);
	if (!info ||
	    !modinfo_get(info, len, "name", ko_index[nr_index].name, sizeof(ko_index[0].name))) {
		pr_warn("module: %s has no module information; ignored", e->name);
		return 0;
	}
	if (!modinfo_get(info, len, "devices", ko_index[nr_index].devices,
			 sizeof(ko_index[0].devices)))
		ko_index[nr_index].devices[0] = '\0';
	nr_index++;
	return 0;
}

const char *ko_claiming(const char *types)
{
	for (u32 i = 0; i < nr_index; i++)
		if (strlist_intersects(types, ko_index[i].devices, ';'))
			return ko_index[i].name;
	return NULL;
}

/* The dependencies modpost recorded for name, as "a b c", or "". */
static void deps_of(const char *name, char *buf, size_t size)
{
	const char *dep;
	u64 len, nl = strlen(name);

	buf[0] = '\0';
	if (initrd_find("kernel/modules/modules.dep", (const void **)&dep, &len))
		return;
	for (u64 off = 0; off < len;) {
		const char *line = dep + off, *end = line;

		while (end < dep + len && *end != '\n')
			end++;
		if ((u64)(end - line) > nl && line[nl] == ':' && !strncmp(line, name, nl)) {
			u64 vl = MIN((u64)(end - line) - nl - 1, size - 1);

			memcpy(buf, line + nl + 1, vl);
			buf[vl] = '\0';
			return;
		}
		off = (u64)(end - dep) + 1;
	}
}

/* --- load ------------------------------------------------------------------ */
static struct module *new_module(void)
{
	for (u32 i = 0; i < MAX_MODULES; i++) {
		if (!pool[i].info && !pool[i].name[0]) {
			memset(&pool[i], 0, sizeof(pool[i]));
			return &pool[i];
		}
	}
	return NULL;
}

static int refuse(const char *name, int err, const char *why)
{
	pr_err("module: %s: refused: %s", name, why);
	return err;
}

static int load(const char *name, int depth);

static int load_deps(const char *name, int depth)
{
	char deps[256], one[32];

	deps_of(name, deps, sizeof(deps));
	for (char *p = deps; *p;) {
		size_t n;

		while (*p == ' ')
			p++;
		n = 0;
		while (p[n] && p[n] != ' ')
			n++;
		if (!n)
			break;
		strlcpy(one, p, MIN(n + 1, sizeof(one)));
		if (load(one, depth + 1)) {
			char why[80];

			snprintf(why, sizeof(why), "needs %s, which did not load", one);
			return refuse(name, -ENOENT, why);
		}
		p += n;
	}
	return 0;
}

int module_load_image(const char *name, const void *image, u64 size, int depth)
{
	char buf[160], mname[32];
	const char *info, *bid;
	struct module *m;
	u64 len, blen;
	int err;

	u64 t0 = clock_ns();

	if (module_find(name))
		return 0;
	if (depth > 8)
		return refuse(name, -ELOOP, "dependency chain deeper than 8 (a cycle?)");
	bid = modelf_section(image, size, ".loom_buildid", &blen);
	if (!bid)
		return refuse(name, -ENOEXEC, "no build identity (not a Loom module, or damaged)");
	if (blen != strlen(loom_build_id) + 1 || memcmp(bid, loom_build_id, blen)) {
		snprintf(buf, sizeof(buf),
			 "built for another kernel (build %.12s, this kernel %.12s)", bid,
			 loom_build_id);
		return refuse(name, -ENOEXEC, buf);
	}
	info = modelf_section(image, size, ".modinfo", &len);
	if (!info || !modinfo_get(info, len, "name", mname, sizeof(mname)))
		return refuse(name, -ENOEXEC, "no module information (.modinfo)");
	if (strcmp(mname, name))
		return refuse(name, -ENOEXEC, "its module information names another module");
	err = load_deps(name, depth);
	if (err)
		return err;
	m = new_module();
	if (!m)
		return refuse(name, -ENOMEM, "too many modules loaded");
	strlcpy(m->name, name, sizeof(m->name));
	err = modelf_load(image, size, &elf_ops, m, &m->elf, buf, sizeof(buf));
	if (err)
		goto fail;
	/* Final permissions: text RX, rodata R, data RW; nothing W+X. */
	if ((m->elf.text &&
	     protect_range(kernel_pml4, (u64)(uintptr_t)m->elf.text, m->elf.text_size, 0)) ||
	    (m->elf.rodata && protect_range(kernel_pml4, (u64)(uintptr_t)m->elf.rodata,
					    m->elf.rodata_size, PTE_NX))) {
		strlcpy(buf, "could not set page permissions", sizeof(buf));
		err = -EINVAL;
		goto fail;
	}
	m->info = (const void *)(uintptr_t)modelf_symbol(&m->elf, "__module_info");
	if (!m->info || !m->info->name || strcmp(m->info->name, name)) {
		strlcpy(buf, "no MODULE_INFO for this name", sizeof(buf));
		err = -ENOEXEC;
		goto fail;
	}
	strlcpy(m->version, m->info->version ? m->info->version : "?", sizeof(m->version));
	m->next = module_list;
	module_list = m;
	for (u32 i = 0; i < m->nr_deps; i++)
		m->deps[i]->users++;
	err = module_event(m, MODULE_EVENT_LOAD, NULL);
	if (err) {
		module_list = m->next;
		for (u32 i = 0; i < m->nr_deps; i++)
			m->deps[i]->users--;
		if (err == -ENODEV) {
			/* Nothing to drive: not an error (core.c said so). */
			free_memory(&m->elf);
			memset(m, 0, sizeof(*m));
			return err;
		}
		snprintf(buf, sizeof(buf), "its load event failed (%s)", errno_name(-err));
		goto fail;
	}
	pr_info("module: loaded %s %s (%llu us)", m->name, m->version, (clock_ns() - t0) / 1000);
	module_attach_devices(m);
	return 0;
fail:
	free_memory(&m->elf);
	memset(m, 0, sizeof(*m));
	return refuse(name, err, buf);
}

static int load(const char *name, int depth)
{
	char path[64];
	const void *image;
	u64 size;

	if (module_find(name))
		return 0;
	snprintf(path, sizeof(path), "kernel/modules/%s.ko", name);
	if (initrd_find(path, &image, &size))
		return refuse(name, -ENOENT, "not in the ramdisk (kernel/modules/)");
	return module_load_image(name, image, size, depth);
}

int module_load(const char *name)
{
	return load(name, 0);
}
EXPORT_SYMBOL(module_load);

int module_unload(const char *name)
{
	struct module *m = module_find(name);

	if (!IS_ENABLED(CONFIG_MODULE_UNLOAD)) {
		pr_warn("module: %s: unload refused: unloading is not configured", name);
		return -ENOSYS;
	}
	if (!m) {
		pr_warn("module: %s: unload refused: not loaded", name);
		return -ENOENT;
	}
	if (m->builtin) {
		pr_warn("module: %s: unload refused: built in", name);
		return -EPERM;
	}
	if (m->users) {
		for (struct module *o = module_list; o; o = o->next)
			for (u32 i = 0; i < o->nr_deps; i++)
				if (o->deps[i] == m)
					pr_warn("module: %s: unload refused: in use by %s", name,
						o->name);
		return -EBUSY;
	}
	module_detach_devices(m);
	module_event(m, MODULE_EVENT_UNLOAD, NULL);
	for (struct module **pp = &module_list; *pp; pp = &(*pp)->next) {
		if (*pp == m) {
			*pp = m->next;
			break;
		}
	}
	for (u32 i = 0; i < m->nr_deps; i++)
		m->deps[i]->users--;
	pr_info("module: unloaded %s", m->name);
	free_memory(&m->elf);
	memset(m, 0, sizeof(*m));
	return 0;
}
EXPORT_SYMBOL(module_unload);

void modules_autoload(void)
{
	char avail[256] = "";
	size_t used = 0;

	nr_index = 0;
	if (initrd_for_each(index_one, NULL) < 0 && !nr_index)
		return;
	for (u32 i = 0; i < nr_index; i++)
		if (devices_claim(ko_index[i].devices, "BOOT_ALWAYS"))
			module_load(ko_index[i].name);
	for (u32 i = 0; i < nr_index; i++) {
		if (module_find(ko_index[i].name))
			continue;
		used += (size_t)snprintf(avail + used,
					 used < sizeof(avail) ? sizeof(avail) - used : 0, " %s",
					 ko_index[i].name);
	}
	pr_info("module: %u in the ramdisk; available, not loaded:%s", nr_index,
		used ? avail : " none");
}

const char *module_symbolize(u64 addr, u64 *offset, u64 *size, const char **modname)
{
	for (struct module *m = module_list; m; m = m->next) {
		const char *s;

		if (m->builtin)
			continue;
		s = modelf_symbolize(&m->elf, addr, offset, size);
		if (s) {
			*modname = m->name;
			return s;
		}
	}
	return NULL;
}

/* Address of an exported symbol, from the kernel or a loaded module (0 if none). */
u64 module_export_lookup(const char *name)
{
	struct module tmp = { 0 };
	u64 addr;

	return resolve(&tmp, name, &addr) ? 0 : addr;
}

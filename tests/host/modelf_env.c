/*
 * Test environment for the module loader core: see modelf_env.h. One low
 * mapping (MAP_32BIT) holds trampolines to host functions (page 0), kernel
 * data (page 1) and the arena the module allocations come from.
 */
#include "test.h"
#include <stdlib.h>
#include <sys/mman.h>
#include <sanitizer/asan_interface.h>
#include <uapi/loom/errno.h>
#include "modelf_env.h"

#define PAGE	   4096UL
#define ARENA_SIZE (8UL << 20)

u8 *env_low;
int ubsan_calls;
static u8 *arena;
static size_t arena_used;

static int host_add(int a, int b)
{
	return a + b;
}

/* Writes into the module's (uninstrumented) stack frame. */
__attribute__((no_sanitize_address)) static void host_fill(char *buf, int n)
{
	for (int i = 0; i < n; i++)
		buf[i] = (char)(i + 1);
}

static void host_ssp_fail(void)
{
	fprintf(stderr, "module stack protector fired\n");
	abort();
}

static void host_ubsan(void)
{
	ubsan_calls++;
}

static void *const tramp_to[] = { host_add, host_fill, host_ssp_fail, host_ubsan };

static u64 tramp(int i)
{
	return (u64)(uintptr_t)env_low + 16 * i;
}

static void setup(void)
{
	env_low = mmap(NULL, 2 * PAGE + ARENA_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (env_low == MAP_FAILED) /* no MAP_32BIT: ask for 1 GiB */
		env_low = mmap((void *)0x40000000UL, 2 * PAGE + ARENA_SIZE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (env_low == MAP_FAILED || (uintptr_t)env_low + 2 * PAGE + ARENA_SIZE > 0x80000000UL) {
		perror("modelf_env: low mmap");
		abort();
	}
	for (size_t i = 0; i < ARRAY_SIZE(tramp_to); i++) {
		u8 *p = env_low + 16 * i;
		u64 to = (u64)(uintptr_t)tramp_to[i];

		p[0] = 0x49; /* movabs $to, %r11; jmp *%r11 */
		p[1] = 0xbb;
		memcpy(p + 2, &to, 8);
		p[10] = 0x41;
		p[11] = 0xff;
		p[12] = 0xe3;
	}
	mprotect(env_low, PAGE, PROT_READ | PROT_EXEC);
	arena = env_low + 2 * PAGE;
	ASAN_POISON_MEMORY_REGION(arena, ARENA_SIZE);
}

void env_init(struct env *e)
{
	if (!env_low)
		setup();
	if (arena_used) {
		mprotect(arena, arena_used, PROT_READ | PROT_WRITE);
		ASAN_POISON_MEMORY_REGION(arena, arena_used);
	}
	arena_used = 0;
	ubsan_calls = 0;
	memset(e, 0, sizeof(*e));
	e->fail_kind = -1;
}

static void *env_alloc(void *ctx, int kind, u64 size, u64 align)
{
	struct env *e = ctx;
	u8 *p = arena + arena_used;

	e->allocs[kind]++;
	if (kind == e->fail_kind || !size || align > PAGE || size > ARENA_SIZE - arena_used)
		return NULL;
	arena_used += ALIGN_UP(size, PAGE);
	ASAN_UNPOISON_MEMORY_REGION(p, size);
	memset(p, 0xaa, size); /* the loader must zero what it does not fill */
	return p;
}

static int env_resolve(void *ctx, const char *name, u64 *addr)
{
	const struct env *e = ctx;
	const struct {
		const char *name;
		u64 addr;
	} syms[] = {
		{ "kern_add", tramp(0) },
		{ "kern_fill", tramp(1) },
		{ "__stack_chk_fail", tramp(2) },
		{ "kern_value", (u64)(uintptr_t)KERN_VALUE },
		{ "__stack_chk_guard", (u64)(uintptr_t)(env_low + PAGE + 64) },
		{ "kern_high", KERN_HIGH },
		{ "kern_abs32", KERN_ABS32 },
	};

	if (e->hide && !strcmp(name, e->hide))
		return -ENOENT;
	if (e->over && !strcmp(name, e->over)) {
		*addr = e->over_addr;
		return e->over_err;
	}
	for (size_t i = 0; i < ARRAY_SIZE(syms); i++) {
		if (!strcmp(name, syms[i].name)) {
			*addr = syms[i].addr;
			return 0;
		}
	}
	if (!strncmp(name, "__ubsan_handle_", 15)) {
		*addr = tramp(3);
		return 0;
	}
	return -ENOENT;
}

const struct modelf_ops env_ops = {
	.alloc = env_alloc,
	.resolve = env_resolve,
};

int env_load(struct env *e, const void *img, size_t len, struct modelf *m, char *err)
{
	u8 *copy = malloc(len ? len : 1);
	int ret;

	memcpy(copy, img, len);
	ret = modelf_load(copy, len, &env_ops, e, m, err, ENV_ERRLEN);
	free(copy);
	return ret;
}

void env_protect(const struct modelf *m)
{
	if (m->text)
		mprotect(m->text, ALIGN_UP(m->text_size, PAGE), PROT_READ | PROT_EXEC);
	if (m->rodata)
		mprotect(m->rodata, ALIGN_UP(m->rodata_size, PAGE), PROT_READ);
}

bool in_alloc(const struct modelf *m, int kind, u64 addr)
{
	void *const base[3] = {
		[MODELF_DATA] = m->data, [MODELF_RODATA] = m->rodata, [MODELF_TEXT] = m->text
	};
	const u64 size[3] = { [MODELF_DATA] = m->data_size,
			      [MODELF_RODATA] = m->rodata_size,
			      [MODELF_TEXT] = m->text_size };
	u64 b = (u64)(uintptr_t)base[kind];

	return base[kind] && addr >= b && addr - b < size[kind];
}

void *env_fn(const struct modelf *m, const char *name, int *failed)
{
	u64 addr = modelf_symbol(m, name);

	if (!addr) {
		printf("    # module symbol %s not found\n", name);
		*failed = 1;
	}
	return (void *)(uintptr_t)addr;
}

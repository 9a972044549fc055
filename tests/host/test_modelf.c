/*
 * The module loader core (kernel/module/elf.c): real .ko fixtures
 * (tests/host/fixtures/, embedded by fixtures.mk) are loaded into low memory
 * and called; malformed ones, truncated or corrupted ones must be refused
 * with a message, never read out of bounds (ASan) or crash.
 */
#include "test.h"
#include <limits.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>
#include "modelf_env.h"

TEST(modelf_runs_basic_module)
{
	static const int switch_want[] = { 11, 23, 37, 41, 59, 61, 73, 89, -1 };
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];
	int ret;

	env_init(&e);
	*KERN_VALUE = 77;
	ret = env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err);
	EXPECT_EQ(ret, 0);
	EXPECT_STREQ(err, "");
	if (ret)
		return;
	EXPECT_EQ(e.allocs[MODELF_TEXT] + e.allocs[MODELF_RODATA] + e.allocs[MODELF_DATA], 3);
	EXPECT_EQ(m.nr_got, 0);
	env_protect(&m);

	int (*get_data)(void) = FN(&m, "mod_get_data");
	int (*bump)(void) = FN(&m, "mod_bump");
	const char *(*hello)(void) = FN(&m, "mod_hello");
	const char *(*literal)(void) = FN(&m, "mod_literal");
	int (*call_kern)(int, int) = FN(&m, "mod_call_kern");
	int (*read_kern)(void) = FN(&m, "mod_read_kern");
	int (*call_ops)(int, int) = FN(&m, "mod_call_ops");
	int (*cross)(int) = FN(&m, "mod_cross");
	int (*weak)(void) = FN(&m, "mod_weak");
	long *(*big)(void) = FN(&m, "mod_big_addr");
	int (*sw)(int) = FN(&m, "mod_switch");
	int (*ssp)(int) = FN(&m, "mod_ssp");
	int (*add)(int, int) = FN(&m, "mod_ubsan_add");
	if (*failed)
		return;

	EXPECT_EQ(get_data(), 42);
	EXPECT_EQ(bump(), 1);
	EXPECT_EQ(bump(), 2);
	EXPECT_STREQ(hello(), "hello from a module");
	EXPECT_TRUE(in_alloc(&m, MODELF_RODATA, (u64)(uintptr_t)hello()));
	EXPECT_STREQ(literal(), "a literal");
	EXPECT_EQ(call_kern(2, 3), 50);
	EXPECT_EQ(read_kern(), 77);
	*KERN_VALUE = -5;
	EXPECT_EQ(read_kern(), -5);
	EXPECT_EQ(call_ops(0, 5), 10 + 6 * 100);
	EXPECT_EQ(call_ops(1, 5), 6 + 10 * 100);
	EXPECT_EQ(cross(4), 9);
	EXPECT_EQ(weak(), -1);
	EXPECT_EQ((uintptr_t)big() % 64, 0);
	EXPECT_TRUE(in_alloc(&m, MODELF_DATA, (u64)(uintptr_t)big()));
	for (int i = 0; i < 64; i++)
		EXPECT_EQ(big()[i], 0);
	for (int i = 0; i < 9; i++)
		EXPECT_EQ(sw(i), switch_want[i]);
	EXPECT_EQ(ssp(10), 1 + 10);
	EXPECT_EQ(ubsan_calls, 0);
	EXPECT_EQ(add(20, 22), 42);
	EXPECT_EQ(ubsan_calls, 0);
	add(INT_MAX, 1);
	EXPECT_EQ(ubsan_calls, 1);
	EXPECT_EQ(*(int *)(uintptr_t)modelf_symbol(&m, "mod_data"), 42);
	EXPECT_TRUE(modelf_symbol(&m, "inc") != 0); /* a local */
	EXPECT_EQ(modelf_symbol(&m, "kern_add"), 0);
	EXPECT_EQ(modelf_symbol(&m, "no_such_symbol"), 0);
}

TEST(modelf_symbolizes_addresses)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];
	u64 off = 99, size = 0, fn;

	env_init(&e);
	EXPECT_EQ(env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err), 0);
	fn = modelf_symbol(&m, "mod_cross");
	EXPECT_TRUE(fn != 0);
	EXPECT_STREQ(modelf_symbolize(&m, fn + 3, &off, &size), "mod_cross");
	EXPECT_EQ(off, 3);
	EXPECT_TRUE(size > 3 && size < 64);
	EXPECT_STREQ(modelf_symbolize(&m, fn, NULL, NULL), "mod_cross");
	EXPECT_STREQ(modelf_symbolize(&m, modelf_symbol(&m, "inc"), &off, NULL), "inc");
	EXPECT_EQ(off, 0);
	EXPECT_TRUE(modelf_symbolize(&m, (u64)(uintptr_t)m.text - 1, NULL, NULL) == NULL);
	EXPECT_TRUE(modelf_symbolize(&m, (u64)(uintptr_t)m.text + m.text_size, NULL, NULL) == NULL);
	EXPECT_TRUE(modelf_symbolize(&m, modelf_symbol(&m, "mod_data"), NULL, NULL) == NULL);
}

/* got.S reads kern_value through the GOT from two functions: same slot. */
static u64 got_slot(u64 fn)
{
	s32 disp;

	memcpy(&disp, (void *)(uintptr_t)(fn + 3), 4);
	return fn + 7 + disp;
}

TEST(modelf_runs_got_module)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];
	int ret;

	env_init(&e);
	*KERN_VALUE = 31;
	ret = env_load(&e, modelf_fix_got, modelf_fix_got_len, &m, err);
	EXPECT_EQ(ret, 0);
	EXPECT_STREQ(err, "");
	if (ret)
		return;
	/* kern_value, kern_add, got_data, pic_counter */
	EXPECT_EQ(m.nr_got, 4);
	env_protect(&m);

	u64 r1 = modelf_symbol(&m, "got_read_value"), r2 = modelf_symbol(&m, "got_read_value2");
	u64 local = modelf_symbol(&m, "got_local_addr"), data = modelf_symbol(&m, "got_data");
	u64 pc64 = modelf_symbol(&m, "got_pc64"), abs64 = modelf_symbol(&m, "got_abs64");
	u64 abs32 = modelf_symbol(&m, "got_abs32");
	int (*call_add)(void) = FN(&m, "got_call_add");
	int (*plain)(void) = FN(&m, "got_plain");
	u64 (*abs32s)(void) = FN(&m, "got_abs32s");
	int (*pic_read)(void) = FN(&m, "pic_read");
	int (*pic_call)(int) = FN(&m, "pic_call");
	EXPECT_TRUE(r1 && r2 && local && data && pc64 && abs64 && abs32);
	if (*failed)
		return;

	EXPECT_EQ(((int (*)(void))(uintptr_t)r1)(), 31);
	EXPECT_EQ(((int (*)(void))(uintptr_t)r2)(), 31);
	EXPECT_EQ(got_slot(r1), got_slot(r2));
	EXPECT_TRUE(got_slot(r1) != got_slot(local));
	EXPECT_TRUE(in_alloc(&m, MODELF_RODATA, got_slot(r1)));
	EXPECT_EQ(*(u64 *)(uintptr_t)got_slot(r1), (uintptr_t)KERN_VALUE);
	EXPECT_EQ(((u64(*)(void))(uintptr_t)local)(), data);
	EXPECT_EQ(*(int *)(uintptr_t)data, 1234);
	EXPECT_EQ(call_add(), 12);
	EXPECT_EQ(plain(), 31);
	EXPECT_EQ(abs32s(), KERN_HIGH);
	EXPECT_EQ(pc64 + *(u64 *)(uintptr_t)pc64, (uintptr_t)KERN_VALUE);
	EXPECT_EQ(*(u64 *)(uintptr_t)abs64, (uintptr_t)KERN_VALUE + 16);
	EXPECT_EQ(*(u32 *)(uintptr_t)abs32, KERN_ABS32);
	EXPECT_EQ(pic_read(), 31 + 3);
	EXPECT_EQ(pic_call(4), 7);
}

TEST(modelf_reads_raw_sections)
{
	const u8 *img = modelf_fix_basic;
	u64 len = 0;
	const char *p = modelf_section(img, modelf_fix_basic_len, ".modinfo", &len);

	EXPECT_TRUE(p != NULL);
	EXPECT_EQ(len, sizeof("license=GPL\0name=fixture"));
	if (p)
		EXPECT_EQ(memcmp(p, "license=GPL\0name=fixture", len), 0);
	p = modelf_section(img, modelf_fix_basic_len, ".loom_buildid", &len);
	EXPECT_TRUE(p && len == 17 && !strcmp(p, "0123456789abcdef"));
	EXPECT_TRUE(modelf_section(img, modelf_fix_basic_len, ".bss", &len) == NULL);
	EXPECT_TRUE(modelf_section(img, modelf_fix_basic_len, ".nothere", &len) == NULL);
	for (size_t cut = 0; cut < modelf_fix_basic_len; cut++) {
		u8 *copy = malloc(cut + 1);

		memcpy(copy, img, cut);
		p = modelf_section(copy, cut, ".modinfo", &len);
		EXPECT_TRUE(!p || ((const u8 *)p >= copy && (const u8 *)p + len <= copy + cut));
		free(copy);
	}
}

TEST(modelf_refuses_undefined_symbol)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];

	env_init(&e);
	e.hide = "kern_add";
	EXPECT_EQ(env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err), -ENOENT);
	EXPECT_STREQ(err, "undefined symbol 'kern_add'");
	env_init(&e);
	e.over = "kern_fill";
	e.over_err = -EPERM;
	EXPECT_EQ(env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err), -EPERM);
	EXPECT_STREQ(err, "symbol 'kern_fill' refused (error -1)");
}

TEST(modelf_refuses_relocation_overflow)
{
	static const struct {
		const char *sym;
		u64 addr;
		int ret;
		const char *msg;
	} cases[] = {
		{ "kern_high", 0x80000000ULL, -ERANGE,
		  "relocation 5 in .rela.text: R_X86_64_32S overflow for 'kern_high' "
		  "(0x80000000)" },
		{ "kern_high", 0xffffffff7fffffffULL, -ERANGE, NULL },
		{ "kern_high", 0xffffffff80000000ULL, 0, NULL },
		{ "kern_abs32", 0x100000000ULL, -ERANGE,
		  "relocation 2 in .rela.data: R_X86_64_32 overflow for 'kern_abs32' "
		  "(0x100000000)" },
		{ "kern_abs32", 0xffffffff80001000ULL, -ERANGE, NULL },
		{ "kern_abs32", 0xffffffffULL, 0, NULL },
		{ "kern_value", 0x500000000000ULL, 0, NULL }, /* only via GOT, 64, PC64 */
	};
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		env_init(&e);
		e.over = cases[i].sym;
		e.over_addr = cases[i].addr;
		EXPECT_EQ(env_load(&e, modelf_fix_got, modelf_fix_got_len, &m, err), cases[i].ret);
		if (cases[i].msg)
			EXPECT_STREQ(err, cases[i].msg);
		else if (cases[i].ret)
			EXPECT_TRUE(strstr(err, "overflow") && strstr(err, cases[i].sym));
	}
	env_init(&e);
	e.over = "kern_add";
	e.over_addr = 0x500000000000ULL;
	EXPECT_EQ(env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err), -ERANGE);
	EXPECT_TRUE(strstr(err, "R_X86_64_PLT32 overflow for 'kern_add'") != NULL);
}

TEST(modelf_refuses_common_symbols)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];

	env_init(&e);
	EXPECT_EQ(env_load(&e, modelf_fix_common, modelf_fix_common_len, &m, err), -ENOEXEC);
	EXPECT_STREQ(err, "'common_var': common symbol (build with -fno-common)");
	EXPECT_TRUE(m.text == NULL && m.data == NULL);
}

TEST(modelf_reports_allocation_failure)
{
	struct env e;
	struct modelf m;
	char err[ENV_ERRLEN];

	env_init(&e);
	e.fail_kind = MODELF_RODATA;
	EXPECT_EQ(env_load(&e, modelf_fix_basic, modelf_fix_basic_len, &m, err), -ENOMEM);
	EXPECT_TRUE(!strncmp(err, "no memory for rodata", 20));
	EXPECT_TRUE(m.data != NULL && m.rodata == NULL && m.text == NULL);
}

TEST(modelf_accepts_unaligned_image)
{
	struct env e;
	struct modelf m;
	u8 *buf = malloc(modelf_fix_got_len + 3);

	env_init(&e);
	memcpy(buf + 3, modelf_fix_got, modelf_fix_got_len);
	EXPECT_EQ(modelf_load(buf + 3, modelf_fix_got_len, &env_ops, &e, &m, NULL, 0), 0);
	free(buf);
	env_protect(&m);
	EXPECT_EQ(((int (*)(void))(uintptr_t)modelf_symbol(&m, "got_call_add"))(), 12);
}

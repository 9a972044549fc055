/* In-kernel tests of the kernel library: formatting, strings, parsers. */
#include <loom/cmdline.h>
#include <loom/cpio.h>
#include <loom/ktest.h>
#include <loom/memregion.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

static void vsnprintf_formats(struct ktest *t)
{
	char b[64];

	snprintf(b, sizeof(b), "%d|%5d|%-5d|%05d|%+d", -42, 42, 42, 42, 7);
	KEXPECT_STREQ(t, b, "-42|   42|42   |00042|+7");
	snprintf(b, sizeof(b), "%x|%#x|%X|%llx|%o", 255, 255, 255, 0x123456789abcULL, 8);
	KEXPECT_STREQ(t, b, "ff|0xff|FF|123456789abc|10");
	snprintf(b, sizeof(b), "%s|%.2s|%5s|%-3s|%c", "abc", "abc", "ab", "a", 'z');
	KEXPECT_STREQ(t, b, "abc|ab|   ab|a  |z");
	snprintf(b, sizeof(b), "%zu %lld %hhu", (size_t)7, -9000000000LL, 300);
	KEXPECT_STREQ(t, b, "7 -9000000000 44");
}

static void vsnprintf_truncates(struct ktest *t)
{
	char b[8];
	int n = snprintf(b, sizeof(b), "%s", "0123456789");

	KEXPECT_EQ(t, n, 10);
	KEXPECT_STREQ(t, b, "0123456");
	KEXPECT_EQ(t, snprintf(NULL, 0, "%d", 12345), 5);
}

static void string_functions(struct ktest *t)
{
	char buf[32];

	memset(buf, 'x', sizeof(buf));
	KEXPECT_EQ(t, buf[31], 'x');
	KEXPECT_EQ(t, strlcpy(buf, "hello", 4), 5);
	KEXPECT_STREQ(t, buf, "hel");
	memcpy(buf, "abcdefgh", 9);
	memmove(buf + 2, buf, 6);
	KEXPECT_STREQ(t, buf, "ababcdef");
	KEXPECT_TRUE(t, strcmp("a", "b") < 0);
	KEXPECT_EQ(t, strncmp("abcx", "abcy", 3), 0);
	KEXPECT_TRUE(t, strchr("loom", 'm') != NULL);
}

static void cmdline_parsing(struct ktest *t)
{
	char v[32];

	KEXPECT_EQ(t, cmdline_find("a=1 loglevel=7 b", "loglevel", v, sizeof(v)), 1);
	KEXPECT_STREQ(t, v, "7");
	KEXPECT_EQ(t, cmdline_find("x=\"two words\" y", "x", v, sizeof(v)), 9);
	KEXPECT_STREQ(t, v, "two words");
	KEXPECT_EQ(t, cmdline_find("ktest", "ktest", v, sizeof(v)), 0);
	KEXPECT_EQ(t, cmdline_find("ktestx=1", "ktest", v, sizeof(v)), -ENOENT);
	KEXPECT_EQ(t, cmdline_find("k=1 k=2", "k", v, sizeof(v)), 1);
	KEXPECT_STREQ(t, v, "2");
}

static void cpio_rejects_garbage(struct ktest *t)
{
	static const char junk[] = "070701zzzzzzzz";
	struct cpio_iter it;
	struct cpio_entry e;
	const char *why = NULL;

	cpio_iter_init(&it, junk, sizeof(junk));
	KEXPECT_EQ(t, cpio_next(&it, &e, &why), -EINVAL);
	KEXPECT_TRUE(t, why != NULL);
}

static void memregion_marks(struct ktest *t)
{
	struct boot_mem_region r[8] = { { 0x100000, 0x700000, BOOT_MEM_USABLE, 0 } };
	u32 n = 1;

	KASSERT_EQ(t, memregion_mark(r, &n, 8, 0x200000, 0x100000, BOOT_MEM_KERNEL), 0);
	KASSERT_EQ(t, n, 3);
	KEXPECT_EQ(t, r[1].base, 0x200000);
	KEXPECT_EQ(t, r[1].type, BOOT_MEM_KERNEL);
	KEXPECT_EQ(t, r[2].base + r[2].length, 0x800000);
}

KTEST_SUITE(lib, KTEST_CASE(vsnprintf_formats), KTEST_CASE(vsnprintf_truncates),
	    KTEST_CASE(string_functions), KTEST_CASE(cmdline_parsing),
	    KTEST_CASE(cpio_rejects_garbage), KTEST_CASE(memregion_marks));

/* The kernel's memory and string functions against a byte-by-byte model. */
#include "test.h"
#include <loom/string.h>
#include <stdlib.h>

TEST(string_memset_memcpy_memmove_all_offsets)
{
	unsigned char a[256], b[256], model[256];

	srand(2);
	for (int iter = 0; iter < 3000; iter++) {
		size_t off = rand() % 40, off2 = rand() % 40, n = rand() % 100;
		int c = rand() & 0xff;

		for (size_t i = 0; i < sizeof(a); i++)
			a[i] = b[i] = model[i] = (unsigned char)rand();
		switch (iter % 3) {
		case 0:
			k_memset(a + off, c, n);
			for (size_t i = 0; i < n; i++)
				model[off + i] = (unsigned char)c;
			break;
		case 1:
			k_memcpy(a + off, b + 60 + off2, n);
			for (size_t i = 0; i < n; i++)
				model[off + i] = b[60 + off2 + i];
			break;
		case 2: { /* overlapping both ways */
			unsigned char tmp[256];

			for (size_t i = 0; i < n; i++)
				tmp[i] = model[off2 + i];
			k_memmove(a + off, a + off2, n);
			for (size_t i = 0; i < n; i++)
				model[off + i] = tmp[i];
			break;
		}
		}
		for (size_t i = 0; i < sizeof(a); i++) {
			if (a[i] != model[i]) {
				printf("    # iter %d op %d off %zu off2 %zu n %zu: byte %zu "
				       "differs\n",
				       iter, iter % 3, off, off2, n, i);
				*failed = 1;
				return;
			}
		}
	}
}

TEST(string_compare_and_copy)
{
	char buf[8];

	EXPECT_TRUE(k_memcmp("abc", "abd", 3) < 0);
	EXPECT_EQ(k_memcmp("abc", "abc", 3), 0);
	EXPECT_TRUE(k_strcmp("b", "a") > 0);
	EXPECT_EQ(k_strncmp("hello", "help", 3), 0);
	EXPECT_TRUE(k_strncmp("hello", "help", 4) < 0);
	EXPECT_EQ(k_strlen(""), 0);
	EXPECT_EQ(k_strnlen("abcdef", 3), 3);
	EXPECT_EQ(k_strlcpy(buf, "truncated!", sizeof(buf)), 10);
	EXPECT_STREQ(buf, "truncat");
	EXPECT_TRUE(k_strchr("abc", 'c') != NULL);
	EXPECT_TRUE(k_strchr("abc", 'z') == NULL);
	EXPECT_TRUE(k_strchr("abc", '\0') != NULL);
	EXPECT_STREQ(k_strstr("a needle in a haystack", "ne"), "needle in a haystack");
	EXPECT_STREQ(k_strstr("aab", "ab"), "ab");
	EXPECT_STREQ(k_strstr("abc", ""), "abc");
	EXPECT_STREQ(k_strstr("abc", "c"), "c");
	EXPECT_TRUE(k_strstr("abc", "abcd") == NULL);
	EXPECT_TRUE(k_strstr("", "a") == NULL);
	EXPECT_STREQ(k_strstr("", ""), "");
}

TEST(string_lists)
{
	EXPECT_TRUE(k_strlist_has("a,bb,c", ',', "bb"));
	EXPECT_TRUE(!k_strlist_has("a,bb,c", ',', "b"));
	EXPECT_TRUE(!k_strlist_has("", ',', "a"));
	EXPECT_TRUE(k_strlist_has("BOOT_ALWAYS;pci-class:0600", ';', "pci-class:0600"));
	EXPECT_TRUE(k_strlist_intersects("pci:8086:29c0;pci-class:0600",
					 "BOOT_ALWAYS;pci-class:0600", ';'));
	EXPECT_TRUE(!k_strlist_intersects("pci:8086:29c0;pci-class:0601",
					  "BOOT_ALWAYS;pci-class:0600", ';'));
	EXPECT_TRUE(!k_strlist_intersects("", "a", ';'));
}

/* The allocator in user mode over the kernel's mmap: many sizes, content
 * kept, big blocks, realloc growth. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "utest.h"

UT_CASE(many_sizes)
{
	static unsigned char *p[500];
	int bad = 0;

	for (int i = 0; i < 500; i++) {
		p[i] = malloc(i * 37 % 5000 + 1);
		if (!p[i] || ((uintptr_t)p[i] & 15))
			bad++;
		else
			memset(p[i], i & 0xff, i * 37 % 5000 + 1);
	}
	for (int i = 0; i < 500; i += 2) {
		free(p[i]);
		p[i] = NULL;
	}
	for (int i = 1; i < 500; i += 2)
		for (int j = 0; j < i * 37 % 5000 + 1; j++)
			if (p[i][j] != (i & 0xff)) {
				bad++;
				break;
			}
	for (int i = 0; i < 500; i++)
		free(p[i]);
	UT_EXPECT_EQ(bad, 0);
}

UT_CASE(big_and_realloc)
{
	char *p = malloc(4 << 20), *q;

	UT_EXPECT(p != NULL);
	if (!p)
		return;
	p[0] = 'a';
	p[(4 << 20) - 1] = 'z';
	q = realloc(p, 8 << 20);
	UT_EXPECT(q != NULL);
	if (q) {
		UT_EXPECT_EQ(q[0], 'a');
		UT_EXPECT_EQ(q[(4 << 20) - 1], 'z');
		free(q);
	}
	p = calloc(1000, 8);
	UT_EXPECT(p != NULL);
	for (int i = 0; p && i < 8000; i++)
		if (p[i]) {
			UT_EXPECT_EQ(p[i], 0);
			break;
		}
	free(p);
}

UT_MAIN(libc_malloc, UT(many_sizes), UT(big_and_realloc))

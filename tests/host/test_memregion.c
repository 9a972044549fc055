/* Memory-map editing against a page-by-page model. */
#include "test.h"
#include <loom/memregion.h>
#include <stdlib.h>
#include <uapi/loom/errno.h>

#define PAGES 512
#define PG    4096ULL

static void to_model(const struct boot_mem_region *r, unsigned n, unsigned char *m)
{
	memset(m, 0, PAGES);
	for (unsigned i = 0; i < n; i++)
		for (unsigned long long p = r[i].base / PG; p < (r[i].base + r[i].length) / PG; p++)
			m[p] = (unsigned char)r[i].type;
}

TEST(memregion_mark_matches_model)
{
	srand(4);
	for (int iter = 0; iter < 2000; iter++) {
		struct boot_mem_region r[64];
		unsigned char model[PAGES], got[PAGES];
		unsigned n = 0;
		unsigned long long at = 0;

		while (n < 6 && at < PAGES - 8) {
			unsigned long long gap = rand() % 4, len = 1 + rand() % 60;

			at += gap;
			if (at + len > PAGES)
				break;
			r[n++] = (struct boot_mem_region){ at * PG, len * PG, 1 + rand() % 3, 0 };
			at += len;
		}
		to_model(r, n, model);
		for (int k = 0; k < 3; k++) {
			unsigned long long b = rand() % PAGES, l = 1 + rand() % 80;
			unsigned type = 7 + rand() % 2;

			if (b + l > PAGES)
				l = PAGES - b;
			if (memregion_mark(r, &n, 64, b * PG, l * PG, type) == 0)
				for (unsigned long long p = b; p < b + l; p++)
					if (model[p])
						model[p] = (unsigned char)type;
		}
		to_model(r, n, got);
		for (unsigned i = 1; i < n; i++) {
			EXPECT_TRUE(r[i - 1].base + r[i - 1].length <= r[i].base);
			EXPECT_TRUE(!(r[i - 1].type == r[i].type &&
				      r[i - 1].base + r[i - 1].length == r[i].base));
		}
		if (memcmp(model, got, PAGES)) {
			printf("    # iteration %d: map differs from the model\n", iter);
			*failed = 1;
			return;
		}
	}
}

TEST(memregion_no_space_leaves_map_unchanged)
{
	struct boot_mem_region r[2] = { { 0, 10 * PG, 1, 0 } };
	unsigned n = 1;

	EXPECT_EQ(memregion_mark(r, &n, 2, 2 * PG, PG, 7), -ENOSPC);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(r[0].length, 10 * PG);
	EXPECT_EQ(memregion_mark(r, &n, 2, 0, 2 * PG, 7), 0);
	EXPECT_EQ(n, 2);
}

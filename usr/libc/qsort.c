/* Sorting and binary search. qsort is a quicksort with
 * median-of-three pivots, insertion sort for short runs and recursion only
 * into the smaller half (stack depth O(log n)). Pure. */
#include <stdlib.h>

static void swap(char *a, char *b, size_t size)
{
	while (size--) {
		char t = *a;

		*a++ = *b;
		*b++ = t;
	}
}

static void insertion(char *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
			swap(base + (j - 1) * size, base + j * size, size);
}

void qsort(void *vbase, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	char *base = vbase;

	while (n > 12) {
		char *lo = base, *mid = base + (n / 2) * size, *hi = base + (n - 1) * size;
		size_t i, j;

		/* median of three into mid, then park the pivot at the end */
		if (cmp(lo, mid) > 0)
			swap(lo, mid, size);
		if (cmp(mid, hi) > 0)
			swap(mid, hi, size);
		if (cmp(lo, mid) > 0)
			swap(lo, mid, size);
		swap(mid, hi, size);
		/* Hoare-style partition of [0, n-1) around *hi */
		i = 0;
		j = n - 2;
		for (;;) {
			while (cmp(base + i * size, hi) < 0)
				i++;
			while (j > i && cmp(base + j * size, hi) > 0)
				j--;
			if (i >= j)
				break;
			swap(base + i * size, base + j * size, size);
			i++;
			j--;
		}
		swap(base + i * size, hi, size);
		/* [0, i) <= pivot, i is the pivot, (i, n) >= pivot */
		if (i < n - 1 - i) {
			qsort(base, i, size, cmp);
			base += (i + 1) * size;
			n -= i + 1;
		} else {
			qsort(base + (i + 1) * size, n - i - 1, size, cmp);
			n = i;
		}
	}
	insertion(base, n, size, cmp);
}

void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *b = base;

	while (n) {
		const char *mid = b + (n / 2) * size;
		int c = cmp(key, mid);

		if (!c)
			return (void *)mid;
		if (c > 0) {
			b = mid + size;
			n -= n / 2 + 1;
		} else {
			n /= 2;
		}
	}
	return NULL;
}

/* Strings from user memory, read a page at a time so that a string ending
 * just before an unmapped page is still read whole. */
#include <loom/errno.h>
#include <loom/mm.h>
#include <loom/slab.h>
#include <loom/string.h>
#include <loom/vm.h>
#include "internal.h"

int user_strdup(u64 uaddr, size_t max, char **out)
{
	char *buf = kmalloc(max);
	size_t len = 0;

	*out = NULL;
	if (!buf)
		return -ENOMEM;
	while (len < max) {
		u64 a = uaddr + len;
		size_t n = (size_t)MIN(max - len, PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		size_t z;

		if (a < uaddr || copy_from_user(buf + len, a, n)) {
			kfree(buf);
			return -EFAULT;
		}
		z = strnlen(buf + len, n);
		if (z < n) {
			*out = buf;
			return 0;
		}
		len += n;
	}
	kfree(buf);
	return -ENAMETOOLONG;
}

/* Command-line parsing: see include/loom/cmdline.h. Pure code. */
#include <loom/cmdline.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

int cmdline_find(const char *line, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	int found = -ENOENT;
	const char *p = line;

	if (!klen)
		return -ENOENT;
	while (p && *p) {
		const char *w, *v = NULL, *vend;
		bool quoted = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '=')
			p++;
		if (*p == '=') {
			p++;
			if (*p == '"') {
				quoted = true;
				v = ++p;
				while (*p && *p != '"')
					p++;
			} else {
				v = p;
				while (*p && *p != ' ' && *p != '\t' && *p != '\n')
					p++;
			}
		}
		vend = p;
		if (quoted && *p == '"')
			p++;
		if ((size_t)((v ? v - 1 - quoted : vend) - w) == klen && !strncmp(w, key, klen)) {
			size_t vlen = v ? (size_t)(vend - v) : 0;

			if (size) {
				size_t c = vlen < size - 1 ? vlen : size - 1;

				memcpy(buf, v ? v : "", c);
				buf[c] = '\0';
			}
			found = (int)vlen;
		}
	}
	return found;
}

int parse_u64(const char *s, u64 *out)
{
	u64 v = 0;
	int base = 10;

	if (!s || !*s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		if (!*s)
			return -EINVAL;
	}
	for (; *s; s++) {
		int d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return -EINVAL;
		if (v > (UINT64_MAX - (u64)d) / (u64)base)
			return -ERANGE;
		v = v * (u64)base + (u64)d;
	}
	*out = v;
	return 0;
}

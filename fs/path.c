/* Paths with flags and permissions: see include/loom/path.h. Pure code. */
#include <loom/path.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

static const struct {
	const char *name;
	char letter;
	u32 flag, perm;
} words[] = {
	{ "create", 'c', PATH_CREATE, 0 },	 { "exclusive", 'e', PATH_EXCLUSIVE, 0 },
	{ "truncate", 't', PATH_TRUNCATE, 0 },	 { "append", 'a', PATH_APPEND, 0 },
	{ "directory", 'd', PATH_DIRECTORY, 0 }, { "nonblock", 'n', PATH_NONBLOCK, 0 },
	{ "parents", 'p', PATH_PARENTS, 0 },	 { "recursive", 'R', PATH_RECURSIVE, 0 },
	{ "nofollow", 'l', PATH_NOFOLLOW, 0 },	 { "private", 'P', PATH_PRIVATE, 0 },
	{ "read", 'r', 0, PERM_READ },		 { "write", 'w', 0, PERM_WRITE },
	{ "execute", 'x', 0, PERM_EXEC },
};

#define NWORDS (sizeof(words) / sizeof(words[0]))

static int fail(const char **why, const char *msg, int err)
{
	if (why)
		*why = msg;
	return err;
}

/* One ':'-separated word [w, w+len): a long name or short letters. */
static int parse_word(const char *w, size_t len, struct path_spec *out, const char **why)
{
	for (size_t i = 0; i < NWORDS; i++) {
		if (strlen(words[i].name) == len && !strncmp(words[i].name, w, len)) {
			out->flags |= words[i].flag;
			out->perms |= words[i].perm;
			return 0;
		}
	}
	/* Longer words must be long names: "creat" is a typo, not c+r+e+a+t. */
	if (len > PATH_SHORT_MAX)
		return fail(why, "unknown flag", -EINVAL);
	for (size_t k = 0; k < len; k++) {
		size_t i;

		for (i = 0; i < NWORDS && words[i].letter != w[k]; i++)
			;
		if (i == NWORDS)
			return fail(why, "unknown flag", -EINVAL);
		out->flags |= words[i].flag;
		out->perms |= words[i].perm;
	}
	return 0;
}

int path_parse(const char *in, struct path_spec *out, const char **why)
{
	const char *colon = strchr(in, ':');
	size_t plen = colon ? (size_t)(colon - in) : strlen(in);
	size_t pos = 0;
	char name[NAME_MAX + 1];

	/* every field but the path buffer (4 KiB: clearing it costs more
	 * than the rest of a lookup) */
	out->path[0] = '\0';
	out->flags = 0;
	out->perms = 0;
	out->absolute = false;
	out->ncomponents = 0;
	out->bad[0] = '\0';
	if (!plen)
		return fail(why, "empty path", -EINVAL);
	if (plen >= PATH_MAX)
		return fail(why, "path too long", -ENAMETOOLONG);
	memcpy(out->path, in, plen);
	out->path[plen] = '\0';
	out->absolute = in[0] == '/';
	/* Component lengths. */
	for (size_t i = 0, start = 0; i <= plen; i++) {
		if (i == plen || in[i] == '/') {
			if (i - start > NAME_MAX)
				return fail(why, "name too long", -ENAMETOOLONG);
			start = i + 1;
		}
	}
	while (path_next(out->path, &pos, name))
		out->ncomponents++;
	if (!colon)
		return 0;
	for (const char *w = colon + 1;;) {
		const char *end = strchr(w, ':');
		size_t len = end ? (size_t)(end - w) : strlen(w);

		if (!len)
			return fail(why, "empty flag", -EINVAL);
		for (size_t k = 0; k < len; k++)
			if (w[k] == '/')
				return fail(why, "'/' after the flags", -EINVAL);
		if (parse_word(w, len, out, why)) {
			size_t n = len < sizeof(out->bad) - 1 ? len : sizeof(out->bad) - 1;

			memcpy(out->bad, w, n);
			out->bad[n] = '\0';
			return -EINVAL;
		}
		if (!end)
			break;
		w = end + 1;
	}
	return 0;
}

size_t path_next(const char *path, size_t *pos, char name[NAME_MAX + 1])
{
	for (;;) {
		size_t start, len;

		while (path[*pos] == '/')
			(*pos)++;
		if (!path[*pos])
			return 0;
		start = *pos;
		while (path[*pos] && path[*pos] != '/')
			(*pos)++;
		len = *pos - start;
		if (len == 1 && path[start] == '.')
			continue;
		if (len > NAME_MAX)
			len = NAME_MAX;
		memcpy(name, path + start, len);
		name[len] = '\0';
		return len;
	}
}

void path_flags_str(u32 flags, u32 perms, char *buf, size_t size)
{
	size_t used = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < NWORDS; i++) {
		size_t n;

		if (!(flags & words[i].flag) && !(perms & words[i].perm))
			continue;
		n = strlen(words[i].name);
		if (used + n + 2 > size)
			break;
		if (used)
			buf[used++] = '|';
		memcpy(buf + used, words[i].name, n + 1);
		used += n;
	}
}

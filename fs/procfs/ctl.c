/* The ctl command language: see include/loom/ctl.h. Pure code. */
#include <loom/ctl.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

#define MAX_WORDS 64

static const struct {
	const char *name;
	enum ctl_op op;
	u32 min, max; /* arguments */
} ops[] = {
	{ "dup2", CTL_DUP2, 2, 2 },	    { "close", CTL_CLOSE, 1, 1 },
	{ "bind", CTL_BIND, 2, 2 },	    { "mount", CTL_MOUNT, 2, 3 },
	{ "cwd", CTL_CWD, 1, 1 },	    { "start", CTL_START, 0, 0 },
	{ "kill", CTL_KILL, 0, MAX_WORDS },
};

const char *ctl_op_name(enum ctl_op op)
{
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (ops[i].op == op)
			return ops[i].name;
	return "?";
}

/* Split into NUL-terminated words in prog->text; "&&" becomes NULL. */
static int tokenize(const char *in, size_t len, struct ctl_prog *p, const char **w, u32 *nw,
		    char *err, size_t errlen)
{
	size_t o = 0, i = 0;

	*nw = 0;
	while (i < len) {
		bool quoted = false, had_quote = false;

		while (i < len && (in[i] == ' ' || in[i] == '\t' || in[i] == '\n'))
			i++;
		if (i >= len)
			break;
		if (*nw == MAX_WORDS) {
			snprintf(err, errlen, "ctl: more than %d words", MAX_WORDS);
			return -E2BIG;
		}
		w[*nw] = p->text + o;
		while (i < len && (quoted || (in[i] != ' ' && in[i] != '\t' && in[i] != '\n'))) {
			char c = in[i++];

			if (c == '"') {
				quoted = !quoted;
				had_quote = true;
				continue;
			}
			if (quoted && c == '\\' && i < len && (in[i] == '"' || in[i] == '\\'))
				c = in[i++];
			if (!c) {
				snprintf(err, errlen, "ctl: NUL byte in the command text");
				return -EINVAL;
			}
			if (o + 2 > sizeof(p->text)) {
				snprintf(err, errlen, "ctl: command text too long");
				return -E2BIG;
			}
			p->text[o++] = c;
		}
		if (quoted) {
			snprintf(err, errlen, "ctl: unterminated quote");
			return -EINVAL;
		}
		p->text[o++] = '\0';
		if (!had_quote && !strcmp(w[*nw], "&&"))
			w[*nw] = NULL; /* a bare && separates commands; "&&" is a word */
		(*nw)++;
	}
	return 0;
}

static bool number(const char *s, s64 *out)
{
	s64 v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (*s - '0');
		if (v > CTL_FD_MAX)
			return false;
	}
	*out = v;
	return true;
}

static int bad(char *err, size_t errlen, u32 idx, const char *name, const char *why)
{
	snprintf(err, errlen, "ctl: command %u (%s): %s", idx + 1, name ? name : "?", why);
	return -EINVAL;
}

static int one(struct ctl_prog *p, const char **w, u32 n, u32 idx, char *err, size_t errlen)
{
	struct ctl_cmd *c;
	size_t k;

	if (!n)
		return bad(err, errlen, idx, "", "empty command");
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]) && strcmp(ops[k].name, w[0]); k++)
		;
	if (k == sizeof(ops) / sizeof(ops[0]))
		return bad(err, errlen, idx, w[0], "unknown command");
	if (n - 1 < ops[k].min || n - 1 > ops[k].max)
		return bad(err, errlen, idx, w[0], "wrong number of arguments");
	if (p->n == CTL_MAX_CMDS) {
		snprintf(err, errlen, "ctl: more than %d commands", CTL_MAX_CMDS);
		return -E2BIG;
	}
	c = &p->cmd[p->n++];
	memset(c, 0, sizeof(*c));
	c->op = ops[k].op;
	switch (c->op) {
	case CTL_DUP2:
		if (!number(w[1], &c->a) || !number(w[2], &c->b))
			return bad(err, errlen, idx, w[0], "file descriptors must be numbers");
		break;
	case CTL_CLOSE: {
		const char *dash = strchr(w[1], '-');

		if (!dash) {
			if (!number(w[1], &c->a))
				return bad(err, errlen, idx, w[0], "not a file descriptor");
			c->b = c->a;
			break;
		}
		{
			char first[16];
			size_t fl = (size_t)(dash - w[1]);

			if (fl == 0 || fl >= sizeof(first))
				return bad(err, errlen, idx, w[0], "bad range");
			memcpy(first, w[1], fl);
			first[fl] = '\0';
			if (!number(first, &c->a))
				return bad(err, errlen, idx, w[0], "bad range");
			if (!dash[1])
				c->b = CTL_FD_MAX;
			else if (!number(dash + 1, &c->b) || c->b < c->a)
				return bad(err, errlen, idx, w[0], "bad range");
		}
		break;
	}
	case CTL_BIND:
	case CTL_MOUNT:
	case CTL_CWD:
		c->s1 = w[1];
		c->s2 = n > 2 ? w[2] : NULL;
		c->s3 = n > 3 ? w[3] : NULL;
		if (!*c->s1 || (c->s2 && !*c->s2))
			return bad(err, errlen, idx, w[0], "empty path");
		break;
	case CTL_START: break;
	case CTL_KILL:
		/* The note is the rest of the words joined by single blanks. */
		if (n > 1) {
			char *dst = (char *)w[1];

			for (u32 i = 2; i < n; i++) {
				size_t l = strlen(dst);

				dst[l] = ' ';
				memmove(dst + l + 1, w[i], strlen(w[i]) + 1);
			}
			c->s1 = dst;
		} else {
			c->s1 = "kill";
		}
		break;
	}
	return 0;
}

int ctl_parse(const char *text, size_t len, struct ctl_prog *prog, char *err, size_t errlen)
{
	const char *w[MAX_WORDS];
	u32 nw, start = 0, idx = 0;
	int r;

	prog->n = 0;
	if (len >= CTL_MAX_TEXT) {
		snprintf(err, errlen, "ctl: command text too long");
		return -E2BIG;
	}
	r = tokenize(text, len, prog, w, &nw, err, errlen);
	if (r)
		return r;
	if (!nw) {
		snprintf(err, errlen, "ctl: no command");
		return -EINVAL;
	}
	for (u32 i = 0; i <= nw; i++) {
		if (i < nw && w[i])
			continue;
		r = one(prog, w + start, i - start, idx++, err, errlen);
		if (r)
			return r;
		start = i + 1;
	}
	return 0;
}

/* The ctl command languages: see include/loom/ctl.h. Pure code. */
#include <loom/ctl.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <uapi/loom/errno.h>

#define MAX_WORDS 64

/* How a command's words become a struct ctl_cmd. */
enum ctl_args {
	ARGS_NONE,     /* no arguments                                  */
	ARGS_FD_PAIR,  /* a, b: two numbers                             */
	ARGS_FD_RANGE, /* a-b: "N", "A-B" or "A-"                       */
	ARGS_WORDS,    /* s1, s2, s3: non-empty words (paths, names)    */
	ARGS_NOTE,     /* s1: the words joined by blanks (or "kill")    */
	ARGS_NUMBER,   /* a: an optional number (-1 when left out)      */
};

struct ctl_syntax {
	const char *name;
	enum ctl_op op;
	u32 min, max; /* arguments */
	enum ctl_args args;
};

static const struct ctl_syntax proc_cmds[] = {
	{ "dup2", CTL_DUP2, 2, 2, ARGS_FD_PAIR },      { "close", CTL_CLOSE, 1, 1, ARGS_FD_RANGE },
	{ "bind", CTL_BIND, 2, 2, ARGS_WORDS },	       { "mount", CTL_MOUNT, 2, 3, ARGS_WORDS },
	{ "cwd", CTL_CWD, 1, 1, ARGS_WORDS },	       { "start", CTL_START, 0, 0, ARGS_NONE },
	{ "kill", CTL_KILL, 0, MAX_WORDS, ARGS_NOTE },
};

static const struct ctl_syntax net_cmds[] = {
	{ "bind", CTL_NET_BIND, 1, 1, ARGS_WORDS },
	{ "listen", CTL_NET_LISTEN, 0, 1, ARGS_NUMBER },
	{ "connect", CTL_NET_CONNECT, 1, 1, ARGS_WORDS },
};

const struct ctl_lang ctl_proc_lang = { proc_cmds, sizeof(proc_cmds) / sizeof(proc_cmds[0]) };
const struct ctl_lang ctl_net_lang = { net_cmds, sizeof(net_cmds) / sizeof(net_cmds[0]) };

const char *ctl_op_name(enum ctl_op op)
{
	const struct ctl_lang *langs[] = { &ctl_proc_lang, &ctl_net_lang };

	for (size_t l = 0; l < sizeof(langs) / sizeof(langs[0]); l++)
		for (u32 i = 0; i < langs[l]->n; i++)
			if (langs[l]->cmds[i].op == op)
				return langs[l]->cmds[i].name;
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

static int one(const struct ctl_lang *lang, struct ctl_prog *p, const char **w, u32 n, u32 idx,
	       char *err, size_t errlen)
{
	const struct ctl_syntax *syn;
	struct ctl_cmd *c;
	size_t k;

	if (!n)
		return bad(err, errlen, idx, "", "empty command");
	for (k = 0; k < lang->n && strcmp(lang->cmds[k].name, w[0]); k++)
		;
	if (k == lang->n)
		return bad(err, errlen, idx, w[0], "unknown command");
	syn = &lang->cmds[k];
	if (n - 1 < syn->min || n - 1 > syn->max)
		return bad(err, errlen, idx, w[0], "wrong number of arguments");
	if (p->n == CTL_MAX_CMDS) {
		snprintf(err, errlen, "ctl: more than %d commands", CTL_MAX_CMDS);
		return -E2BIG;
	}
	c = &p->cmd[p->n++];
	memset(c, 0, sizeof(*c));
	c->op = syn->op;
	switch (syn->args) {
	case ARGS_FD_PAIR:
		if (!number(w[1], &c->a) || !number(w[2], &c->b))
			return bad(err, errlen, idx, w[0], "file descriptors must be numbers");
		break;
	case ARGS_FD_RANGE: {
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
	case ARGS_WORDS:
		c->s1 = w[1];
		c->s2 = n > 2 ? w[2] : NULL;
		c->s3 = n > 3 ? w[3] : NULL;
		if (!*c->s1 || (c->s2 && !*c->s2))
			return bad(err, errlen, idx, w[0], "empty word");
		break;
	case ARGS_NUMBER:
		c->a = -1;
		if (n > 1 && !number(w[1], &c->a))
			return bad(err, errlen, idx, w[0], "not a number");
		break;
	case ARGS_NONE: break;
	case ARGS_NOTE:
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

int ctl_parse_lang(const struct ctl_lang *lang, const char *text, size_t len, struct ctl_prog *prog,
		   char *err, size_t errlen)
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
		r = one(lang, prog, w + start, i - start, idx++, err, errlen);
		if (r)
			return r;
		start = i + 1;
	}
	return 0;
}

int ctl_parse(const char *text, size_t len, struct ctl_prog *prog, char *err, size_t errlen)
{
	return ctl_parse_lang(&ctl_proc_lang, text, len, prog, err, errlen);
}

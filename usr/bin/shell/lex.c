/*
 * The shell's lexer: words with '...' (literal), "..." (with $ and \
 * escapes for \ " $), backslash outside quotes, $NAME, ${NAME}, $?, $$ and $!;
 * the operators | ; & < > >>; # starts a comment at the start of a word.
 * A word made only of an unquoted, empty expansion disappears.
 */
#include <errno.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct buf {
	char *s;
	size_t len, cap;
};

static int add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *m = realloc(b->s, cap);

		if (!m)
			return -1;
		b->s = m;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
	return 0;
}

/* Expand the variable at *p (just after '$'); advance *p. */
static int expand(const char **p, struct buf *b)
{
	const char *s = *p, *name;
	char tmp[16], nm[128];
	size_t len;
	const char *v;

	if (*s == '?' || *s == '$' || *s == '!') {
		snprintf(tmp, sizeof(tmp), "%d",
			 *s == '?'   ? sh_status
			 : *s == '$' ? getpid()
				     : sh_last_bg);
		*p = s + 1;
		return add(b, tmp, strlen(tmp));
	}
	if (*s == '{') {
		const char *end = strchr(s, '}');

		if (!end) {
			fprintf(stderr, "sh: missing '}'\n");
			return -1;
		}
		name = s + 1;
		len = end - name;
		*p = end + 1;
	} else if (isalpha((unsigned char)*s) || *s == '_') {
		name = s;
		for (len = 0; isalnum((unsigned char)s[len]) || s[len] == '_'; len++)
			;
		*p = s + len;
	} else {
		return add(b, "$", 1); /* a lone $ is itself */
	}
	if (len == 0 || len >= sizeof(nm)) {
		fprintf(stderr, "sh: bad variable name\n");
		return -1;
	}
	memcpy(nm, name, len);
	nm[len] = 0;
	v = sh_getvar(nm);
	return v ? add(b, v, strlen(v)) : 0;
}

int sh_lex(const char **line, struct token *out, int max)
{
	const char *p = *line;
	int n = 0;

	for (;;) {
		struct buf b = { 0 };
		int quoted = 0, any = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (n == max - 1) {
			fprintf(stderr, "sh: line too long\n");
			goto fail;
		}
		if (!*p || *p == '#') {
			out[n++] = (struct token){ T_END, NULL };
			*line = p + strlen(p);
			return n;
		}
		if (strchr("|;&<>", *p)) {
			enum tok_kind k = *p == '|'   ? T_PIPE
					  : *p == ';' ? T_SEMI
					  : *p == '&' ? T_BG
					  : *p == '<' ? T_IN
						      : T_OUT;

			if (p[0] == '>' && p[1] == '>') {
				k = T_APPEND;
				p++;
			}
			p++;
			out[n++] = (struct token){ k, NULL };
			if (k == T_SEMI || k == T_BG) {
				*line = p;
				return n;
			}
			continue;
		}
		while (*p && !strchr(" \t\r\n|;&<>", *p)) {
			any = 1;
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');

				if (!end) {
					fprintf(stderr, "sh: unterminated '\n");
					goto fail_word;
				}
				if (add(&b, p + 1, end - p - 1))
					goto fail_word;
				quoted = 1;
				p = end + 1;
			} else if (*p == '"') {
				quoted = 1;
				for (p++; *p != '"'; p++) {
					if (!*p) {
						fprintf(stderr, "sh: unterminated \"\n");
						goto fail_word;
					}
					if (*p == '\\' && strchr("\\\"$", p[1])) {
						if (add(&b, ++p, 1))
							goto fail_word;
					} else if (*p == '$') {
						p++;
						if (expand(&p, &b))
							goto fail_word;
						p--;
					} else if (add(&b, p, 1)) {
						goto fail_word;
					}
				}
				p++;
			} else if (*p == '\\') {
				if (p[1]) {
					if (add(&b, p + 1, 1))
						goto fail_word;
					p += 2;
				} else {
					p++;
				}
				quoted = 1;
			} else if (*p == '$') {
				p++;
				if (expand(&p, &b))
					goto fail_word;
			} else {
				if (add(&b, p, 1))
					goto fail_word;
				p++;
			}
		}
		if (!any)
			continue;
		if (!b.len && !quoted)
			continue; /* an empty unquoted expansion: no word */
		if (!b.s && add(&b, "", 0))
			goto fail_word;
		out[n++] = (struct token){ T_WORD, b.s };
		continue;
fail_word:
		free(b.s);
		goto fail;
	}
fail:
	sh_free_tokens(out, n);
	return -1;
}

void sh_free_tokens(struct token *t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i].text);
}

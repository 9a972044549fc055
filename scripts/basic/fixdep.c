/*
 * fixdep: turn a compiler dependency file into the .cmd file Kbuild includes.
 *
 * Usage: fixdep <depfile> <target> <cmdline>
 *
 * Writes to stdout: the saved command line, the list of files the target
 * depends on, and one dependency per CONFIG_ symbol mentioned by any of
 * those files, as include/config/<symbol>.h (lower case, '_' -> '/'), the
 * per-symbol files kconfig touches when a value changes. The force-included
 * include/generated/autoconf.h is dropped, so that changing one symbol
 * rebuilds only what uses it. Every dependency also gets an empty rule so a
 * deleted header does not stop the build.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct strset {
	char **v;
	size_t n, cap;
};

static int strset_add(struct strset *s, const char *str, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && !memcmp(s->v[i], str, len))
			return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v) {
			perror("fixdep");
			exit(2);
		}
	}
	s->v[s->n] = strndup(str, len);
	if (!s->v[s->n]) {
		perror("fixdep");
		exit(2);
	}
	s->n++;
	return 1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* Record every CONFIG_<NAME> token of a file (not after an identifier char). */
static void scan_configs(const char *path, struct strset *syms)
{
	size_t len;
	char *buf = read_file(path, &len);

	if (!buf)
		return;
	for (char *p = buf; (p = strstr(p, "CONFIG_")) != NULL;) {
		char *start = p + 7, *q = start;

		if (p > buf && (isalnum((unsigned char)p[-1]) || p[-1] == '_')) {
			p = start;
			continue;
		}
		while (isalnum((unsigned char)*q) || *q == '_')
			q++;
		/* CONFIG_X_MODULE names the same symbol as CONFIG_X. */
		if (q - start > 7 && !memcmp(q - 7, "_MODULE", 7))
			strset_add(syms, start, (size_t)(q - start - 7));
		else if (q > start)
			strset_add(syms, start, (size_t)(q - start));
		p = q;
	}
	free(buf);
}

static int is_ignored(const char *dep)
{
	size_t n = strlen(dep);
	const char *a = "include/generated/autoconf.h";
	size_t an = strlen(a);

	return n >= an && !strcmp(dep + n - an, a);
}

int main(int argc, char **argv)
{
	struct strset deps = { 0 }, syms = { 0 };
	size_t len;
	char *buf, *p;
	int first_target_done = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: fixdep <depfile> <target> <cmdline>\n");
		return 2;
	}
	buf = read_file(argv[1], &len);
	if (!buf) {
		fprintf(stderr, "fixdep: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	/* Tokens: "target:" then prerequisites; backslash-newline continues. */
	for (p = buf; *p;) {
		char *tok;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		       (*p == '\\' && (p[1] == '\n' || p[1] == '\r')))
			p++;
		if (!*p)
			break;
		tok = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
			if (*p == '\\' && p[1] == ' ')
				p++;
			p++;
		}
		if (p[-1] == ':') {
			/* A target: only the first rule's prerequisites count
			 * (-MP adds empty rules for each header). */
			if (first_target_done)
				break;
			first_target_done = 1;
			continue;
		}
		if (!first_target_done)
			continue;
		if (p - tok == 1 && *tok == '\\')
			continue;
		{
			char save = *p;
			*p = '\0';
			if (!is_ignored(tok))
				strset_add(&deps, tok, strlen(tok));
			*p = save;
		}
	}

	printf("savedcmd_%s := %s\n\n", argv[2], argv[3]);
	printf("deps_%s := \\\n", argv[2]);
	for (size_t i = 0; i < deps.n; i++) {
		scan_configs(deps.v[i], &syms);
		printf("  %s \\\n", deps.v[i]);
	}
	for (size_t i = 0; i < syms.n; i++) {
		printf("  $(wildcard include/config/");
		for (char *c = syms.v[i]; *c; c++)
			putchar(*c == '_' ? '/' : tolower((unsigned char)*c));
		printf(".h) \\\n");
	}
	printf("\n%s: $(deps_%s)\n\n$(deps_%s):\n", argv[2], argv[2], argv[2]);
	free(buf);
	return 0;
}

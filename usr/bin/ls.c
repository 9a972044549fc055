/*
 * ls [-l] [PATH...]: list directories (a file lists itself). The path flag
 * ":R" (":recursive") lists the whole tree below PATH, each directory
 * under a "PATH:" heading. -l adds type, mode, links and size, and a
 * symbolic link's target.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct dirent *)a)->name, ((const struct dirent *)b)->name);
}

static void show(const char *dir, const char *name, unsigned type)
{
	char path[4200];
	struct stat st;

	if (!long_format) {
		printf("%s%s\n", name, type == STAT_DIR ? "/" : "");
		return;
	}
	snprintf(path, sizeof(path), "%s/%s:nofollow", dir, name);
	if (stat(path, &st) < 0) {
		printf("?????????? %s (%s)\n", name, strerror(errno));
		return;
	}
	printf("%c%04o %3u %8llu %s",
	       st.type == STAT_DIR	 ? 'd'
	       : st.type == STAT_SYMLINK ? 'l'
					 : '-',
	       st.mode, st.nlink, st.size, name);
	if (st.type == STAT_SYMLINK) {
		char target[4096];
		ssize_t n;

		path[strlen(path) - strlen(":nofollow")] = 0;
		n = readlink(path, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = 0;
			printf(" -> %s", target);
		}
	}
	putchar('\n');
}

static int list(const char *path, int recursive, int heading)
{
	struct dirent *e, *ents = NULL;
	int n = 0, cap = 0, rc = 0;
	struct stat st;
	DIR *d;

	if (stat(path, &st) == 0 && st.type != STAT_DIR) {
		show(".", path, st.type);
		return 0;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		if (n == cap) {
			struct dirent *m = realloc(ents, (cap = cap * 2 + 16) * sizeof(*ents));

			if (!m) {
				fprintf(stderr, "ls: %s: out of memory\n", path);
				free(ents);
				closedir(d);
				return 1;
			}
			ents = m;
		}
		ents[n++] = *e;
	}
	closedir(d);
	qsort(ents, n, sizeof(*ents), cmp_name);
	if (heading)
		printf("%s:\n", path);
	for (int i = 0; i < n; i++)
		show(path, ents[i].name, ents[i].type);
	if (recursive)
		for (int i = 0; i < n; i++) {
			char sub[4200];

			if (ents[i].type != STAT_DIR)
				continue;
			snprintf(sub, sizeof(sub), "%s%s%s", path,
				 path[strlen(path) - 1] == '/' ? "" : "/", ents[i].name);
			putchar('\n');
			rc |= list(sub, 1, 1);
		}
	free(ents);
	return rc;
}

/* Split PATH[:flags]: the recursive flag is ls's own, the others stay. */
static int split(const char *arg, char *path, size_t size)
{
	const char *colon = strchr(arg, ':');
	int recursive = 0;

	snprintf(path, size, "%s", arg);
	if (!colon)
		return 0;
	path[colon - arg] = 0;
	for (const char *w = colon + 1; *w;) {
		size_t len = strcspn(w, ":");

		if ((len == 1 && *w == 'R') || (len == 9 && !strncmp(w, "recursive", 9)))
			recursive = 1;
		else
			snprintf(path + strlen(path), size - strlen(path), ":%.*s", (int)len, w);
		w += len + (w[len] == ':');
	}
	return recursive;
}

int main(int argc, char **argv)
{
	int i = 1, rc = 0, many;

	if (argc > 1 && !strcmp(argv[1], "-l")) {
		long_format = 1;
		i++;
	}
	if (i == argc) {
		char cwd[4096];

		return list(getcwd(cwd, sizeof(cwd)) ? cwd : ".", 0, 0);
	}
	many = argc - i > 1;
	for (; i < argc; i++) {
		char path[4096];
		int recursive = split(argv[i], path, sizeof(path));

		rc |= list(path[0] ? path : ".", recursive, many || recursive);
	}
	return rc;
}

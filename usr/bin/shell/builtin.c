/* The shell's builtins: cd, echo, exit, export, pwd, and variables. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

int sh_status;
int sh_last_bg;

struct var {
	struct var *next;
	char *name, *value;
};
static struct var *vars;

const char *sh_getvar(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (!strcmp(v->name, name))
			return v->value;
	return getenv(name);
}

int sh_setvar(const char *name, const char *value)
{
	struct var *v;
	char *copy = strdup(value);

	if (!copy)
		return -1;
	if (getenv(name)) /* an exported variable stays exported */
		return setenv(name, value, 1);
	for (v = vars; v; v = v->next)
		if (!strcmp(v->name, name)) {
			free(v->value);
			v->value = copy;
			return 0;
		}
	v = malloc(sizeof(*v));
	if (!v || !(v->name = strdup(name))) {
		free(v);
		free(copy);
		return -1;
	}
	v->value = copy;
	v->next = vars;
	vars = v;
	return 0;
}

static int do_export(int argc, char **argv)
{
	int rc = 0;

	if (argc == 1) {
		for (char **e = environ; *e; e++)
			printf("export %s\n", *e);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *value;

		if (eq)
			*eq = 0;
		value = eq ? eq + 1 : sh_getvar(argv[i]);
		if (setenv(argv[i], value ? value : "", 1) < 0) {
			fprintf(stderr, "export: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
		for (struct var **pv = &vars; *pv; pv = &(*pv)->next)
			if (!strcmp((*pv)->name, argv[i])) {
				struct var *v = *pv;

				*pv = v->next;
				free(v->name);
				free(v->value);
				free(v);
				break;
			}
		if (eq)
			*eq = '=';
	}
	return rc;
}

static const char *const builtins[] = { "cd", "echo", "exit", "export", "pwd" };

int sh_is_builtin(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(name, builtins[i]))
			return 1;
	return 0;
}

int sh_builtin(int argc, char **argv, int *exit_shell)
{
	if (!strcmp(argv[0], "cd")) {
		const char *dir = argc > 1 ? argv[1] : getenv("HOME");
		int r = -1;

		if (!dir)
			dir = "/";
		/* The working directory is an open directory whose permissions
		 * bound every relative path: ask for all the namespace grants. */
		if (!strchr(dir, ':')) {
			char p[4096];

			snprintf(p, sizeof(p), "%s:rwx", dir);
			r = chdir(p);
			if (r < 0 && errno == EACCES) {
				snprintf(p, sizeof(p), "%s:rx", dir);
				r = chdir(p);
			}
		}
		if (r < 0 && (strchr(dir, ':') || errno == EACCES))
			r = chdir(dir);
		if (r < 0) {
			fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
		return 0;
	}
	if (!strcmp(argv[0], "pwd")) {
		char cwd[4096];

		if (!getcwd(cwd, sizeof(cwd))) {
			fprintf(stderr, "pwd: %s\n", strerror(errno));
			return 1;
		}
		puts(cwd);
		return 0;
	}
	if (!strcmp(argv[0], "echo")) {
		int i = 1, nl = 1;

		if (argc > 1 && !strcmp(argv[1], "-n"))
			nl = 0, i++;
		for (int first = i; i < argc; i++)
			printf("%s%s", i > first ? " " : "", argv[i]);
		if (nl)
			putchar('\n');
		return 0;
	}
	if (!strcmp(argv[0], "exit")) {
		*exit_shell = 1;
		return argc > 1 ? atoi(argv[1]) : sh_status;
	}
	if (!strcmp(argv[0], "export"))
		return do_export(argc, argv);
	return -1;
}

/*
 * Environment variables. The startup stack's envp is copied into a
 * malloc()ed array that getenv reads. The kernel keeps each process's
 * environment too (children inherit it through spawn), so setenv and
 * unsetenv also update /proc/[pid]/env/NAME: a variable set here is seen
 * by the programs this one starts.
 */
#include <loom.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"

char **environ;
static int env_count, env_cap;

void __env_init(char **envp)
{
	int n = 0;

	while (envp && envp[n])
		n++;
	environ = malloc((n + 8) * sizeof(char *));
	if (!environ) {
		environ = envp; /* read-only then: setenv fails with ENOMEM */
		env_count = n;
		env_cap = -1;
		return;
	}
	memcpy(environ, envp, n * sizeof(char *));
	environ[n] = NULL;
	env_count = n;
	env_cap = n + 7;
}

static int find(const char *name, size_t len)
{
	for (int i = 0; i < env_count; i++)
		if (!strncmp(environ[i], name, len) && environ[i][len] == '=')
			return i;
	return -1;
}

static int valid_name(const char *name)
{
	return name && *name && !strchr(name, '=') && !strchr(name, '/') && !strchr(name, ':');
}

char *getenv(const char *name)
{
	int i;

	if (!environ || !name)
		return NULL;
	i = find(name, strlen(name));
	return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

int setenv(const char *name, const char *value, int overwrite)
{
	size_t nlen, vlen;
	char *entry;
	int i;

	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	nlen = strlen(name);
	i = find(name, nlen);
	if (i >= 0 && !overwrite)
		return 0;
	if (proc_setenv(getpid(), name, value) < 0)
		return -1;
	vlen = strlen(value);
	entry = malloc(nlen + vlen + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, nlen);
	entry[nlen] = '=';
	memcpy(entry + nlen + 1, value, vlen + 1);
	if (i >= 0) { /* the old string may be the startup stack's: not freed */
		environ[i] = entry;
		return 0;
	}
	if (env_count >= env_cap) {
		char **n;

		if (env_cap < 0 || !(n = realloc(environ, (env_cap * 2 + 2) * sizeof(char *)))) {
			free(entry);
			errno = ENOMEM;
			return -1;
		}
		environ = n;
		env_cap = env_cap * 2 + 1;
	}
	environ[env_count++] = entry;
	environ[env_count] = NULL;
	return 0;
}

int unsetenv(const char *name)
{
	int i;

	if (!valid_name(name)) {
		errno = EINVAL;
		return -1;
	}
	i = find(name, strlen(name));
	if (i < 0)
		return 0;
	if (unlink(F("/proc/%d/env/%s", getpid(), name)) < 0 && errno != ENOENT)
		return -1;
	environ[i] = environ[--env_count];
	environ[env_count] = NULL;
	return 0;
}

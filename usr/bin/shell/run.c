/*
 * Running a line: commands joined by "|" form a pipeline, ";" separates
 * pipelines, "&" ends one that runs in the background. A program is spawned suspended; its redirections and pipe
 * ends (opened by the shell before the spawn, so the child's copy of the
 * fd table has them) are moved into place with one ctl chain ("dup2 5 1
 * && close 3-"), its NAME=value assignments are written to
 * /proc/[pid]/env/, and "start" lets it run. The shell then reads
 * /proc/[pid]/wait of each; a status that is not a number is a note that
 * ended the program, and is reported ("shell: pagefault at ...").
 */
#include <errno.h>
#include <loom.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

#define MAX_CMDS 16

/* The program for a name: itself when it has a '/', else the first PATH
 * folder that has it. */
static int find_program(const char *name, char *out, size_t size)
{
	const char *path = getenv("PATH");
	struct stat st;

	if (strchr(name, '/')) {
		snprintf(out, size, "%s", name);
		return stat(out, &st) == 0 ? 0 : -1;
	}
	if (!path)
		path = "/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		snprintf(out, size, "%.*s/%s", (int)len, path, name);
		if (stat(out, &st) == 0 && st.type == STAT_REG)
			return 0;
		path += len + (path[len] == ':');
	}
	errno = ENOENT;
	return -1;
}

/* Open a redirection target. A target with its own path flags
 * ("f:append") keeps them; the shell adds what the direction needs. */
static int open_redir(const struct redir *r)
{
	int has_flags = strchr(r->path, ':') != NULL;
	const char *extra;
	int fd;

	switch (r->kind) {
	case T_IN: extra = ":r"; break;
	case T_APPEND: extra = ":w:create:append"; break;
	default: extra = has_flags ? ":w:create" : ":w:create:truncate"; break;
	}
	fd = open(F("%s%s", r->path, extra));
	if (fd < 0)
		fprintf(stderr, "sh: %s: %s\n", r->path, strerror(errno));
	return fd;
}

/* Builtins in the shell itself, with their redirections applied to the
 * shell's own fds for the duration. */
static int run_builtin(struct command *c, int *exit_shell)
{
	int saved[3] = { -1, -1, -1 }, status;

	for (int i = 0; i < c->nredirs; i++) {
		int target = c->redirs[i].kind == T_IN ? 0 : 1, fd = open_redir(&c->redirs[i]);

		if (fd < 0) {
			status = 1;
			goto restore;
		}
		if (saved[target] < 0)
			saved[target] = dup(target);
		fflush(stdout);
		dup2(fd, target);
		close(fd);
	}
	status = sh_builtin(c->argc, c->argv, exit_shell);
	fflush(stdout);
restore:
	for (int i = 0; i < 3; i++)
		if (saved[i] >= 0) {
			dup2(saved[i], i);
			close(saved[i]);
		}
	return status;
}

/* Start one program of a pipeline with stdin in_fd and stdout out_fd (-1:
 * the shell's). Returns the pid or -1. */
static pid_t start(struct command *c, int in_fd, int out_fd)
{
	char path[4096], chain[256];
	const char *argv[SH_MAX_WORDS + 1];
	int fds[SH_MAX_REDIRS], nfds = 0;
	size_t len = 0;
	pid_t pid = -1;

	if (find_program(c->argv[0], path, sizeof(path)) < 0) {
		fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
		return -1;
	}
	for (int i = 0; i < c->nredirs; i++) {
		int fd = open_redir(&c->redirs[i]);

		if (fd < 0)
			goto out;
		fds[nfds++] = fd;
		if (c->redirs[i].kind == T_IN)
			in_fd = fd;
		else
			out_fd = fd;
	}
	argv[0] = path;
	for (int i = 1; i <= c->argc; i++)
		argv[i] = c->argv[i];
	pid = spawn(argv, SPAWN_SUSPENDED);
	if (pid < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		goto out;
	}
	if (in_fd >= 0)
		len += snprintf(chain + len, sizeof(chain) - len, "dup2 %d 0 && ", in_fd);
	if (out_fd >= 0)
		len += snprintf(chain + len, sizeof(chain) - len, "dup2 %d 1 && ", out_fd);
	snprintf(chain + len, sizeof(chain) - len, "close 3-");
	if (proc_ctl(pid, chain) < 0) {
		fprintf(stderr, "sh: %s: preparing fds: %s\n", c->argv[0], strerror(errno));
		goto kill;
	}
	for (int i = 0; i < c->nassign; i++) {
		char *eq = strchr(c->assign[i], '=');

		*eq = 0;
		if (proc_setenv(pid, c->assign[i], eq + 1) < 0) {
			fprintf(stderr, "sh: %s: setting %s: %s\n", c->argv[0], c->assign[i],
				strerror(errno));
			*eq = '=';
			goto kill;
		}
		*eq = '=';
	}
	if (proc_ctl(pid, "start") < 0) {
		fprintf(stderr, "sh: %s: start: %s\n", c->argv[0], strerror(errno));
		goto kill;
	}
	goto out;
kill:
	proc_ctl(pid, "kill");
	pid = -1;
out:
	for (int i = 0; i < nfds; i++)
		close(fds[i]);
	return pid;
}

static int wait_status(pid_t pid)
{
	char status[160];
	int code;

	if (proc_wait(pid, status, sizeof(status)) < 0) {
		fprintf(stderr, "sh: wait for %d: %s\n", pid, strerror(errno));
		return 1;
	}
	code = status_code(status);
	if (code >= 0)
		return code;
	fprintf(stderr, "shell: %s\n", status);
	return 128;
}

static int is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');

	if (!eq || eq == w)
		return 0;
	for (const char *p = w; p < eq; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (p > w && *p >= '0' && *p <= '9')))
			return 0;
	return 1;
}

/* Run one pipeline of n commands; its status. In the background (&) the
 * shell does not wait: it prints the last pid, which $! gives. */
static int run_pipeline(struct command *cmds, int n, int background, int *exit_shell)
{
	pid_t pids[MAX_CMDS];
	int in_fd = -1, status = 0;

	if (n == 1 && cmds[0].argc == 0) { /* only assignments: shell variables */
		for (int i = 0; i < cmds[0].nassign; i++) {
			char *eq = strchr(cmds[0].assign[i], '=');

			*eq = 0;
			sh_setvar(cmds[0].assign[i], eq + 1);
			*eq = '=';
		}
		return 0;
	}
	if (n == 1 && sh_is_builtin(cmds[0].argv[0]) && !background)
		return run_builtin(&cmds[0], exit_shell);
	for (int i = 0; i < n; i++) {
		int p[2] = { -1, -1 };

		if (cmds[i].argc == 0) {
			fprintf(stderr, "sh: empty command in a pipeline\n");
			pids[i] = -1;
			continue;
		}
		if (i < n - 1 && pipe(p) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			pids[i] = -1;
			n = i + 1;
		}
		pids[i] = start(&cmds[i], in_fd, p[1]);
		if (in_fd >= 0)
			close(in_fd);
		if (p[1] >= 0)
			close(p[1]);
		in_fd = p[0];
	}
	if (in_fd >= 0)
		close(in_fd);
	if (background) {
		if (pids[n - 1] < 0)
			return 127;
		sh_last_bg = pids[n - 1];
		printf("[%d]\n", pids[n - 1]);
		return 0;
	}
	for (int i = 0; i < n; i++)
		status = pids[i] < 0 ? 127 : wait_status(pids[i]);
	return status;
}

int sh_run_line(const char *line)
{
	struct token *t = malloc(sizeof(*t) * 512);
	struct command *cmds = calloc(MAX_CMDS, sizeof(*cmds));
	int exit_shell = 0;

	if (!t || !cmds) {
		fprintf(stderr, "sh: out of memory\n");
		goto out;
	}
	while (*line && !exit_shell) {
		int n = sh_lex(&line, t, 512), nc = 0, err = 0;
		struct command *c = &cmds[0];

		if (n < 0) {
			sh_status = 2;
			break;
		}
		memset(cmds, 0, sizeof(*cmds) * MAX_CMDS);
		for (int i = 0; i < n && !err; i++) {
			c = &cmds[nc];
			switch (t[i].kind) {
			case T_WORD:
				if (c->argc == 0 && is_assignment(t[i].text) && c->nassign < 16)
					c->assign[c->nassign++] = t[i].text;
				else if (c->argc < SH_MAX_WORDS)
					c->argv[c->argc++] = t[i].text;
				else
					err = 1;
				break;
			case T_IN:
			case T_OUT:
			case T_APPEND:
				if (t[i + 1].kind != T_WORD || c->nredirs == SH_MAX_REDIRS) {
					fprintf(stderr, "sh: a redirection needs a file name\n");
					err = 1;
					break;
				}
				c->redirs[c->nredirs++] =
					(struct redir){ t[i].kind, t[i + 1].text };
				i++;
				break;
			case T_PIPE:
				if (nc + 1 == MAX_CMDS) {
					fprintf(stderr, "sh: too many commands in a pipeline\n");
					err = 1;
				}
				nc++;
				break;
			default: /* T_SEMI, T_BG, T_END: the list ends here */
				if (nc == 0 && !c->argc && !c->nassign && !c->nredirs)
					break; /* an empty line */
				if (!c->argc && !c->nassign) {
					fprintf(stderr, "sh: a command is missing\n");
					err = 1;
					break;
				}
				sh_status =
					run_pipeline(cmds, nc + 1, t[i].kind == T_BG, &exit_shell);
				break;
			}
		}
		if (err)
			sh_status = 2;
		sh_free_tokens(t, n);
	}
out:
	free(t);
	free(cmds);
	return exit_shell;
}

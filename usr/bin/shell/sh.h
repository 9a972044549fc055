/*
 * The shell: a line is lexed into words and operators (lex.c, with
 * quoting and variable expansion), split into commands joined by "|" and
 * ";", and run (run.c): builtins (builtin.c) inside the shell, programs by
 * spawn(SPAWN_SUSPENDED), fds and environment prepared through
 * /proc/[pid]/ctl and /proc/[pid]/env/, then "start"; the shell waits by
 * reading /proc/[pid]/wait.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>

#define SH_MAX_WORDS  128
#define SH_MAX_REDIRS 8

enum tok_kind { T_WORD, T_PIPE, T_SEMI, T_BG, T_IN, T_OUT, T_APPEND, T_END };

struct token {
	enum tok_kind kind;
	char *text; /* T_WORD: the word after quoting and expansion (malloc) */
};

struct redir {
	enum tok_kind kind; /* T_IN, T_OUT, T_APPEND */
	char *path;
};

struct command {
	char *argv[SH_MAX_WORDS + 1];
	int argc;
	char *assign[16]; /* NAME=value words before the program name */
	int nassign;
	struct redir redirs[SH_MAX_REDIRS];
	int nredirs;
};

/* Lex the next list of a line, up to and including its ";", "&" or the
 * end (variables are expanded when the list is about to run, so "false;
 * echo $?" sees the first status): tokens into out (at most max), *line
 * advanced past them; the count, or -1 with a message on stderr (an
 * unterminated quote, ...). */
int sh_lex(const char **line, struct token *out, int max);
void sh_free_tokens(struct token *t, int n);

/* Shell variables (not exported unless `export`). */
const char *sh_getvar(const char *name);
int sh_setvar(const char *name, const char *value);
extern int sh_status;  /* $? */
extern int sh_last_bg; /* $!: the last program started with & */

/* Run one line: 0 to go on, 1 when the shell should exit. */
int sh_run_line(const char *line);

/* Builtins: -1 when argv[0] is not one, else its exit status. */
int sh_builtin(int argc, char **argv, int *exit_shell);
int sh_is_builtin(const char *name);

#endif

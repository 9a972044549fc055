/*
 * The ctl command languages (kernel/lib/ctl.c): pure, host-tested. One
 * parser serves every ctl file; a language is a table of commands with
 * their arguments. /proc/[pid]/ctl (ctl_proc_lang, ctl_parse): Commands, chained with "&&", are parsed and checked whole
 * before any is applied, so a chain runs all or nothing:
 *
 *	dup2 OLD NEW          make fd NEW a copy of OLD
 *	close FD | close A-B | close A-   close one fd or a range
 *	bind TARGET SOURCE    make SOURCE visible at TARGET
 *	mount TARGET FS [SRC] mount a file system
 *	cwd PATH              change the working directory
 *	start                 start a suspended process
 *	kill [NOTE...]        send a kill note (default "kill")
 *
 * /net/local/[id]/ctl (ctl_net_lang, net/):
 *
 *	bind NAME             give the socket a name
 *	listen [BACKLOG]      wait for connections (a: -1 when left out)
 *	connect NAME          connect to the listener named NAME
 *
 * Words are separated by blanks; "double quotes" keep blanks, with \" and
 * \\ inside. A bad command is an error naming it.
 */
#ifndef LOOM_CTL_H
#define LOOM_CTL_H

#include <loom/types.h>

#define CTL_MAX_CMDS 16
#define CTL_MAX_TEXT 1024
#define CTL_FD_MAX   0x7fffffff

enum ctl_op {
	CTL_DUP2,
	CTL_CLOSE,
	CTL_BIND,
	CTL_MOUNT,
	CTL_CWD,
	CTL_START,
	CTL_KILL,
	CTL_NET_BIND,
	CTL_NET_LISTEN,
	CTL_NET_CONNECT,
};

struct ctl_cmd {
	enum ctl_op op;
	s64 a, b;		  /* dup2: old, new; close: first, last; listen: backlog */
	const char *s1, *s2, *s3; /* paths, names, file system, note (in the prog) */
};

struct ctl_prog {
	struct ctl_cmd cmd[CTL_MAX_CMDS];
	u32 n;
	char text[CTL_MAX_TEXT]; /* the words, NUL-separated */
};

struct ctl_syntax;
struct ctl_lang {
	const struct ctl_syntax *cmds;
	u32 n;
};
extern const struct ctl_lang ctl_proc_lang, ctl_net_lang;

/* 0, or -EINVAL/-E2BIG with a message in err naming the command. */
int ctl_parse_lang(const struct ctl_lang *lang, const char *text, size_t len, struct ctl_prog *prog,
		   char *err, size_t errlen);
/* ctl_parse_lang with ctl_proc_lang. */
int ctl_parse(const char *text, size_t len, struct ctl_prog *prog, char *err, size_t errlen);
const char *ctl_op_name(enum ctl_op op);

#endif

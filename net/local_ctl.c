/*
 * /net/local/[id]/ctl: bind NAME, listen [BACKLOG], connect NAME (the
 * ctl_net_lang language of include/loom/ctl.h), chained with "&&" and
 * applied all or nothing: with net_lock held, every command is checked
 * against the socket as the chain leaves it, then all are applied, so no
 * other change slips in between. Errors: EINVAL for a command that does
 * not fit the socket's state or a bad argument, EADDRINUSE for a taken
 * name, ECONNREFUSED when no listener the caller may see has the name,
 * EPROTOTYPE for a listener of the other kind, EAGAIN when its backlog
 * is full. Locking: see internal.h.
 */
#include <loom/errno.h>
#include <loom/printk.h>
#include <loom/string.h>
#include "internal.h"

/* The socket as the chain leaves it. */
struct sim {
	enum sock_state state;
	bool bound;
	const char *name;
	u32 backlog;
	struct sock *target; /* connect: the listener */
};

static int fail(char *why, size_t len, int err, const char *fmt, const char *arg)
{
	snprintf(why, len, fmt, arg);
	return err;
}

static int check(struct sock *s, struct sim *m, const struct ctl_cmd *c, char *why, size_t len)
{
	struct sock *l;

	switch (c->op) {
	case CTL_NET_BIND:
		if (m->bound || m->state != SOCK_NEW)
			return fail(why, len, -EINVAL, "%salready bound or connected", "");
		if (strlen(c->s1) > NET_LOCAL_NAME_MAX || strchr(c->s1, '/'))
			return fail(why, len, -EINVAL, "bad name '%s'", c->s1);
		if (sock_by_name(c->s1))
			return fail(why, len, -EADDRINUSE, "name '%s' is taken", c->s1);
		m->bound = true;
		m->name = c->s1;
		return 0;
	case CTL_NET_LISTEN:
		if (m->state != SOCK_NEW)
			return fail(why, len, -EINVAL, "%salready listening or connected", "");
		if (!m->bound)
			return fail(why, len, -EINVAL, "%snot bound", "");
		if (c->a == 0 || c->a > NET_LOCAL_BACKLOG_MAX)
			return fail(why, len, -EINVAL, "%sbacklog out of range", "");
		m->state = SOCK_LISTENING;
		m->backlog = c->a < 0 ? NET_LOCAL_BACKLOG : (u32)c->a;
		return 0;
	case CTL_NET_CONNECT:
		if (m->state == SOCK_CONNECTED)
			return fail(why, len, -EISCONN, "%salready connected", "");
		if (m->state != SOCK_NEW)
			return fail(why, len, -EINVAL, "%sa listening socket", "");
		l = sock_by_name(c->s1);
		if (!l || l->state != SOCK_LISTENING || !sock_visible(l))
			return fail(why, len, -ECONNREFUSED, "nobody listens on '%s'", c->s1);
		if (l->packets != s->packets)
			return fail(why, len, -EPROTOTYPE, "'%s' is of the other kind", c->s1);
		if (l->npending >= l->backlog)
			return fail(why, len, -EAGAIN, "the backlog of '%s' is full", c->s1);
		m->state = SOCK_CONNECTED;
		m->target = l;
		return 0;
	default: return fail(why, len, -EINVAL, "%snot a socket command", "");
	}
}

int sock_ctl(struct sock *s, const struct ctl_prog *prog, char *why, size_t whylen, u32 *failed,
	     struct sock *srv, void **buf)
{
	struct sim m;
	int r = 0;
	u32 i;

	mutex_lock(&net_lock);
	m = (struct sim){ s->state, s->name[0] != '\0', s->name, s->backlog, NULL };
	for (i = 0; i < prog->n && !r; i++)
		r = check(s, &m, &prog->cmd[i], why, whylen);
	if (r) {
		*failed = i - 1;
		goto out;
	}
	if (m.target && (!srv || (!s->rx.buf && !*buf))) {
		*failed = prog->n - 1;
		r = fail(why, whylen, -ENOMEM, "%sno memory for the connection", "");
		goto out;
	}
	if (m.bound && !s->name[0])
		strlcpy(s->name, m.name, sizeof(s->name));
	if (m.state == SOCK_LISTENING && s->state != SOCK_LISTENING) {
		s->state = SOCK_LISTENING;
		s->backlog = m.backlog;
	}
	if (m.target) {
		if (!s->rx.buf) {
			msgring_init(&s->rx, *buf, NET_LOCAL_BUF, s->packets);
			*buf = NULL;
		}
		sock_connect(m.target, s, srv);
	}
out:
	mutex_unlock(&net_lock);
	return r;
}

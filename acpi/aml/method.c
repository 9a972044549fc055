/*
 * Method invocation (a frame of arguments and locals, the names the method
 * made removed at its end, limits on depth and time) and the Mutex rules:
 * one thread, so Acquire never waits, but SyncLevel order is enforced as
 * ACPI requires and what an evaluation left held is released and logged.
 */
#include <loom/printk.h>
#include "exec.h"

/* For log lines: the mutex's path, or what an implicit one belongs to. */
static const char *mutex_name(struct aml_node *n, char *buf, size_t size)
{
	if (!n)
		return "(serialized method)";
	aml_node_path(n, buf, size);
	return buf;
}

static int acquire(struct aml *a, struct aml_object *m, struct aml_node *n)
{
	char name[64];

	if (m->mutex.depth) {
		if (m->mutex.depth == 255)
			return -EOVERFLOW;
		m->mutex.depth++;
		return 0;
	}
	if (m->mutex.sync < a->sync_level) {
		aml_log(a, 1, "aml: cannot acquire mutex %s (SyncLevel %u) at SyncLevel %u",
			mutex_name(n, name, sizeof(name)), m->mutex.sync, a->sync_level);
		return -EDEADLK;
	}
	if (a->nheld == ARRAY_SIZE(a->held))
		return -EOVERFLOW;
	a->held[a->nheld++] = obj_get(m);
	m->mutex.depth = 1;
	m->mutex.prev_sync = a->sync_level;
	a->sync_level = m->mutex.sync;
	return 0;
}

static int release(struct aml *a, struct aml_object *m, struct aml_node *n)
{
	char name[64];
	u32 i;

	if (!m->mutex.depth) {
		aml_log(a, 1, "aml: release of mutex %s that is not held",
			mutex_name(n, name, sizeof(name)));
		return -EPERM;
	}
	if (m->mutex.depth > 1) {
		m->mutex.depth--;
		return 0;
	}
	if (m->mutex.sync < a->sync_level) {
		aml_log(a, 1, "aml: release of mutex %s (SyncLevel %u) at SyncLevel %u",
			mutex_name(n, name, sizeof(name)), m->mutex.sync, a->sync_level);
		return -EDEADLK;
	}
	for (i = 0; i < a->nheld && a->held[i] != m; i++)
		;
	if (i == a->nheld)
		return -EPERM;
	m->mutex.depth = 0;
	if (i == a->nheld - 1)
		a->sync_level = m->mutex.prev_sync;
	memmove(&a->held[i], &a->held[i + 1], (a->nheld - i - 1) * sizeof(a->held[0]));
	a->nheld--;
	obj_put(a, m);
	return 0;
}

int mutex_op(struct aml *a, struct aml_node *n, bool acq)
{
	return acq ? acquire(a, n->obj, n) : release(a, n->obj, n);
}

/* Release what an evaluation left held (logged: the AML is wrong). */
static void release_all(struct aml *a)
{
	while (a->nheld) {
		struct aml_object *m = a->held[--a->nheld];

		aml_log(a, 1, "aml: mutex still held when the evaluation ended: released");
		m->mutex.depth = 0;
		a->sync_level = m->mutex.prev_sync;
		obj_put(a, m);
	}
	a->sync_level = 0;
}

int invoke(struct aml *a, struct aml_node *m, struct aml_object **args, u32 nargs,
	   struct aml_object **ret)
{
	struct aml_object *mo = obj_get(m->obj);
	struct aml_method *meth = &mo->method;
	int saved_bytes = a->int_bytes, r;
	struct frame fr;
	bool top = a->depth == 0;

	if (ret)
		*ret = NULL;
	if (a->depth >= AML_MAX_CALL_DEPTH) {
		aml_log(a, 1, "aml: method calls nested deeper than %d", AML_MAX_CALL_DEPTH);
		obj_put(a, mo);
		return -ELOOP;
	}
	if (top) {
		a->deadline = a->ops->now_ns ? a->ops->now_ns(a->ctx) + AML_MAX_EVAL_NS : 0;
		a->error_logged = false;
		a->stack_top = (uintptr_t)__builtin_frame_address(0);
	} else if (a->deadline && a->ops->now_ns && a->ops->now_ns(a->ctx) > a->deadline) {
		aml_log(a, 1, "aml: time limit reached");
		obj_put(a, mo);
		return -ETIMEDOUT;
	}
	if (meth->native) {
		a->depth++;
		r = meth->native(a, args, ret);
		a->depth--;
		obj_put(a, mo);
		return r;
	}
	memset(&fr, 0, sizeof(fr));
	for (u32 i = 0; i < nargs && i < 7; i++)
		fr.args[i] = obj_get(args[i]);
	fr.scope = m;
	fr.method = m;
	a->int_bytes = meth->int_bytes;
	a->depth++;
	if (meth->mutex) {
		r = acquire(a, meth->mutex, NULL);
		if (r)
			goto out;
	}
	r = exec_term_list(a, &fr, meth->code, meth->code + meth->len);
	if (meth->mutex) {
		int r2 = release(a, meth->mutex, NULL);

		if (!r && r2 < 0)
			r = r2;
	}
	if (r > 0)
		r = 0; /* Return, or a stray Break/Continue */
	if (r == 0 && ret) {
		*ret = fr.ret;
		fr.ret = NULL;
	}
out:
	if (r < 0 && top) {
		char path[64];

		aml_node_path(m, path, sizeof(path));
		aml_log(a, 1, "aml: method %s aborted: %s", path, errno_name(-r));
	}
	a->depth--;
	obj_put(a, fr.ret);
	for (int i = 0; i < 7; i++)
		obj_put(a, fr.args[i]);
	for (int i = 0; i < 8; i++)
		obj_put(a, fr.locals[i]);
	while (fr.temps) {
		struct aml_node *t = fr.temps;

		fr.temps = t->temp_next;
		if (!t->detached)
			node_detach(a, t);
		node_put(a, t);
	}
	a->int_bytes = saved_bytes;
	if (top)
		release_all(a);
	obj_put(a, mo);
	return r;
}

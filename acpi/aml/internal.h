/*
 * The AML interpreter's own structures (acpi/aml/): objects are reference
 * counted (refs), namespace nodes own one reference to their object, and
 * every function that returns an object returns a new reference.
 */
#ifndef ACPI_AML_INTERNAL_H
#define ACPI_AML_INTERNAL_H

#include <loom/aml.h>
#include <loom/compiler.h>
#include <loom/errno.h>
#include <loom/string.h>

enum ref_kind {
	REF_NODE,  /* RefOf(name), CondRefOf, a name in a package */
	REF_INDEX, /* Index(container, i) */
};

enum field_kind { FIELD_REGION, FIELD_INDEX, FIELD_BANK };

struct aml_method {
	const u8 *code; /* term list */
	u32 len;
	u8 flags; /* 0-2 args, 3 serialized, 4-7 sync level */
	u8 int_bytes;
	struct aml_object *mutex; /* serialized methods: their implicit mutex */
	int (*native)(struct aml *a, struct aml_object **args, struct aml_object **ret);
};

struct aml_object {
	u32 refs;
	u8 type;
	union {
		u64 integer;
		struct {
			u32 len; /* without the NUL that follows data */
			char *data;
		} str;
		struct {
			u32 len;
			u8 *data;
		} buf;
		struct {
			u32 count;
			struct aml_object **elems; /* NULL element: uninitialized */
		} pkg;
		struct {
			u8 kind;
			struct aml_node *node;	      /* REF_NODE */
			struct aml_object *container; /* REF_INDEX */
			u32 index;
		} ref;
		struct aml_method method;
		struct {
			u8 sync, depth, prev_sync;
		} mutex;
		struct {
			u32 count;
		} event;
		struct {
			u8 space;
			u64 offset, len;
			struct aml_node *node; /* for PCI_Config: the device */
		} region;
		struct {
			u8 kind, flags; /* flags: access type, update rule */
			u32 bit_offset, bit_len;
			struct aml_node *region;       /* FIELD_REGION, FIELD_BANK */
			struct aml_node *index, *data; /* FIELD_INDEX; data: bank register */
			u64 bank_value;
		} field;
		struct {
			struct aml_object *buffer;
			u32 bit_offset, bit_len;
			bool as_buffer; /* CreateField: read as a Buffer */
		} bfield;
		struct {
			struct aml_node *target;
		} alias;
		struct {
			u8 id, pblk_len;
			u32 pblk;
		} proc;
	};
};

struct aml_node {
	char name[4];
	u32 refs; /* the tree holds one; references hold one each */
	struct aml_node *parent, *child, *next, *last_child;
	struct aml_object *obj;
	struct aml_node *temp_next; /* names made by a running method */
	bool detached;
};

/* A method invocation. */
struct frame {
	struct aml_object *args[7], *locals[8];
	struct aml_node *scope; /* where names are looked up and made */
	struct aml_node *temps; /* names this invocation made */
	struct aml_object *ret;
	struct frame *caller;
	struct aml_node *method;
	int int_bytes;
};

struct aml {
	const struct aml_host_ops *ops;
	void *ctx;
	struct aml_node *root;
	u32 nodes;
	int int_bytes; /* of the running code */
	int depth;     /* method invocations */
	int nest;      /* nested terms */
	u8 sync_level;
	u64 deadline;	       /* now_ns limit of the running evaluation; 0: none */
	uintptr_t stack_top;   /* stack address where the evaluation began */
	const u8 *table_start; /* for error offsets */
	const u8 *table_end;
	char sig[5];
	struct aml_object *held[16]; /* mutexes held, in acquisition order */
	u32 nheld;
	bool error_logged; /* the failing term was named: callers stay quiet */
};

/* Parse position in a term list. */
struct cursor {
	const u8 *p, *end;
};

/* Flow from a term: 0 normal, or one of these; errors are negative. */
#define FLOW_BREAK    1
#define FLOW_CONTINUE 2
#define FLOW_RETURN   3

/* object.c */
void *aml_alloc(struct aml *a, size_t size);
void aml_free(struct aml *a, void *p);
void aml_log(struct aml *a, int error, const char *fmt, ...) __printf(3, 4);
struct aml_object *obj_new(struct aml *a, u8 type);
struct aml_object *obj_get(struct aml_object *o);
void obj_put(struct aml *a, struct aml_object *o);
struct aml_object *obj_int(struct aml *a, u64 v);
struct aml_object *obj_string(struct aml *a, const char *s, u32 len);
struct aml_object *obj_buffer(struct aml *a, const u8 *data, u32 len);
struct aml_object *obj_package(struct aml *a, u32 count);
struct aml_object *obj_ref_node(struct aml *a, struct aml_node *n);
/* A copy that shares nothing mutable (string, buffer, package contents). */
struct aml_object *obj_copy(struct aml *a, struct aml_object *o);
u64 int_mask(const struct aml *a);
const char *aml_type_name(u8 type);

/* convert.c: implicit (Store/operand) and explicit conversions. */
int to_integer(struct aml *a, struct aml_object *o, u64 *v);
int to_integer_explicit(struct aml *a, struct aml_object *o, u64 *v);
struct aml_object *to_buffer(struct aml *a, struct aml_object *o, int *err);
struct aml_object *to_string(struct aml *a, struct aml_object *o, int *err);
struct aml_object *to_hex_string(struct aml *a, struct aml_object *o, int *err);
struct aml_object *to_dec_string(struct aml *a, struct aml_object *o, int *err);
/* Compare per the first operand's type: -1, 0, 1 in *cmp. */
int compare(struct aml *a, struct aml_object *x, struct aml_object *y, int *cmp);
struct aml_object *concat(struct aml *a, struct aml_object *x, struct aml_object *y, int *err);

/* namespace.c */
struct aml_node *node_new(struct aml *a, struct aml_node *parent, const char name[4]);
void node_get(struct aml_node *n);
void node_put(struct aml *a, struct aml_node *n);
void node_detach(struct aml *a, struct aml_node *n);
void node_set(struct aml *a, struct aml_node *n, struct aml_object *o); /* takes o */
struct aml_node *node_child(struct aml_node *n, const char name[4]);
/* A parsed NameString. */
struct name {
	const u8 *segs; /* nseg * 4 bytes */
	u32 nseg;
	u32 up;	   /* '^' prefixes */
	bool root; /* '\' prefix */
};
int parse_name(struct aml *a, struct cursor *c, struct name *n);
bool is_name_lead(u8 b);
struct aml_node *name_lookup(struct aml *a, struct aml_node *scope, const struct name *n);
/* name_lookup that reports a missing name: a log line ("aml: <what><name>:
 * no such name") and the error at c; NULL then (the caller returns
 * -ENOENT). */
struct aml_node *name_resolve(struct aml *a, struct aml_node *scope, const struct cursor *c,
			      const struct name *n, const char *what);
/* Create the last segment under the scope the prefix names; -EEXIST if there. */
int name_create(struct aml *a, struct aml_node *scope, const struct name *n, struct aml_node **out);
struct aml_node *node_resolve_alias(struct aml_node *n);
void name_format(const struct name *n, char *buf, size_t size);

/* field.c */
int field_read(struct aml *a, struct aml_object *f, struct aml_object **out);
int field_write(struct aml *a, struct aml_object *f, struct aml_object *v);
int parse_field_list(struct aml *a, struct frame *fr, struct cursor *c,
		     const struct aml_object *proto);

/* exec.c */
int exec_term_list(struct aml *a, struct frame *fr, const u8 *p, const u8 *end);
int invoke(struct aml *a, struct aml_node *m, struct aml_object **args, u32 nargs,
	   struct aml_object **ret);
int node_value(struct aml *a, struct aml_node *n, struct aml_object **out);
void error_at(struct aml *a, const struct cursor *c, int err, const char *what);

#endif

/*
 * The AML interpreter (acpi/aml/): loads DSDT/SSDT definition blocks into
 * a namespace, evaluates control methods, and walks devices. Pure code: the
 * environment (memory, log, operation-region access, time) comes through one
 * const struct aml_host_ops, so the same interpreter runs in the kernel and
 * in the host tests. Single-threaded: the caller serializes every call on
 * one struct aml.
 */
#ifndef LOOM_AML_H
#define LOOM_AML_H

#include <loom/types.h>

/* Object types; the values are what ObjectType() returns. */
enum aml_type {
	AML_UNINIT = 0,
	AML_INTEGER = 1,
	AML_STRING = 2,
	AML_BUFFER = 3,
	AML_PACKAGE = 4,
	AML_FIELD_UNIT = 5,
	AML_DEVICE = 6,
	AML_EVENT = 7,
	AML_METHOD = 8,
	AML_MUTEX = 9,
	AML_REGION = 10,
	AML_POWER = 11,
	AML_PROCESSOR = 12,
	AML_THERMAL = 13,
	AML_BUFFER_FIELD = 14,
	AML_DEBUG = 16,
	/* Internal types; ObjectType() reports them as their referent or 0. */
	AML_REFERENCE = 20,
	AML_SCOPE = 21,
	AML_ALIAS = 22,
};

/* Operation-region address spaces the interpreter knows by name. */
enum aml_space {
	AML_SPACE_MEMORY = 0,
	AML_SPACE_IO = 1,
	AML_SPACE_PCI = 2,
};

struct aml;
struct aml_node;
struct aml_object;

/* Where a PCI_Config region lives: segment, bus, device, function. */
struct aml_pci_addr {
	u16 seg;
	u8 bus, dev, fn;
};

struct aml_host_ops {
	void *(*alloc)(size_t size); /* zeroed memory or NULL */
	void (*free)(void *p);
	void (*log)(void *ctx, int error, const char *msg); /* one line, no newline */
	/* A Store to the Debug object; int_bytes for aml_format. */
	void (*debug)(void *ctx, const struct aml_object *obj, int int_bytes);
	/* Region access: width 1, 2, 4 or 8 bytes at an address aligned to it
	 * (relative to the space; pci is set for AML_SPACE_PCI). 0 or -errno. */
	int (*read)(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		    u64 *val);
	int (*write)(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		     u64 val);
	u64 (*now_ns)(void *ctx); /* monotonic; may be NULL (no time limit) */
	void (*stall_us)(void *ctx, u64 us);
	void (*sleep_ms)(void *ctx, u64 ms);
	/* Bytes of stack one evaluation may use (nested terms and method
	 * calls recurse); deeper AML is refused. 0: no limit but the counts. */
	size_t stack_budget;
};

/* Limits that stop bad AML (Documentation/acpi.md). */
#define AML_MAX_CALL_DEPTH  48	       /* nested method invocations */
#define AML_MAX_NEST	    160	       /* nested terms inside one another */
#define AML_MAX_LOOP	    (1u << 20) /* iterations of one While */
#define AML_MAX_EVAL_NS	    (2000ull * 1000000ull)
#define AML_MAX_OBJECT_SIZE (1u << 20) /* bytes of one string/buffer, elements */

/* A new, empty namespace (\_SB, \_GPE, \_PR, \_TZ, \_SI, \_GL, \_OSI ...). */
struct aml *aml_create(const struct aml_host_ops *ops, void *ctx);
void aml_destroy(struct aml *a);
/* Load one definition block (a whole table, header included): 0 or -errno;
 * what loaded before an error stays in the namespace. */
int aml_load_table(struct aml *a, const void *table, size_t len);
/* Run _STA and _INI over the namespace (\_SB._INI first, then every present
 * device, parents before children). Returns the number of _INI run. */
int aml_initialize(struct aml *a);

/* A node by absolute path ("\\_SB.PCI0") or relative to scope (NULL: root). */
struct aml_node *aml_lookup(struct aml *a, struct aml_node *scope, const char *path);
/* Evaluate a node: a method is run with args, other objects are read.
 * *result (may be NULL) gets a new reference or NULL. 0 or -errno. */
int aml_evaluate(struct aml *a, struct aml_node *node, struct aml_object **args, u32 nargs,
		 struct aml_object **result);
/* Evaluate path under node (absent: -ENOENT) to an integer. */
int aml_eval_integer(struct aml *a, struct aml_node *node, const char *path, u64 *v);

/* Objects handed out by the interpreter. */
enum aml_type aml_object_type(const struct aml_object *o);
u64 aml_object_integer(const struct aml_object *o);
/* String or buffer bytes (string without its NUL) and length. */
const u8 *aml_object_data(const struct aml_object *o, u32 *len);
u32 aml_package_count(const struct aml_object *o);
const struct aml_object *aml_package_element(const struct aml_object *o, u32 i);
struct aml_object *aml_object_new_integer(struct aml *a, u64 v);
struct aml_object *aml_object_new_string(struct aml *a, const char *s);
void aml_object_put(struct aml *a, struct aml_object *o);
/* Debug-style text of an object: 0x..., "...", Buffer[N] XX ..., Package[N]{...}.
 * int_bytes: 4 or 8 (integer width). Returns the length it needed. */
size_t aml_format(const struct aml_object *o, int int_bytes, char *buf, size_t size);
/* Integer width (4 or 8 bytes) of the table that last ran code. */
int aml_int_bytes(const struct aml *a);

/* Namespace walks. */
enum aml_type aml_node_type(const struct aml_node *n);
/* Four-character name and absolute path ("\\_SB_.PCI0" printed as "\\_SB.PCI0"). */
void aml_node_name(const struct aml_node *n, char name[5]);
size_t aml_node_path(const struct aml_node *n, char *buf, size_t size);
struct aml_node *aml_node_parent(const struct aml_node *n);
struct aml_node *aml_node_child(const struct aml_node *n);
struct aml_node *aml_node_next(const struct aml_node *n);
struct aml_node *aml_root(struct aml *a);
u32 aml_object_count(const struct aml *a); /* namespace nodes */

/* Device identification: _STA (0x0F when absent), _HID and each _CID as a
 * string ("PNP0303": EISA ids decoded). aml_device_ids writes up to max
 * ids (each up to AML_ID_LEN bytes with NUL), _HID first; returns the count. */
#define AML_ID_LEN 16
int aml_device_status(struct aml *a, struct aml_node *dev, u64 *sta);
int aml_device_ids(struct aml *a, struct aml_node *dev, char (*ids)[AML_ID_LEN], int max);
/* Pure: an EISA id integer (as _HID returns it) to "PNP0303". */
void aml_eisa_id(u32 v, char out[8]);

#endif

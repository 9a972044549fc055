/*
 * Opcodes and the evaluator's shared helpers (acpi/aml/exec.c, ops.c,
 * store.c). Extended opcodes (after the 0x5B prefix) are 0x5Bxx.
 */
#ifndef ACPI_AML_EXEC_H
#define ACPI_AML_EXEC_H

#include "internal.h"

enum {
	OP_ZERO = 0x00,
	OP_ONE = 0x01,
	OP_ALIAS = 0x06,
	OP_NAME = 0x08,
	OP_BYTE = 0x0a,
	OP_WORD = 0x0b,
	OP_DWORD = 0x0c,
	OP_STRING = 0x0d,
	OP_QWORD = 0x0e,
	OP_SCOPE = 0x10,
	OP_BUFFER = 0x11,
	OP_PACKAGE = 0x12,
	OP_VAR_PACKAGE = 0x13,
	OP_METHOD = 0x14,
	OP_EXTERNAL = 0x15,
	OP_EXT = 0x5b,
	OP_LOCAL0 = 0x60,
	OP_ARG0 = 0x68,
	OP_STORE = 0x70,
	OP_REF_OF = 0x71,
	OP_ADD = 0x72,
	OP_CONCAT = 0x73,
	OP_SUBTRACT = 0x74,
	OP_INCREMENT = 0x75,
	OP_DECREMENT = 0x76,
	OP_MULTIPLY = 0x77,
	OP_DIVIDE = 0x78,
	OP_SHL = 0x79,
	OP_SHR = 0x7a,
	OP_AND = 0x7b,
	OP_NAND = 0x7c,
	OP_OR = 0x7d,
	OP_NOR = 0x7e,
	OP_XOR = 0x7f,
	OP_NOT = 0x80,
	OP_FIND_LEFT = 0x81,
	OP_FIND_RIGHT = 0x82,
	OP_DEREF_OF = 0x83,
	OP_CONCAT_RES = 0x84,
	OP_MOD = 0x85,
	OP_NOTIFY = 0x86,
	OP_SIZE_OF = 0x87,
	OP_INDEX = 0x88,
	OP_MATCH = 0x89,
	OP_CREATE_DWORD = 0x8a,
	OP_CREATE_WORD = 0x8b,
	OP_CREATE_BYTE = 0x8c,
	OP_CREATE_BIT = 0x8d,
	OP_OBJECT_TYPE = 0x8e,
	OP_CREATE_QWORD = 0x8f,
	OP_LAND = 0x90,
	OP_LOR = 0x91,
	OP_LNOT = 0x92,
	OP_LEQUAL = 0x93,
	OP_LGREATER = 0x94,
	OP_LLESS = 0x95,
	OP_TO_BUFFER = 0x96,
	OP_TO_DEC_STRING = 0x97,
	OP_TO_HEX_STRING = 0x98,
	OP_TO_INTEGER = 0x99,
	OP_TO_STRING = 0x9c,
	OP_COPY_OBJECT = 0x9d,
	OP_MID = 0x9e,
	OP_CONTINUE = 0x9f,
	OP_IF = 0xa0,
	OP_ELSE = 0xa1,
	OP_WHILE = 0xa2,
	OP_NOOP = 0xa3,
	OP_RETURN = 0xa4,
	OP_BREAK = 0xa5,
	OP_BREAKPOINT = 0xcc,
	OP_ONES = 0xff,
	OP_MUTEX = 0x5b01,
	OP_EVENT = 0x5b02,
	OP_COND_REF_OF = 0x5b12,
	OP_CREATE_FIELD = 0x5b13,
	OP_LOAD_TABLE = 0x5b1f,
	OP_LOAD = 0x5b20,
	OP_STALL = 0x5b21,
	OP_SLEEP = 0x5b22,
	OP_ACQUIRE = 0x5b23,
	OP_SIGNAL = 0x5b24,
	OP_WAIT = 0x5b25,
	OP_RESET = 0x5b26,
	OP_RELEASE = 0x5b27,
	OP_FROM_BCD = 0x5b28,
	OP_TO_BCD = 0x5b29,
	OP_UNLOAD = 0x5b2a,
	OP_REVISION = 0x5b30,
	OP_DEBUG = 0x5b31,
	OP_FATAL = 0x5b32,
	OP_TIMER = 0x5b33,
	OP_REGION = 0x5b80,
	OP_FIELD = 0x5b81,
	OP_DEVICE = 0x5b82,
	OP_PROCESSOR = 0x5b83,
	OP_POWER = 0x5b84,
	OP_THERMAL = 0x5b85,
	OP_INDEX_FIELD = 0x5b86,
	OP_BANK_FIELD = 0x5b87,
	OP_DATA_REGION = 0x5b88,
};

/* A Store/CopyObject destination. */
enum target_kind { T_NONE, T_LOCAL, T_ARG, T_NODE, T_DEBUG, T_REF };
struct target {
	u8 kind, index;
	struct aml_node *node;	/* T_NODE */
	struct aml_object *ref; /* T_REF: a reference (owned) */
};

int eval(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **out);
int eval_arg(struct aml *a, struct frame *fr, struct cursor *c, struct aml_object **o);
int eval_int(struct aml *a, struct frame *fr, struct cursor *c, u64 *v);
int eval_op(struct aml *a, struct frame *fr, struct cursor *c, u16 op, struct aml_object **out);
int pkg_length(struct aml *a, struct cursor *c, const u8 **end);
int need(struct aml *a, struct cursor *c, u32 n);
int check_time(struct aml *a, const struct cursor *c);
int create_name(struct aml *a, struct frame *fr, struct cursor *c, struct aml_node **n);

/* define.c: each parses its term after the opcode. */
int scoped_object(struct aml *a, struct frame *fr, struct cursor *c, u16 op);
int def_method(struct aml *a, struct frame *fr, struct cursor *c);
int def_name(struct aml *a, struct frame *fr, struct cursor *c);
int def_alias(struct aml *a, struct frame *fr, struct cursor *c);
int def_sync(struct aml *a, struct frame *fr, struct cursor *c, u16 op);
int def_region(struct aml *a, struct frame *fr, struct cursor *c);
int def_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op);
int def_buffer_field(struct aml *a, struct frame *fr, struct cursor *c, u16 op);
const u8 *term_end(const u8 *p, const u8 *end);
int mutex_op(struct aml *a, struct aml_node *n, bool acquire);

/* store.c */
/* Parse a SuperName or Target; cond: a missing name is not an error (*found false). */
int parse_target(struct aml *a, struct frame *fr, struct cursor *c, struct target *t, bool *found);
void target_release(struct aml *a, struct target *t);
int target_value(struct aml *a, struct frame *fr, struct target *t, struct aml_object **out);
int store(struct aml *a, struct frame *fr, struct target *t, struct aml_object *v);
int copy_object(struct aml *a, struct frame *fr, struct target *t, struct aml_object *v);
int deref(struct aml *a, struct aml_object *ref, struct aml_object **out);
int store_node(struct aml *a, struct aml_node *n, struct aml_object *v);

#endif

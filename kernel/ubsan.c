/*
 * The runtime of -fsanitize=undefined (CONFIG_UBSAN): each handler prints
 * one report with the source location and the values involved, plus a
 * backtrace, and lets the kernel go on (like a warning). The same location
 * is reported once. This file itself is built without the sanitizer.
 */
#include <loom/ksyms.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/module.h>

struct source_location {
	const char *file;
	u32 line, column;
};

struct type_descriptor {
	u16 kind; /* 0 integer, 1 float */
	u16 info; /* integer: bit 0 signed, bits 1.. log2(bit width) */
	char name[];
};

struct overflow_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

struct shift_data {
	struct source_location loc;
	const struct type_descriptor *lhs, *rhs;
};

struct out_of_bounds_data {
	struct source_location loc;
	const struct type_descriptor *array, *index;
};

struct type_mismatch_data {
	struct source_location loc;
	const struct type_descriptor *type;
	u8 log_alignment, kind;
};

struct location_only {
	struct source_location loc;
};

struct invalid_value_data {
	struct source_location loc;
	const struct type_descriptor *type;
};

/* Reports so far (the ubsan test suite checks that they happen). */
unsigned long ubsan_reports;

static bool once(struct source_location *loc)
{
	/* Mark the location as reported by setting the column's top bit. */
	u32 old = __atomic_fetch_or(&loc->column, 0x80000000u, __ATOMIC_RELAXED);

	return !(old & 0x80000000u);
}

static void report(struct source_location *loc, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	__atomic_fetch_add(&ubsan_reports, 1, __ATOMIC_RELAXED);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	pr_err("UBSAN: %s at %s:%u:%u", msg, loc->file, loc->line, loc->column & 0x7fffffffu);
	dump_stack();
}

static bool is_signed(const struct type_descriptor *t)
{
	return t->kind == 0 && (t->info & 1);
}

static long long value(const struct type_descriptor *t, void *v)
{
	unsigned bits = 1u << (t->info >> 1);

	if (bits <= 64)
		return (long long)(uintptr_t)v; /* inline values */
	return *(long long *)v;
}

static void overflow(struct overflow_data *d, void *a, void *b, const char *op)
{
	if (!once(&d->loc))
		return;
	if (is_signed(d->type))
		report(&d->loc, "signed integer overflow: %lld %s %lld in type %s",
		       value(d->type, a), op, value(d->type, b), d->type->name);
	else
		report(&d->loc, "unsigned integer overflow: %llu %s %llu in type %s",
		       (unsigned long long)value(d->type, a), op,
		       (unsigned long long)value(d->type, b), d->type->name);
}

void __ubsan_handle_add_overflow(struct overflow_data *d, void *a, void *b)
{
	overflow(d, a, b, "+");
}

void __ubsan_handle_sub_overflow(struct overflow_data *d, void *a, void *b)
{
	overflow(d, a, b, "-");
}

void __ubsan_handle_mul_overflow(struct overflow_data *d, void *a, void *b)
{
	overflow(d, a, b, "*");
}

void __ubsan_handle_negate_overflow(struct overflow_data *d, void *a)
{
	if (once(&d->loc))
		report(&d->loc, "negation of %lld cannot be represented in type %s",
		       value(d->type, a), d->type->name);
}

void __ubsan_handle_divrem_overflow(struct overflow_data *d, void *a, void *b)
{
	if (once(&d->loc))
		report(&d->loc, "division overflow or by zero: %lld / %lld in type %s",
		       value(d->type, a), value(d->type, b), d->type->name);
}

void __ubsan_handle_shift_out_of_bounds(struct shift_data *d, void *a, void *b)
{
	if (once(&d->loc))
		report(&d->loc, "shift out of bounds: %lld (%s) by %lld (%s)", value(d->lhs, a),
		       d->lhs->name, value(d->rhs, b), d->rhs->name);
}

void __ubsan_handle_out_of_bounds(struct out_of_bounds_data *d, void *index)
{
	if (once(&d->loc))
		report(&d->loc, "index %lld out of bounds for type %s", value(d->index, index),
		       d->array->name);
}

void __ubsan_handle_type_mismatch_v1(struct type_mismatch_data *d, void *ptr)
{
	static const char *const kinds[] = {
		"load of",
		"store to",
		"reference binding to",
		"member access within",
		"member call on",
		"constructor call on",
		"downcast of",
		"downcast of",
		"upcast of",
		"cast to virtual base of",
		"_Nonnull binding to",
		"dynamic operation on",
	};
	const char *k = d->kind < ARRAY_SIZE(kinds) ? kinds[d->kind] : "access to";

	if (!once(&d->loc))
		return;
	if (!ptr)
		report(&d->loc, "%s null pointer of type %s", k, d->type->name);
	else if ((uintptr_t)ptr & ((1ULL << d->log_alignment) - 1))
		report(&d->loc, "%s misaligned address %p for type %s (needs %u-byte alignment)", k,
		       ptr, d->type->name, 1u << d->log_alignment);
	else
		report(&d->loc, "%s address %p with insufficient space for type %s", k, ptr,
		       d->type->name);
}

void __ubsan_handle_load_invalid_value(struct invalid_value_data *d, void *v)
{
	if (once(&d->loc))
		report(&d->loc, "load of invalid value %lld for type %s", value(d->type, v),
		       d->type->name);
}

void __ubsan_handle_pointer_overflow(struct location_only *d, void *base, void *result)
{
	if (once(&d->loc))
		report(&d->loc, "pointer arithmetic overflow: %p -> %p", base, result);
}

void __ubsan_handle_builtin_unreachable(struct location_only *d)
{
	report(&d->loc, "execution reached __builtin_unreachable()");
}

void __ubsan_handle_missing_return(struct location_only *d)
{
	report(&d->loc, "execution reached the end of a value-returning function");
}

void __ubsan_handle_vla_bound_not_positive(struct overflow_data *d, void *bound)
{
	if (once(&d->loc))
		report(&d->loc, "variable-length array bound %lld is not positive",
		       value(d->type, bound));
}

void __ubsan_handle_nonnull_arg(struct location_only *d)
{
	if (once(&d->loc))
		report(&d->loc, "null passed as an argument declared never null");
}

void __ubsan_handle_nonnull_return_v1(struct location_only *d, struct location_only *l)
{
	if (once(&d->loc))
		report(&d->loc, "null returned from a function declared never to return null");
}

void __ubsan_handle_invalid_builtin(struct location_only *d)
{
	if (once(&d->loc))
		report(&d->loc, "invalid argument to a builtin (ctz/clz of zero)");
}

EXPORT_SYMBOL(__ubsan_handle_add_overflow);
EXPORT_SYMBOL(__ubsan_handle_sub_overflow);
EXPORT_SYMBOL(__ubsan_handle_mul_overflow);
EXPORT_SYMBOL(__ubsan_handle_negate_overflow);
EXPORT_SYMBOL(__ubsan_handle_divrem_overflow);
EXPORT_SYMBOL(__ubsan_handle_shift_out_of_bounds);
EXPORT_SYMBOL(__ubsan_handle_out_of_bounds);
EXPORT_SYMBOL(__ubsan_handle_type_mismatch_v1);
EXPORT_SYMBOL(__ubsan_handle_load_invalid_value);
EXPORT_SYMBOL(__ubsan_handle_pointer_overflow);
EXPORT_SYMBOL(__ubsan_handle_builtin_unreachable);
EXPORT_SYMBOL(__ubsan_handle_missing_return);
EXPORT_SYMBOL(__ubsan_handle_vla_bound_not_positive);
EXPORT_SYMBOL(__ubsan_handle_nonnull_arg);
EXPORT_SYMBOL(__ubsan_handle_nonnull_return_v1);
EXPORT_SYMBOL(__ubsan_handle_invalid_builtin);

/*
 * Bad AML is refused with an error and a log line, never a crash: hand-made
 * methods (unknown opcode, endless While, unbounded recursion, terms nested
 * too deeply, an index out of range, a truncated table), and every fixture
 * truncated at every offset (its header length patched to match, so that
 * the parser meets the cut) under ASan and UBSan.
 */
#include "test.h"
#include "aml_env.h"
#include <loom/errno.h>
#include <stdlib.h>

extern const unsigned char aml_t01_aml[], aml_t02_aml[], aml_t03_aml[], aml_t04_aml[],
	aml_t05_aml[], aml_t06_aml[], aml_t07_aml[], aml_t08_aml[], aml_t09_aml[], aml_t10_aml[],
	aml_q35_dsdt[], aml_pc_dsdt[];
extern const size_t aml_t01_aml_len, aml_t02_aml_len, aml_t03_aml_len, aml_t04_aml_len,
	aml_t05_aml_len, aml_t06_aml_len, aml_t07_aml_len, aml_t08_aml_len, aml_t09_aml_len,
	aml_t10_aml_len, aml_q35_dsdt_len, aml_pc_dsdt_len;

/* A DSDT around body (revision 2). */
static unsigned char *table(const unsigned char *body, size_t n, size_t *len)
{
	unsigned char *t = calloc(1, 36 + n);

	memcpy(t, "DSDT", 4);
	*len = 36 + n;
	t[4] = (unsigned char)*len;
	t[5] = (unsigned char)(*len >> 8);
	t[6] = (unsigned char)(*len >> 16);
	t[8] = 2;
	memcpy(t + 36, body, n);
	return t;
}

/* PkgLength encoding of len (which counts its own bytes). */
static size_t put_pkglen(unsigned char *p, size_t body)
{
	size_t len = body + 1;

	if (len < 0x40) {
		p[0] = (unsigned char)len;
		return 1;
	}
	len = body + 2;
	if (len < 0x1000) {
		p[0] = (unsigned char)(0x40 | (len & 0xf));
		p[1] = (unsigned char)(len >> 4);
		return 2;
	}
	len = body + 3;
	p[0] = (unsigned char)(0x80 | (len & 0xf));
	p[1] = (unsigned char)(len >> 4);
	p[2] = (unsigned char)(len >> 12);
	return 3;
}

/* Method (MAIN, 0) { code } as a table. */
static unsigned char *main_method(const unsigned char *code, size_t n, size_t *len)
{
	unsigned char *b = malloc(n + 16);
	size_t k = 0, body = 4 + 1 + n;

	b[k++] = 0x14;
	k += put_pkglen(b + k, body);
	memcpy(b + k, "MAIN", 4);
	k += 4;
	b[k++] = 0;
	memcpy(b + k, code, n);
	k += n;
	unsigned char *t = table(b, k, len);
	free(b);
	return t;
}

static int run_main(const unsigned char *code, size_t n, struct aml_env *e)
{
	size_t len;
	unsigned char *t = main_method(code, n, &len);
	struct aml_object *res = NULL;
	struct aml *a;
	int r;

	aml_env_init(e);
	a = aml_create(&aml_env_ops, e);
	r = aml_load_table(a, t, len);
	if (!r)
		r = aml_evaluate(a, aml_lookup(a, NULL, "\\MAIN"), NULL, 0, &res);
	aml_object_put(a, res);
	aml_destroy(a);
	aml_env_fini(e);
	free(t);
	return r;
}

TEST(aml_bad_unknown_opcode)
{
	static const unsigned char code[] = { 0x02 };
	struct aml_env *e = malloc(sizeof(*e));

	EXPECT_EQ(run_main(code, sizeof(code), e), -ENOSYS);
	EXPECT_TRUE(strstr(e->log, "opcode 0x2 not supported") != NULL);
	free(e);
}

TEST(aml_bad_endless_while)
{
	static const unsigned char code[] = { 0xa2, 0x02, 0x01 }; /* While (One) {} */
	struct aml_env *e = malloc(sizeof(*e));
	int r = run_main(code, sizeof(code), e);

	EXPECT_TRUE(r == -ELOOP || r == -ETIMEDOUT);
	EXPECT_TRUE(strstr(e->log, "While loop limit") || strstr(e->log, "time limit"));
	free(e);
}

TEST(aml_bad_recursion)
{
	static const unsigned char code[] = { 'M', 'A', 'I', 'N' }; /* MAIN () */
	struct aml_env *e = malloc(sizeof(*e));

	EXPECT_EQ(run_main(code, sizeof(code), e), -ELOOP);
	EXPECT_TRUE(strstr(e->log, "nested deeper") != NULL);
	free(e);
}

TEST(aml_bad_nesting)
{
	/* Return (Not (Not (... One ...))) nested 4000 deep. */
	enum { N = 4000 };
	unsigned char *code = malloc(2 * N + 2);
	struct aml_env *e = malloc(sizeof(*e));
	size_t k = 0;

	code[k++] = 0xa4;
	for (int i = 0; i < N; i++)
		code[k++] = 0x80;
	code[k++] = 0x01;
	for (int i = 0; i < N; i++)
		code[k++] = 0x00;
	EXPECT_EQ(run_main(code, k, e), -ELOOP);
	EXPECT_TRUE(strstr(e->log, "nested too deeply") != NULL);
	free(code);
	free(e);
}

TEST(aml_bad_index)
{
	/* Return (DerefOf (Index (Package () { One }, 5))) */
	static const unsigned char code[] = { 0xa4, 0x83, 0x88, 0x12, 0x03,
					      0x01, 0x01, 0x0a, 0x05, 0x00 };
	struct aml_env *e = malloc(sizeof(*e));

	EXPECT_EQ(run_main(code, sizeof(code), e), -ERANGE);
	EXPECT_TRUE(strstr(e->log, "index out of range") != NULL);
	free(e);
}

TEST(aml_bad_divide_by_zero)
{
	/* Return (Divide (One, Zero)) */
	static const unsigned char code[] = { 0xa4, 0x78, 0x01, 0x00, 0x00, 0x00 };
	struct aml_env *e = malloc(sizeof(*e));

	EXPECT_EQ(run_main(code, sizeof(code), e), -EDOM);
	free(e);
}

TEST(aml_good_method_returns)
{
	/* Return (Add (0x20, 0x22)) */
	static const unsigned char code[] = { 0xa4, 0x72, 0x0a, 0x20, 0x0a, 0x22, 0x00 };
	struct aml_env *e = malloc(sizeof(*e));

	EXPECT_EQ(run_main(code, sizeof(code), e), 0);
	EXPECT_EQ(e->log_len, 0);
	free(e);
}

TEST(aml_bad_header)
{
	struct aml_env *e = malloc(sizeof(*e));
	unsigned char t[40] = "DSDT";
	struct aml *a;

	aml_env_init(e);
	a = aml_create(&aml_env_ops, e);
	EXPECT_EQ(aml_load_table(a, t, 20), -EINVAL);
	t[4] = 200; /* longer than the bytes given */
	EXPECT_EQ(aml_load_table(a, t, sizeof(t)), -EINVAL);
	EXPECT_TRUE(strstr(e->log, "does not fit") != NULL);
	aml_destroy(a);
	aml_env_fini(e);
	free(e);
}

/* Load every prefix of a table; run \MAIN and _STA/_INI when they loaded. */
static void truncations(const unsigned char *d, size_t n, int *failed)
{
	struct aml_env *e = malloc(sizeof(*e));
	unsigned char *t = malloc(n);

	for (size_t cut = 36; cut < n; cut++) {
		struct aml_object *res = NULL;
		struct aml_node *m;
		struct aml *a;

		memcpy(t, d, cut);
		t[4] = (unsigned char)cut;
		t[5] = (unsigned char)(cut >> 8);
		t[6] = (unsigned char)(cut >> 16);
		t[7] = 0;
		aml_env_init(e);
		a = aml_create(&aml_env_ops, e);
		if (!a) {
			*failed = 1;
			break;
		}
		aml_load_table(a, t, cut);
		m = aml_lookup(a, NULL, "\\MAIN");
		if (m)
			aml_evaluate(a, m, NULL, 0, &res);
		aml_object_put(a, res);
		aml_initialize(a);
		aml_destroy(a);
		aml_env_fini(e);
	}
	free(t);
	free(e);
}

TEST(aml_truncated_asl_fixtures)
{
	truncations(aml_t01_aml, aml_t01_aml_len, failed);
	truncations(aml_t02_aml, aml_t02_aml_len, failed);
	truncations(aml_t03_aml, aml_t03_aml_len, failed);
	truncations(aml_t04_aml, aml_t04_aml_len, failed);
	truncations(aml_t05_aml, aml_t05_aml_len, failed);
	truncations(aml_t06_aml, aml_t06_aml_len, failed);
	truncations(aml_t07_aml, aml_t07_aml_len, failed);
	truncations(aml_t08_aml, aml_t08_aml_len, failed);
	truncations(aml_t09_aml, aml_t09_aml_len, failed);
	truncations(aml_t10_aml, aml_t10_aml_len, failed);
}

TEST(aml_truncated_qemu_dsdt)
{
	truncations(aml_q35_dsdt, aml_q35_dsdt_len, failed);
	truncations(aml_pc_dsdt, aml_pc_dsdt_len, failed);
}

/* Byte flips: each byte of t05 and t06 replaced by a few values. */
TEST(aml_corrupted_bytes)
{
	static const unsigned char vals[] = { 0x00, 0xff, 0x5b, 0x14, 0x70, 0x88, 0x40, 0xc0 };
	const struct {
		const unsigned char *d;
		size_t n;
	} src[] = { { aml_t05_aml, aml_t05_aml_len }, { aml_t06_aml, aml_t06_aml_len } };
	struct aml_env *e = malloc(sizeof(*e));

	for (size_t s = 0; s < 2; s++) {
		unsigned char *t = malloc(src[s].n);

		for (size_t i = 36; i < src[s].n; i++) {
			for (size_t v = 0; v < sizeof(vals); v++) {
				struct aml_object *res = NULL;
				struct aml_node *m;
				struct aml *a;

				memcpy(t, src[s].d, src[s].n);
				t[i] = vals[v];
				aml_env_init(e);
				a = aml_create(&aml_env_ops, e);
				aml_load_table(a, t, src[s].n);
				m = aml_lookup(a, NULL, "\\MAIN");
				if (m)
					aml_evaluate(a, m, NULL, 0, &res);
				aml_object_put(a, res);
				aml_destroy(a);
				aml_env_fini(e);
			}
		}
		free(t);
	}
	free(e);
}

TEST(aml_stack_budget)
{
	/* 100 nested Not (fewer than AML_MAX_NEST) in 4 KiB of stack. */
	enum { N = 100 };
	struct aml_host_ops ops = aml_env_ops;
	unsigned char code[2 * N + 2];
	struct aml_env *e = malloc(sizeof(*e));
	struct aml_object *res = NULL;
	unsigned char *t;
	struct aml *a;
	size_t k = 0, len;

	code[k++] = 0xa4;
	for (int i = 0; i < N; i++)
		code[k++] = 0x80;
	code[k++] = 0x01;
	for (int i = 0; i < N; i++)
		code[k++] = 0x00;
	t = main_method(code, k, &len);
	ops.stack_budget = 4096;
	aml_env_init(e);
	a = aml_create(&ops, e);
	EXPECT_EQ(aml_load_table(a, t, len), 0);
	EXPECT_EQ(aml_evaluate(a, aml_lookup(a, NULL, "\\MAIN"), NULL, 0, &res), -ELOOP);
	EXPECT_TRUE(strstr(e->log, "nested too deeply") != NULL);
	aml_destroy(a);
	ops.stack_budget = 0; /* and without the budget it runs */
	a = aml_create(&ops, e);
	EXPECT_EQ(aml_load_table(a, t, len), 0);
	EXPECT_EQ(aml_evaluate(a, aml_lookup(a, NULL, "\\MAIN"), NULL, 0, &res), 0);
	EXPECT_EQ(aml_object_integer(res), 1); /* Not (Not (One)) ... */
	aml_object_put(a, res);
	aml_destroy(a);
	aml_env_fini(e);
	free(t);
	free(e);
}

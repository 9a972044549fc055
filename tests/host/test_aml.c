/*
 * The AML interpreter against ACPICA's answers: each tests/acpi/t*.aml is
 * evaluated (\MAIN, and \FAIL where the .expected file has it) and its
 * Debug output and result compared with acpiexec's, formatting normalized;
 * QEMU's DSDTs (and SSDTs) are loaded and initialized, and every device of
 * reference.txt (path, _HID, _CID, _UID, _ADR, _STA) and every path of
 * namespace.txt (with its type) is checked against our namespace.
 */
#include "test.h"
#include "aml_env.h"
#include <loom/errno.h>
#include <stdlib.h>
#include <ctype.h>

/* The fixtures (tests/host/aml.mk). */
extern const unsigned char aml_t01_aml[];
extern const size_t aml_t01_aml_len;
extern const unsigned char aml_t01_expected[];
extern const size_t aml_t01_expected_len;
extern const unsigned char aml_t02_aml[];
extern const size_t aml_t02_aml_len;
extern const unsigned char aml_t02_expected[];
extern const size_t aml_t02_expected_len;
extern const unsigned char aml_t03_aml[];
extern const size_t aml_t03_aml_len;
extern const unsigned char aml_t03_expected[];
extern const size_t aml_t03_expected_len;
extern const unsigned char aml_t04_aml[];
extern const size_t aml_t04_aml_len;
extern const unsigned char aml_t04_expected[];
extern const size_t aml_t04_expected_len;
extern const unsigned char aml_t05_aml[];
extern const size_t aml_t05_aml_len;
extern const unsigned char aml_t05_expected[];
extern const size_t aml_t05_expected_len;
extern const unsigned char aml_t06_aml[];
extern const size_t aml_t06_aml_len;
extern const unsigned char aml_t06_expected[];
extern const size_t aml_t06_expected_len;
extern const unsigned char aml_t07_aml[];
extern const size_t aml_t07_aml_len;
extern const unsigned char aml_t07_expected[];
extern const size_t aml_t07_expected_len;
extern const unsigned char aml_t08_aml[];
extern const size_t aml_t08_aml_len;
extern const unsigned char aml_t08_expected[];
extern const size_t aml_t08_expected_len;
extern const unsigned char aml_t09_aml[];
extern const size_t aml_t09_aml_len;
extern const unsigned char aml_t09_expected[];
extern const size_t aml_t09_expected_len;
extern const unsigned char aml_t10_aml[];
extern const size_t aml_t10_aml_len;
extern const unsigned char aml_t10_expected[];
extern const size_t aml_t10_expected_len;
extern const unsigned char aml_pc_dsdt[];
extern const size_t aml_pc_dsdt_len;
extern const unsigned char aml_pc_reference[];
extern const size_t aml_pc_reference_len;
extern const unsigned char aml_pc_namespace[];
extern const size_t aml_pc_namespace_len;
extern const unsigned char aml_q35_dsdt[];
extern const size_t aml_q35_dsdt_len;
extern const unsigned char aml_q35_reference[];
extern const size_t aml_q35_reference_len;
extern const unsigned char aml_q35_namespace[];
extern const size_t aml_q35_namespace_len;
extern const unsigned char aml_q35_ovmf_dsdt[];
extern const size_t aml_q35_ovmf_dsdt_len;
extern const unsigned char aml_q35_ovmf_reference[];
extern const size_t aml_q35_ovmf_reference_len;
extern const unsigned char aml_q35_ovmf_namespace[];
extern const size_t aml_q35_ovmf_namespace_len;
extern const unsigned char aml_q35_nvdimm_vmgenid_dsdt[];
extern const size_t aml_q35_nvdimm_vmgenid_dsdt_len;
extern const unsigned char aml_q35_nvdimm_vmgenid_reference[];
extern const size_t aml_q35_nvdimm_vmgenid_reference_len;
extern const unsigned char aml_q35_nvdimm_vmgenid_namespace[];
extern const size_t aml_q35_nvdimm_vmgenid_namespace_len;
extern const unsigned char aml_q35_nvdimm_vmgenid_ssdt1[];
extern const size_t aml_q35_nvdimm_vmgenid_ssdt1_len;
extern const unsigned char aml_q35_nvdimm_vmgenid_ssdt2[];
extern const size_t aml_q35_nvdimm_vmgenid_ssdt2_len;

/* A NUL-terminated copy of an embedded text file. */
static char *text(const unsigned char *d, size_t n)
{
	char *s = malloc(n + 1);

	memcpy(s, d, n);
	s[n] = 0;
	return s;
}

/* acpiexec's Debug line(s) -> our aml_format text: integers and strings
 * as they are; "Buffer  [0x04]" + dump lines -> "Buffer[4] 61 62 63 00". */
static char *next_line(char **p)
{
	char *l = *p, *nl;

	if (!*l)
		return NULL;
	nl = strchr(l, '\n');
	if (nl) {
		*nl = 0;
		*p = nl + 1;
	} else {
		*p = l + strlen(l);
	}
	return l;
}

struct section {
	char name[16];
	char debug[8192];
	size_t len;
	int failed;	 /* "failed with status" */
	char status[48]; /* its AE_ code */
	char rtype[16];	 /* "[Integer]" ... */
	char rvalue[64];
};

static void add(struct section *s, const char *line)
{
	size_t n = strlen(line);

	if (s->len + n + 2 < sizeof(s->debug)) {
		memcpy(s->debug + s->len, line, n);
		s->len += n;
		s->debug[s->len++] = '\n';
		s->debug[s->len] = 0;
	}
}

static int parse_expected(char *t, struct section *secs, int max)
{
	int n = -1;
	char *l, *p = t, pending[4096] = "";

	while ((l = next_line(&p))) {
		if (!strncmp(l, "Evaluating \\", 12)) {
			if (n + 1 >= max)
				break;
			n++;
			memset(&secs[n], 0, sizeof(secs[n]));
			snprintf(secs[n].name, sizeof(secs[n].name), "%s", l + 11);
			continue;
		}
		if (n < 0)
			continue;
		if (!strncmp(l, "    0000:", 9) || (strlen(l) > 9 && l[0] == ' ' && l[8] == ':' &&
						    isxdigit((unsigned char)l[4]))) {
			/* a dump line of the pending Buffer */
			char *q = l + 9, *cm = strstr(l, "//");

			if (cm)
				*cm = 0;
			while (*q) {
				while (*q == ' ')
					q++;
				if (!*q)
					break;
				size_t k = strlen(pending);
				snprintf(pending + k, sizeof(pending) - k, " %.2s", q);
				q += 2;
			}
			continue;
		}
		if (pending[0]) {
			add(&secs[n], pending);
			pending[0] = 0;
		}
		if (!strncmp(l, "ACPI Debug:  ", 13)) {
			const char *v = l + 13;
			unsigned len;

			if (sscanf(v, "Buffer [0x%x]", &len) == 1)
				snprintf(pending, sizeof(pending), "Buffer[%u]", len);
			else
				add(&secs[n], v);
		} else if (strstr(l, "failed with status ")) {
			secs[n].failed = 1;
			snprintf(secs[n].status, sizeof(secs[n].status), "%s",
				 strstr(l, "status ") + 7);
		} else if (l[0] == ' ' && l[1] == ' ' && l[2] == '[') {
			sscanf(l, " %15s = %63s", secs[n].rtype, secs[n].rvalue);
		}
	}
	if (n >= 0 && pending[0])
		add(&secs[n], pending);
	return n + 1;
}

/* Run every section of one test; returns the number of mismatches. */
static int run_asl(const char *name, const unsigned char *aml, size_t aml_len,
		   const unsigned char *exp, size_t exp_len)
{
	struct section *secs = calloc(4, sizeof(*secs));
	char *t = text(exp, exp_len);
	int nsec = parse_expected(t, secs, 4), bad = 0;
	struct aml_env *e = malloc(sizeof(*e));

	for (int i = 0; i < nsec; i++) {
		struct aml_object *res = NULL;
		struct aml *a;
		int r;

		aml_env_init(e);
		a = aml_create(&aml_env_ops, e);
		r = aml_load_table(a, aml, aml_len);
		if (r) {
			printf("    # %s: load failed %d\n", name, r);
			bad++;
		}
		r = aml_evaluate(a, aml_lookup(a, NULL, secs[i].name), NULL, 0, &res);
		if (strcmp(e->debug, secs[i].debug)) {
			printf("    # %s %s: Debug output differs\n    # got:\n%s    # "
			       "expected:\n%s",
			       name, secs[i].name, e->debug, secs[i].debug);
			bad++;
		}
		if (secs[i].failed) {
			/* AE_AML_MUTEX_ORDER is the only failure the tests expect. */
			if (r != -EDEADLK || strcmp(secs[i].status, "AE_AML_MUTEX_ORDER")) {
				printf("    # %s %s: expected failure %s, got %d\n", name,
				       secs[i].name, secs[i].status, r);
				bad++;
			}
		} else if (r || !res || strcmp(secs[i].rtype, "[Integer]") ||
			   aml_object_type(res) != AML_INTEGER ||
			   aml_object_integer(res) != strtoull(secs[i].rvalue, NULL, 16)) {
			printf("    # %s %s: result %d type %d value 0x%llx, expected %s %s\n",
			       name, secs[i].name, r, aml_object_type(res),
			       (unsigned long long)aml_object_integer(res), secs[i].rtype,
			       secs[i].rvalue);
			bad++;
		}
		aml_object_put(a, res);
		aml_destroy(a);
		aml_env_fini(e);
	}
	if (nsec < 1)
		bad++;
	free(e);
	free(secs);
	free(t);
	return bad;
}

#define ASL_TEST(n)                                                                         \
	TEST(aml_asl_##n)                                                                   \
	{                                                                                   \
		EXPECT_EQ(run_asl(#n, aml_##n##_aml, aml_##n##_aml_len, aml_##n##_expected, \
				  aml_##n##_expected_len),                                  \
			  0);                                                               \
	}
ASL_TEST(t01)
ASL_TEST(t02)
ASL_TEST(t03)
ASL_TEST(t04)
ASL_TEST(t05)
ASL_TEST(t06)
ASL_TEST(t07)
ASL_TEST(t08)
ASL_TEST(t09)
ASL_TEST(t10)

/* QEMU namespaces. */

struct table {
	const unsigned char *d;
	size_t n;
};

static struct aml *load_qemu(struct aml_env *e, const struct table *t, int nt)
{
	struct aml *a;

	aml_env_init(e);
	a = aml_create(&aml_env_ops, e);
	for (int i = 0; i < nt; i++)
		if (aml_load_table(a, t[i].d, t[i].n))
			printf("    # table %d did not load cleanly\n", i);
	aml_initialize(a);
	return a;
}

/* "PNP0A08 (0x080AD041)" -> PNP0A08; "\"ACPI0010\"" -> ACPI0010; "-" -> "". */
static void ref_id(const char *v, char *out, size_t n)
{
	if (v[0] == '"') {
		const char *end = strrchr(v + 1, '"');
		size_t l = end ? (size_t)(end - v - 1) : strlen(v + 1);

		snprintf(out, n, "%.*s", (int)l, v + 1);
	} else if (!strcmp(v, "-")) {
		out[0] = 0;
	} else {
		sscanf(v, "%31s", out);
	}
}

static int check_value(struct aml *a, struct aml_node *dev, const char *what, const char *want,
		       const char *path)
{
	struct aml_node *n = aml_lookup(a, dev, what);
	struct aml_object *o = NULL;
	char got[64] = "-";

	if (n && aml_node_parent(n) != dev)
		n = NULL; /* found further up: not this device's */
	if (n && aml_evaluate(a, n, NULL, 0, &o) == 0) {
		if (aml_object_type(o) == AML_INTEGER)
			snprintf(got, sizeof(got), "0x%llX",
				 (unsigned long long)aml_object_integer(o));
		else if (aml_object_type(o) == AML_STRING)
			snprintf(got, sizeof(got), "\"%s\"",
				 (const char *)aml_object_data(o, &(u32){ 0 }));
		else
			snprintf(got, sizeof(got), "(type %d)", aml_object_type(o));
	}
	aml_object_put(a, o);
	if (strcmp(got, want)) {
		printf("    # %s %s: got %s, expected %s\n", path, what, got, want);
		return 1;
	}
	return 0;
}

static int check_device(struct aml *a, const char *kind, const char *path, char fields[][128],
			int *matched)
{
	struct aml_node *dev = aml_lookup(a, NULL, path);
	char ids[8][AML_ID_LEN], want[40];
	int bad = 0, nids;
	u64 sta;

	if (!dev || aml_node_type(dev) != (strcmp(kind, "DEVICE") ? AML_PROCESSOR : AML_DEVICE)) {
		printf("    # %s %s: missing or of type %d\n", kind, path,
		       dev ? aml_node_type(dev) : -1);
		return 1;
	}
	nids = aml_device_ids(a, dev, ids, 8);
	/* _HID */
	ref_id(fields[0], want, sizeof(want));
	{
		struct aml_node *h = aml_lookup(a, dev, "_HID");
		bool has = h && aml_node_parent(h) == dev;

		if ((want[0] && (!has || nids < 1 || strcmp(ids[0], want))) || (!want[0] && has)) {
			printf("    # %s _HID: got %s, expected %s\n", path,
			       has && nids ? ids[0] : "-", fields[0]);
			bad++;
		}
	}
	/* _CID (first) */
	ref_id(fields[1], want, sizeof(want));
	{
		struct aml_node *h = aml_lookup(a, dev, "_HID");
		int first = h && aml_node_parent(h) == dev ? 1 : 0;
		const char *got = nids > first ? ids[first] : "";

		if (strcmp(got, want)) {
			printf("    # %s _CID: got %s, expected %s\n", path, got, fields[1]);
			bad++;
		}
	}
	bad += check_value(a, dev, "_UID", fields[2], path);
	bad += check_value(a, dev, "_ADR", fields[3], path);
	/* _STA */
	if (aml_device_status(a, dev, &sta)) {
		printf("    # %s _STA failed\n", path);
		bad++;
	} else if (!strncmp(fields[4], "- ", 2)) {
		struct aml_node *s = aml_lookup(a, dev, "_STA");

		if ((s && aml_node_parent(s) == dev) || sta != 0xf) {
			printf("    # %s _STA: got 0x%llx, expected none\n", path,
			       (unsigned long long)sta);
			bad++;
		}
	} else if (sta != strtoull(fields[4], NULL, 16)) {
		printf("    # %s _STA: got 0x%llx, expected %s\n", path, (unsigned long long)sta,
		       fields[4]);
		bad++;
	}
	if (!bad)
		(*matched)++;
	return bad;
}

static int check_reference(struct aml *a, char *t, int *devices, int *matched)
{
	static const char *const keys[] = { "_HID ", "_CID ", "_UID ", "_ADR ", "_STA " };
	char kind[16] = "", path[128] = "", fields[5][128];
	char *l, *p = t;
	int bad = 0;

	for (;;) {
		l = next_line(&p);
		if ((!l || !strncmp(l, "DEVICE ", 7) || !strncmp(l, "PROCESSOR ", 10) ||
		     !strncmp(l, "SLEEP", 5)) &&
		    path[0]) {
			bad += check_device(a, kind, path, fields, matched);
			(*devices)++;
			path[0] = 0;
		}
		if (!l)
			break;
		if (!strncmp(l, "DEVICE ", 7) || !strncmp(l, "PROCESSOR ", 10)) {
			sscanf(l, "%15s %127s", kind, path);
			memset(fields, 0, sizeof(fields));
			continue;
		}
		for (int k = 0; k < 5; k++)
			if (!strncmp(l, "  ", 2) && !strncmp(l + 2, keys[k], 5))
				snprintf(fields[k], sizeof(fields[k]), "%s", l + 7);
	}
	return bad;
}

static const char *type_word(enum aml_type t)
{
	switch (t) {
	case AML_INTEGER: return "Integer";
	case AML_STRING: return "String";
	case AML_BUFFER: return "Buffer";
	case AML_PACKAGE: return "Package";
	case AML_FIELD_UNIT: return "RegionField";
	case AML_DEVICE: return "Device";
	case AML_EVENT: return "Event";
	case AML_METHOD: return "Method";
	case AML_MUTEX: return "Mutex";
	case AML_REGION: return "Region";
	case AML_POWER: return "Power";
	case AML_PROCESSOR: return "Processor";
	case AML_THERMAL: return "Thermal";
	case AML_BUFFER_FIELD: return "BufferField";
	case AML_SCOPE: return "Scope";
	default: return "?";
	}
}

static u32 count_nodes(struct aml_node *n)
{
	u32 c = 0;

	for (struct aml_node *k = aml_node_child(n); k; k = aml_node_next(k))
		c += 1 + count_nodes(k);
	return c;
}

/* Every "depth Type path" line of namespace.txt: the path exists with that
 * type; and the namespace has as many nodes (acpiexec's _TI aside). */
static int check_paths(struct aml *a, char *t, int *paths)
{
	char *l, *p = t;
	int bad = 0, n = 0, section = 0;

	while ((l = next_line(&p))) {
		char type[32], path[128], full[130];
		int depth;
		struct aml_node *node;

		if (!strncmp(l, "## ", 3)) {
			section++;
			continue;
		}
		if (section != 1 || sscanf(l, "%d %31s %127s", &depth, type, path) != 3)
			continue;
		if (!strncmp(path, "_TI", 3))
			continue; /* acpiexec's own */
		n++;
		snprintf(full, sizeof(full), "\\%s", path);
		node = aml_lookup(a, NULL, full);
		if (!node || strcmp(type_word(aml_node_type(node)), type)) {
			printf("    # %s: %s, expected %s\n", full,
			       node ? type_word(aml_node_type(node)) : "missing", type);
			bad++;
		}
	}
	if ((u32)n != count_nodes(aml_root(a))) {
		printf("    # namespace has %u nodes, reference %d\n", count_nodes(aml_root(a)), n);
		bad++;
	}
	*paths = n;
	return bad;
}

static int run_qemu(const char *name, const struct table *tables, int nt, const unsigned char *ref,
		    size_t ref_len, const unsigned char *ns, size_t ns_len)
{
	struct aml_env *e = malloc(sizeof(*e));
	struct aml *a = load_qemu(e, tables, nt);
	char *rt = text(ref, ref_len), *nt_ = text(ns, ns_len);
	int devices = 0, matched = 0, paths = 0, bad;

	bad = check_reference(a, rt, &devices, &matched);
	bad += check_paths(a, nt_, &paths);
	printf("    # %s: %d of %d devices match, %d paths checked, %u objects\n", name, matched,
	       devices, paths, aml_object_count(a));
	if (devices < 10)
		bad++;
	aml_destroy(a);
	aml_env_fini(e);
	free(e);
	free(rt);
	free(nt_);
	return bad;
}

#define QEMU_TEST(n, ...)                                                                         \
	TEST(aml_qemu_##n)                                                                        \
	{                                                                                         \
		const struct table t[] = { { aml_##n##_dsdt, aml_##n##_dsdt_len }, __VA_ARGS__ }; \
		EXPECT_EQ(run_qemu(#n, t, (int)(sizeof(t) / sizeof(t[0])), aml_##n##_reference,   \
				   aml_##n##_reference_len, aml_##n##_namespace,                  \
				   aml_##n##_namespace_len),                                      \
			  0);                                                                     \
	}
QEMU_TEST(pc)
QEMU_TEST(q35)
QEMU_TEST(q35_ovmf)
QEMU_TEST(q35_nvdimm_vmgenid, { aml_q35_nvdimm_vmgenid_ssdt1, aml_q35_nvdimm_vmgenid_ssdt1_len },
	  { aml_q35_nvdimm_vmgenid_ssdt2, aml_q35_nvdimm_vmgenid_ssdt2_len })

TEST(aml_eisa_id)
{
	char s[8];

	aml_eisa_id(0x0303d041, s);
	EXPECT_STREQ(s, "PNP0303");
	aml_eisa_id(0x080ad041, s);
	EXPECT_STREQ(s, "PNP0A08");
	aml_eisa_id(0x0301d041, s);
	EXPECT_STREQ(s, "PNP0103");
}

/* The host environment of the AML tests (aml_env.h). */
#include "aml_env.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PAGE 4096

struct sim_page {
	struct sim_page *next;
	u8 space;
	u64 key, base;
	u8 data[PAGE];
};

static void *env_alloc(size_t n)
{
	return calloc(1, n);
}

static void env_free(void *p)
{
	free(p);
}

static void append(char *buf, size_t cap, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 2 > cap)
		return;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[(*len)++] = '\n';
	buf[*len] = 0;
}

static void env_log(void *ctx, int error, const char *msg)
{
	struct aml_env *e = ctx;

	if (e->verbose)
		printf("    # log: %s\n", msg);
	append(e->log, sizeof(e->log), &e->log_len, msg);
}

static void env_debug(void *ctx, const struct aml_object *o, int int_bytes)
{
	struct aml_env *e = ctx;
	char line[4096];

	aml_format(o, int_bytes, line, sizeof(line));
	append(e->debug, sizeof(e->debug), &e->debug_len, line);
}

static u64 pci_key(const struct aml_pci_addr *p)
{
	return p ? ((u64)p->seg << 24 | (u64)p->bus << 16 | (u64)p->dev << 8 | p->fn) : 0;
}

static u8 *sim_byte(struct aml_env *e, u8 space, u64 key, u64 addr)
{
	u64 base = addr & ~(u64)(PAGE - 1);
	struct sim_page *p;

	for (p = e->pages; p; p = p->next)
		if (p->space == space && p->key == key && p->base == base)
			return &p->data[addr - base];
	p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->space = space;
	p->key = key;
	p->base = base;
	p->next = e->pages;
	e->pages = p;
	return &p->data[addr - base];
}

static int env_read(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		    u64 *val)
{
	u64 key = space == AML_SPACE_PCI ? pci_key(pci) : 0;

	*val = 0;
	for (u32 i = 0; i < width; i++)
		*val |= (u64)*sim_byte(ctx, space, key, addr + i) << (8 * i);
	return 0;
}

static int env_write(void *ctx, u8 space, const struct aml_pci_addr *pci, u64 addr, u32 width,
		     u64 val)
{
	u64 key = space == AML_SPACE_PCI ? pci_key(pci) : 0;

	for (u32 i = 0; i < width; i++)
		*sim_byte(ctx, space, key, addr + i) = (u8)(val >> (8 * i));
	return 0;
}

static u64 env_now(void *ctx)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

const struct aml_host_ops aml_env_ops = {
	.alloc = env_alloc,
	.free = env_free,
	.log = env_log,
	.debug = env_debug,
	.read = env_read,
	.write = env_write,
	.now_ns = env_now,
	.stack_budget = 1 << 20, /* sanitizer frames are large */
};

void aml_env_init(struct aml_env *e)
{
	memset(e, 0, sizeof(*e));
	e->verbose = getenv("AML_VERBOSE") != NULL;
}

void aml_env_fini(struct aml_env *e)
{
	while (e->pages) {
		struct sim_page *p = e->pages;

		e->pages = p->next;
		free(p);
	}
}

/* Kernel symbols and backtraces (kernel/ksyms.c). */
#ifndef LOOM_KSYMS_H
#define LOOM_KSYMS_H

#include <loom/types.h>

/* Name of the function containing addr, its offset and size; NULL if none
 * (no symbol table built in, or addr outside the kernel text). */
const char *ksym_lookup(u64 addr, u64 *offset, u64 *size);
/* Format "name+0xoff/0xsize" (or the bare address) into buf. */
void ksym_format(char *buf, size_t size, u64 addr);
/* Print a backtrace at `level` starting from frame pointer rbp. */
void backtrace_print(int level, u64 rip, u64 rbp);
/* Backtrace of the caller. */
void dump_stack(void);

#endif

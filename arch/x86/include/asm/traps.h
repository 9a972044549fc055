/* Expected-fault fixups for tests (arch/x86/kernel/traps.c). */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <loom/types.h>

struct trap_fixup {
	int vector;	/* the exception expected                */
	u64 resume;	/* where execution continues after it    */
	bool hit;	/* set when the exception happened        */
	u64 error_code; /* its error code                        */
	u64 address;	/* CR2 for page faults                   */
};

/* Arm a one-shot fixup: the next exception `vector` resumes at f->resume. */
void trap_set_fixup(struct trap_fixup *f);

#endif

/* stackoverflow: recurse until the stack runs out. The kernel ends the
 * program with a page fault note, which its parent reports. */
#include <stdio.h>

static int depth(volatile char *prev, int n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	frame[511] = prev ? prev[0] : 0;
	return depth(frame, n + 1) + frame[511];
}

int main(void)
{
	printf("stackoverflow: recursing\n");
	fflush(stdout);
	return depth(NULL, 0);
}

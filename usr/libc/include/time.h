/* Clocks and sleeping (SYS_CLOCK, SYS_NANOSLEEP). */
#ifndef _TIME_H
#define _TIME_H

#include <loom/syscall.h>

typedef long time_t;
typedef int clockid_t;

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

int clock_gettime(clockid_t clock, struct timespec *ts);
time_t time(time_t *t);
int nanosleep(const struct timespec *req, struct timespec *rem);

#endif

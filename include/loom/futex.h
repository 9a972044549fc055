/*
 * Futex-style wait and wake (kernel/sync/futex.c): sleep until another
 * thread wakes the address, but only if the 32-bit word there still holds
 * the expected value, checked under the bucket lock so no wake-up is lost.
 * Waiters are keyed by (address space, address) in a hashed table. User
 * space gets it through a system call later; kernel threads use kernel
 * addresses (address space NULL).
 */
#ifndef LOOM_FUTEX_H
#define LOOM_FUTEX_H

#include <loom/types.h>

struct addr_space;

/* 0 when woken, -EAGAIN when *addr != expected, -ETIMEDOUT after
 * timeout_ns (0: no timeout), -EFAULT for an unreadable user address. */
int futex_wait(struct addr_space *as, u64 addr, u32 expected, u64 timeout_ns);
/* Wake up to n waiters of addr; returns how many were woken. */
int futex_wake(struct addr_space *as, u64 addr, int n);

#endif

/* Compiler helpers shared by all kernel code. */
#ifndef LOOM_COMPILER_H
#define LOOM_COMPILER_H

#define __section(s)   __attribute__((section(s)))
#define __used	       __attribute__((used))
#define __unused       __attribute__((unused))
#define __noreturn     __attribute__((noreturn))
#define __packed       __attribute__((packed))
#define __aligned(n)   __attribute__((aligned(n)))
#define __printf(a, b) __attribute__((format(printf, a, b)))
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif
#define __noinline  __attribute__((noinline))
#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)			(((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a)		((x) & ~((__typeof__(x))(a)-1))
#define MIN(a, b)			((a) < (b) ? (a) : (b))
#define MAX(a, b)			((a) > (b) ? (a) : (b))
#define container_of(ptr, type, member) ((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

#define READ_ONCE(x)	 (*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))
#define barrier()	 __asm__ __volatile__("" ::: "memory")

/*
 * IS_ENABLED(CONFIG_X): 1 when CONFIG_X is y or m, else 0, usable in C
 * expressions so both branches keep compiling in every configuration.
 */
#define __ARG_PLACEHOLDER_1		       0,
#define __take_second_arg(__ignored, val, ...) val
#define __is_defined(x)			       ___is_defined(x)
#define ___is_defined(val)		       ____is_defined(__ARG_PLACEHOLDER_##val)
#define ____is_defined(arg1_or_junk)	       __take_second_arg(arg1_or_junk 1, 0)
#define IS_BUILTIN(option)		       __is_defined(option)
#define IS_MODULE(option)		       __is_defined(option##_MODULE)
#define IS_ENABLED(option)		       (IS_BUILTIN(option) || IS_MODULE(option))

#endif

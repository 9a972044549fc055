/*
 * The kernel log (kernel/log/). Records carry a level and a monotonic
 * timestamp and live in a ring buffer; every registered console prints the
 * records at or below its level (console loglevel, set by "loglevel=" on the
 * command line or the Kconfig console log level).
 */
#ifndef LOOM_PRINTK_H
#define LOOM_PRINTK_H

#include <loom/types.h>
#include <loom/compiler.h>

#define LOG_EMERG   0
#define LOG_ALERT   1
#define LOG_CRIT    2
#define LOG_ERR	    3
#define LOG_WARNING 4
#define LOG_NOTICE  5
#define LOG_INFO    6
#define LOG_DEBUG   7

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

__printf(2, 3) void printk(int level, const char *fmt, ...);
void vprintk(int level, const char *fmt, va_list ap);

#define pr_emerg(fmt, ...)  printk(LOG_EMERG, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(LOG_CRIT, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(LOG_ERR, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(LOG_WARNING, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(LOG_NOTICE, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(LOG_INFO, pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(LOG_DEBUG, pr_fmt(fmt), ##__VA_ARGS__)

/* Formatting (kernel/lib/vsprintf.c): %d %i %u %x %X %o %c %s %p %%,
 * with flags "-0+ #", width, precision, and length h hh l ll z t j. */
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

#endif

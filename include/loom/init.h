/*
 * Boot-time init calls. A function marked with one of these macros runs once
 * during kernel_main(), in level order (early consoles first). Returning a
 * negative errno logs an error naming the function; boot goes on.
 * (Loadable drivers use MODULE_INFO instead, once modules exist.)
 */
#ifndef LOOM_INIT_H
#define LOOM_INIT_H

#include <loom/compiler.h>

typedef int (*initcall_t)(void);

#define __define_initcall(fn, level) \
	static const initcall_t __initcall_##fn __used __section(".initcall" #level) = fn

#define console_initcall(fn) __define_initcall(fn, 1) /* consoles   */
#define core_initcall(fn)    __define_initcall(fn, 2) /* core parts  */
#define device_initcall(fn)  __define_initcall(fn, 3) /* drivers     */
#define late_initcall(fn)    __define_initcall(fn, 4) /* last        */

/* Run the init calls of one level (1 = console ... 4 = late). */
void do_initcall_level(int level);

#endif

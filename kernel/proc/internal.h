/* Private to kernel/proc/: the pieces the files share. */
#ifndef KERNEL_PROC_INTERNAL_H
#define KERNEL_PROC_INTERNAL_H

#include <loom/proc.h>

struct pt_regs;

#define USER_STACK_TOP	USER_END
#define USER_STACK_SIZE (8ULL << 20) /* populated on touch */

struct process *proc_alloc(void);
void proc_list_add(struct process *p);
void proc_free_resources(struct process *p);
__noreturn void proc_thread_exit(int code);
s64 proc_note_return(struct pt_regs *r);
s64 proc_thread_create(struct process *p, u64 entry, u64 arg, u64 stack_top);

void proc_fd_copy(struct process *child, struct process *parent);
int proc_env_copy(struct process *child, struct process *parent);
void proc_env_clear(struct process *p);
struct file *proc_cwd_get(struct process *p);
int proc_path_join(const char *base, const char *rel, char *dst, size_t size);

/* User memory (uaccess.c): a NUL-terminated string of at most max-1
 * bytes into a kmalloc'd buffer (*out), or -EFAULT / -ENAMETOOLONG. */
int user_strdup(u64 uaddr, size_t max, char **out);

/* x86 (arch/x86/kernel/user.c) */
struct thread;
void user_set_fs_base(struct thread *t, u64 base);

#endif

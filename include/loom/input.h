/*
 * The input core (drivers/input/input.c): a driver registers a struct
 * input_dev and reports events (uapi/loom/input.h) from any context, its
 * interrupt handler included; the core gives each device a directory
 * /dev/input/N (N counts up from 0, never reused) with the files "name"
 * and "events". Every open of "events" has its own queue and sees every
 * event reported after the open.
 */
#ifndef LOOM_INPUT_H
#define LOOM_INPUT_H

#include <loom/types.h>
#include <uapi/loom/errno.h>
#include <uapi/loom/input.h>

struct input_handle;

struct input_dev {
	const char *name;	/* what /dev/input/N/name says: "i8042 keyboard" */
	struct input_handle *h; /* owned by the core */
};

#define INPUT_QUEUE_LEN 256 /* events an open file holds before dropping */

#ifdef CONFIG_INPUT
/* Make /dev/input/N: 0, -EBUSY (registered already), -ENOMEM, or what
 * devfs_register says. Thread context. */
int input_register(struct input_dev *dev);
/* Remove the files; readers get end of file once their queue is empty
 * (blocked ones are woken). dev may be reused or freed afterwards. */
void input_unregister(struct input_dev *dev);
/* Queue one event (time: now) for every open reader and wake them. Any
 * context; a device not registered is ignored. */
void input_report(struct input_dev *dev, u16 type, u16 code, s32 value);
/* The number N of a registered device, or -1. */
int input_dev_id(const struct input_dev *dev);
struct file;
/* For tests and benchmarks: read records from an open events file (opened
 * :nonblock) until want came or timeout_ns passed; how many came, or the
 * read's error when none did. */
ssize_t input_read_events(struct file *f, struct input_event *ev, u32 want, u64 timeout_ns);
#else
/* Without the input core a driver's events go nowhere. */
static inline int input_register(struct input_dev *dev)
{
	return -ENODEV;
}
static inline void input_unregister(struct input_dev *dev)
{
}
static inline void input_report(struct input_dev *dev, u16 type, u16 code, s32 value)
{
}
static inline int input_dev_id(const struct input_dev *dev)
{
	return -1;
}
#endif

static inline void input_sync(struct input_dev *dev)
{
	input_report(dev, INPUT_EV_SYN, 0, 0);
}

#endif

/*
 * Input events, shared by the kernel (drivers/input/input.c) and user
 * space: /dev/input/N/events gives whole struct input_event records (16
 * bytes, little endian), oldest first. A read never returns part of a
 * record; a buffer smaller than one record is -EINVAL. Each open file has
 * its own queue; when it overflows the oldest events go and an
 * INPUT_EV_DROPPED record (value: how many) comes where they were. End of
 * file once the device is gone. /dev/input/N/name is the device's name.
 */
#ifndef UAPI_LOOM_INPUT_H
#define UAPI_LOOM_INPUT_H

struct input_event {
	unsigned long long time_ns; /* CLOCK_MONOTONIC: ns since boot */
	unsigned short type;	    /* INPUT_EV_* */
	unsigned short code;	    /* INPUT_KEY_*, INPUT_BTN_*, INPUT_REL_* */
	int value;		    /* keys: 1 press, 0 release, 2 repeat; REL: delta */
};

#define INPUT_EV_SYN	 0 /* ends a group of events that belong together */
#define INPUT_EV_KEY	 1 /* a key or button changed (code: INPUT_KEY/BTN_*) */
#define INPUT_EV_REL	 2 /* relative motion (code: INPUT_REL_*) */
#define INPUT_EV_DROPPED 3 /* value events were lost before the next one */

#define INPUT_REL_X	0 /* right is positive */
#define INPUT_REL_Y	1 /* down is positive */
#define INPUT_REL_WHEEL 2 /* away from the user is positive */

/* Loom's key codes: letters, digits, symbols, editing, modifiers,
 * function keys, keypad, navigation, each in its own range. */
#define INPUT_KEY_NONE 0x00
#define INPUT_KEY_A    0x10 /* INPUT_KEY_A + n is the n-th letter (to Z 0x29) */
#define INPUT_KEY_Z    0x29
#define INPUT_KEY_0    0x30 /* INPUT_KEY_0 + n is digit n (to 9 0x39) */
#define INPUT_KEY_9    0x39

#define INPUT_KEY_MINUS	     0x40
#define INPUT_KEY_EQUAL	     0x41
#define INPUT_KEY_LEFTBRACE  0x42
#define INPUT_KEY_RIGHTBRACE 0x43
#define INPUT_KEY_SEMICOLON  0x44
#define INPUT_KEY_APOSTROPHE 0x45
#define INPUT_KEY_GRAVE	     0x46
#define INPUT_KEY_BACKSLASH  0x47
#define INPUT_KEY_COMMA	     0x48
#define INPUT_KEY_DOT	     0x49
#define INPUT_KEY_SLASH	     0x4a
#define INPUT_KEY_SPACE	     0x4b

#define INPUT_KEY_ESC	    0x60
#define INPUT_KEY_BACKSPACE 0x61
#define INPUT_KEY_TAB	    0x62
#define INPUT_KEY_ENTER	    0x63

#define INPUT_KEY_LEFTSHIFT  0x70
#define INPUT_KEY_RIGHTSHIFT 0x71
#define INPUT_KEY_LEFTCTRL   0x72
#define INPUT_KEY_RIGHTCTRL  0x73
#define INPUT_KEY_LEFTALT    0x74
#define INPUT_KEY_RIGHTALT   0x75
#define INPUT_KEY_LEFTMETA   0x76
#define INPUT_KEY_RIGHTMETA  0x77
#define INPUT_KEY_MENU	     0x78
#define INPUT_KEY_CAPSLOCK   0x79
#define INPUT_KEY_NUMLOCK    0x7a
#define INPUT_KEY_SCROLLLOCK 0x7b

#define INPUT_KEY_F1  0x80 /* INPUT_KEY_F1 + n - 1 is Fn (to F12 0x8b) */
#define INPUT_KEY_F12 0x8b

#define INPUT_KEY_KP0	     0x90 /* INPUT_KEY_KP0 + n is keypad digit n */
#define INPUT_KEY_KP9	     0x99
#define INPUT_KEY_KPDOT	     0x9a
#define INPUT_KEY_KPPLUS     0x9b
#define INPUT_KEY_KPMINUS    0x9c
#define INPUT_KEY_KPASTERISK 0x9d
#define INPUT_KEY_KPSLASH    0x9e
#define INPUT_KEY_KPENTER    0x9f

#define INPUT_KEY_UP	   0xa0
#define INPUT_KEY_DOWN	   0xa1
#define INPUT_KEY_LEFT	   0xa2
#define INPUT_KEY_RIGHT	   0xa3
#define INPUT_KEY_HOME	   0xa4
#define INPUT_KEY_END	   0xa5
#define INPUT_KEY_PAGEUP   0xa6
#define INPUT_KEY_PAGEDOWN 0xa7
#define INPUT_KEY_INSERT   0xa8
#define INPUT_KEY_DELETE   0xa9

#define INPUT_KEY_MAX 0xff /* key codes are below 0x100 */

/* Mouse buttons (INPUT_EV_KEY). */
#define INPUT_BTN_LEFT	 0x100
#define INPUT_BTN_RIGHT	 0x101
#define INPUT_BTN_MIDDLE 0x102

#endif

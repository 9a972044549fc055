/*
 * inputev: the input devices and their events as text.
 *   inputev          lists the devices: "N NAME" per line
 *   inputev N [K]    prints the events of /dev/input/N/events, one a line
 *                    ("12.345678 key A press", "12.345679 rel x -3",
 *                    "12.345680 syn"), and stops after K events other than
 *                    syn when K is given (else at end of file).
 */
#include <dirent.h>
#include <errno.h>
#include <loom.h>
#include <loom/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const symbols[] = {
	[INPUT_KEY_MINUS - INPUT_KEY_MINUS] = "MINUS",
	[INPUT_KEY_EQUAL - INPUT_KEY_MINUS] = "EQUAL",
	[INPUT_KEY_LEFTBRACE - INPUT_KEY_MINUS] = "LEFTBRACE",
	[INPUT_KEY_RIGHTBRACE - INPUT_KEY_MINUS] = "RIGHTBRACE",
	[INPUT_KEY_SEMICOLON - INPUT_KEY_MINUS] = "SEMICOLON",
	[INPUT_KEY_APOSTROPHE - INPUT_KEY_MINUS] = "APOSTROPHE",
	[INPUT_KEY_GRAVE - INPUT_KEY_MINUS] = "GRAVE",
	[INPUT_KEY_BACKSLASH - INPUT_KEY_MINUS] = "BACKSLASH",
	[INPUT_KEY_COMMA - INPUT_KEY_MINUS] = "COMMA",
	[INPUT_KEY_DOT - INPUT_KEY_MINUS] = "DOT",
	[INPUT_KEY_SLASH - INPUT_KEY_MINUS] = "SLASH",
	[INPUT_KEY_SPACE - INPUT_KEY_MINUS] = "SPACE",
};

static const struct {
	unsigned short code;
	const char *name;
} named[] = {
	{ INPUT_KEY_ESC, "ESC" },
	{ INPUT_KEY_BACKSPACE, "BACKSPACE" },
	{ INPUT_KEY_TAB, "TAB" },
	{ INPUT_KEY_ENTER, "ENTER" },
	{ INPUT_KEY_LEFTSHIFT, "LEFTSHIFT" },
	{ INPUT_KEY_RIGHTSHIFT, "RIGHTSHIFT" },
	{ INPUT_KEY_LEFTCTRL, "LEFTCTRL" },
	{ INPUT_KEY_RIGHTCTRL, "RIGHTCTRL" },
	{ INPUT_KEY_LEFTALT, "LEFTALT" },
	{ INPUT_KEY_RIGHTALT, "RIGHTALT" },
	{ INPUT_KEY_LEFTMETA, "LEFTMETA" },
	{ INPUT_KEY_RIGHTMETA, "RIGHTMETA" },
	{ INPUT_KEY_MENU, "MENU" },
	{ INPUT_KEY_CAPSLOCK, "CAPSLOCK" },
	{ INPUT_KEY_NUMLOCK, "NUMLOCK" },
	{ INPUT_KEY_SCROLLLOCK, "SCROLLLOCK" },
	{ INPUT_KEY_KPDOT, "KPDOT" },
	{ INPUT_KEY_KPPLUS, "KPPLUS" },
	{ INPUT_KEY_KPMINUS, "KPMINUS" },
	{ INPUT_KEY_KPASTERISK, "KPASTERISK" },
	{ INPUT_KEY_KPSLASH, "KPSLASH" },
	{ INPUT_KEY_KPENTER, "KPENTER" },
	{ INPUT_KEY_UP, "UP" },
	{ INPUT_KEY_DOWN, "DOWN" },
	{ INPUT_KEY_LEFT, "LEFT" },
	{ INPUT_KEY_RIGHT, "RIGHT" },
	{ INPUT_KEY_HOME, "HOME" },
	{ INPUT_KEY_END, "END" },
	{ INPUT_KEY_PAGEUP, "PAGEUP" },
	{ INPUT_KEY_PAGEDOWN, "PAGEDOWN" },
	{ INPUT_KEY_INSERT, "INSERT" },
	{ INPUT_KEY_DELETE, "DELETE" },
	{ INPUT_BTN_LEFT, "BTN_LEFT" },
	{ INPUT_BTN_RIGHT, "BTN_RIGHT" },
	{ INPUT_BTN_MIDDLE, "BTN_MIDDLE" },
};

/* The key's name into buf ("A", "7", "F5", "KP3", "UP", "0x1ff"). */
static const char *key_name(unsigned code, char *buf, size_t size)
{
	if (code >= INPUT_KEY_A && code <= INPUT_KEY_Z)
		snprintf(buf, size, "%c", 'A' + (code - INPUT_KEY_A));
	else if (code >= INPUT_KEY_0 && code <= INPUT_KEY_9)
		snprintf(buf, size, "%c", '0' + (code - INPUT_KEY_0));
	else if (code >= INPUT_KEY_F1 && code <= INPUT_KEY_F12)
		snprintf(buf, size, "F%u", code - INPUT_KEY_F1 + 1);
	else if (code >= INPUT_KEY_KP0 && code <= INPUT_KEY_KP9)
		snprintf(buf, size, "KP%u", code - INPUT_KEY_KP0);
	else if (code >= INPUT_KEY_MINUS &&
		 code - INPUT_KEY_MINUS < sizeof(symbols) / sizeof(symbols[0]))
		snprintf(buf, size, "%s", symbols[code - INPUT_KEY_MINUS]);
	else {
		snprintf(buf, size, "0x%x", code);
		for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (named[i].code == code)
				snprintf(buf, size, "%s", named[i].name);
	}
	return buf;
}

static void print_event(const struct input_event *e)
{
	static const char *const rel[] = { "x", "y", "wheel" };
	static const char *const key_values[] = { "release", "press", "repeat" };
	char name[16], line[96];
	int n = snprintf(line, sizeof(line), "%llu.%06llu ", e->time_ns / 1000000000ULL,
			 e->time_ns / 1000ULL % 1000000ULL);

	switch (e->type) {
	case INPUT_EV_SYN: snprintf(line + n, sizeof(line) - n, "syn"); break;
	case INPUT_EV_KEY:
		snprintf(line + n, sizeof(line) - n, "key %s %s",
			 key_name(e->code, name, sizeof(name)),
			 e->value >= 0 && e->value <= 2 ? key_values[e->value] : "?");
		break;
	case INPUT_EV_REL:
		snprintf(line + n, sizeof(line) - n, "rel %s %d", e->code < 3 ? rel[e->code] : "?",
			 e->value);
		break;
	case INPUT_EV_DROPPED: snprintf(line + n, sizeof(line) - n, "dropped %d", e->value); break;
	default:
		snprintf(line + n, sizeof(line) - n, "type %u code %u value %d", e->type, e->code,
			 e->value);
	}
	printf("%s\n", line);
}

static int read_name(const char *dev, char *buf, size_t size)
{
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/dev/input/%s/name:r", dev);
	fd = open(path);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int list(void)
{
	DIR *d = opendir("/dev/input");
	struct dirent *e;
	char name[64];

	if (!d) {
		fprintf(stderr, "inputev: /dev/input: %s\n", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)))
		if (e->name[0] != '.' && !read_name(e->name, name, sizeof(name)))
			printf("%s %s\n", e->name, name);
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	struct input_event ev[32];
	char path[64], name[64];
	long want = argc > 2 ? strtol(argv[2], NULL, 10) : -1, seen = 0;
	ssize_t n;
	int fd;

	if (argc < 2)
		return list();
	if (read_name(argv[1], name, sizeof(name))) {
		fprintf(stderr, "inputev: no input device %s\n", argv[1]);
		return 1;
	}
	snprintf(path, sizeof(path), "/dev/input/%s/events:r", argv[1]);
	fd = open(path);
	if (fd < 0) {
		fprintf(stderr, "inputev: %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("input %s: %s\n", argv[1], name);
	fflush(stdout);
	while (want < 0 || seen < want) {
		n = read(fd, ev, sizeof(ev));
		if (n == 0)
			break; /* the device is gone */
		if (n < 0) {
			fprintf(stderr, "inputev: read: %s\n", strerror(errno));
			return 1;
		}
		for (ssize_t i = 0; i < n / (ssize_t)sizeof(ev[0]); i++) {
			print_event(&ev[i]);
			seen += ev[i].type != INPUT_EV_SYN;
		}
		fflush(stdout);
	}
	close(fd);
	return 0;
}

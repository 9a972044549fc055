/*
 * /dev/console (drivers/tty/console.c): writes go to every kernel console;
 * reads return lines typed on a console with input (the serial port),
 * edited and echoed by a line discipline: Enter ends a line, Backspace/DEL
 * erases a character, Ctrl-U the line, Ctrl-D at the start of a line is
 * the end of file (an empty read). A read blocks until a line is there
 * (":nonblock": -EAGAIN) and gives up with -EINTR when the reading process
 * gets a note.
 */
#ifndef LOOM_TTY_H
#define LOOM_TTY_H

#define TTY_LINE_MAX 1024

/* Feed one received byte to the line discipline (also for tests). */
void tty_input(char c);

#endif

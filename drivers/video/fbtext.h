/*
 * fbtext: a text renderer over a 32 bpp linear framebuffer.
 * Pure code (loom/types.h, loom/compiler.h, font.h only): host-tested.
 * The caller owns the pixels and a shadow array of character cells; every
 * function here is non-blocking, allocation-free and not reentrant: the
 * caller serialises calls on one struct fbtext.
 */
#ifndef LOOM_DRIVERS_VIDEO_FBTEXT_H
#define LOOM_DRIVERS_VIDEO_FBTEXT_H

#include <loom/types.h>
#include "font.h"

/* Byte order of one 32-bit pixel in memory. */
enum fbtext_format {
	FBTEXT_RGBX, /* byte 0 red, 1 green, 2 blue, 3 unused */
	FBTEXT_BGRX, /* byte 0 blue, 1 green, 2 red, 3 unused */
};

/* The 16 colours of the palette, in the classic PC text-mode order. */
enum fbtext_colour {
	FBTEXT_BLACK,
	FBTEXT_BLUE,
	FBTEXT_GREEN,
	FBTEXT_CYAN,
	FBTEXT_RED,
	FBTEXT_MAGENTA,
	FBTEXT_BROWN,
	FBTEXT_LIGHT_GREY,
	FBTEXT_DARK_GREY,
	FBTEXT_LIGHT_BLUE,
	FBTEXT_LIGHT_GREEN,
	FBTEXT_LIGHT_CYAN,
	FBTEXT_LIGHT_RED,
	FBTEXT_LIGHT_MAGENTA,
	FBTEXT_YELLOW,
	FBTEXT_WHITE,
	FBTEXT_NR_COLOURS
};

/* The framebuffer to draw on. */
struct fbtext_mode {
	void *base;		   /* pixel (0, 0), 4-byte aligned        */
	u32 width;		   /* pixels per scan line                */
	u32 height;		   /* scan lines                          */
	u32 pitch;		   /* bytes per scan line, >= width * 4,
	                              a multiple of 4                     */
	enum fbtext_format format; /* 32 bits per pixel                   */
};

/*
 * A cell of the shadow: the byte in bits 0-7, the foreground colour in bits
 * 8-11, the background in bits 12-15. Pixels always show the shadow.
 */
typedef u16 fbtext_cell;

/* Renderer state: callers may set scroll_lines and only read the rest. */
struct fbtext {
	u8 *base;
	u32 width, height, pitch; /* as in struct fbtext_mode        */
	const struct font *font;
	fbtext_cell *cells;		/* rows * cols, row after row      */
	u32 cols, rows;			/* text grid, from the top left    */
	u32 cx, cy;			/* cursor; cx == cols: wrap due    */
	u8 fg, bg;			/* current enum fbtext_colour      */
	u32 scroll_lines;		/* least lines a scroll moves, >= 1 */
	bool hidden;			/* see fbtext_set_hidden()         */
	u32 palette[FBTEXT_NR_COLOURS]; /* colours as pixel values       */
};

/* Default for struct fbtext.scroll_lines; see fbtext.c for the reason. */
#define FBTEXT_SCROLL_LINES 1

/*
 * Set up t to draw with font (8 pixels wide) on mode, using cells (ncells
 * entries) as the shadow; the grid gets as many rows as fit both the screen
 * and ncells.
 * Colours start light grey on black. Does not touch the pixels: call
 * fbtext_clear() next. Returns false, leaving t unusable, when the mode
 * is malformed or holds no full character cell.
 */
bool fbtext_init(struct fbtext *t, const struct fbtext_mode *mode, const struct font *font,
		 fbtext_cell *cells, size_t ncells);

/*
 * While hidden, someone else owns the pixels: every call keeps the shadow
 * cells and the cursor up to date and draws nothing. Showing again
 * repaints the whole screen from the shadow (the text, and the margins
 * right of and below the grid in black).
 */
void fbtext_set_hidden(struct fbtext *t, bool hidden);

/* Colours for the characters written from now on. */
void fbtext_set_colour(struct fbtext *t, enum fbtext_colour fg, enum fbtext_colour bg);

/* Paint the whole screen in the background colour; cursor to the top left. */
void fbtext_clear(struct fbtext *t);

/*
 * Write one byte at the cursor. '\n' starts a new line (carriage return
 * included), '\r' returns to column 0, '\t' advances to the next multiple
 * of 8 columns, '\b' moves one column left (erasing nothing, stopping at
 * column 0). Every other byte is drawn, the ones without a glyph as the
 * font's unknown glyph. A character past the right edge wraps; a new line
 * past the last row scrolls the screen up.
 */
void fbtext_putc(struct fbtext *t, char c);

/* fbtext_putc() for len bytes of s, scrolling several lines at once when
 * s holds more lines than fit below the cursor. */
void fbtext_write(struct fbtext *t, const char *s, size_t len);

#endif

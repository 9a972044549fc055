/*
 * fbtext: draws text on a 32 bpp linear framebuffer (see fbtext.h): glyphs
 * into cells, the control characters, wrapping and scrolling. Pixels always
 * show the shadow cells; scrolling repaints changed glyph rows and never
 * reads the framebuffer (the reason and the measurements are below).
 */
#include <loom/compiler.h>
#include "fbtext.h"

/*
 * Scrolling strategy. A scroll moves the shadow cells up and repaints only
 * the glyph rows that change; it never copies pixels. A pixel copy reads
 * the whole framebuffer, which real hardware maps uncached or
 * write-combined (reads crawl), and under QEMU TCG every guest load and
 * store is emulated; log lines are short, so a repaint writes about half
 * the screen and reads none of it. fbtext_write() scrolls once for all the
 * lines still in its buffer, and scroll_lines > 1 makes every scroll jump.
 *
 * Measured: QEMU 7.2 TCG, -vga std, 1024x768 (128x48 cells), 2.6 GHz host,
 * one record of 20..100 (mean 59) characters written as the log core does
 * at the bottom of a full screen: 0.57 ms (1.4 ms for 128-character lines;
 * 0.15 ms with scroll_lines 4, 0.08 ms with 8; 0.02 ms a line in one
 * 48-line write). A pixel copy scroll costs 0.76 ms as a u64 loop, 1.4 ms
 * as a u32 loop, 4.8 ms as rep movsb. So scroll_lines stays 1.
 */

/* Framebuffer pixels are written through these types only. */
typedef u32 __attribute__((may_alias)) fb_pixel;
typedef u64 __attribute__((may_alias, aligned(4))) fb_pair; /* 2 pixels */

/* The palette, as 0xRRGGBB; enum fbtext_colour indexes it. */
static const u32 fbtext_rgb[FBTEXT_NR_COLOURS] = {
	[FBTEXT_BLACK] = 0x000000,	 [FBTEXT_BLUE] = 0x2040c0,
	[FBTEXT_GREEN] = 0x20a020,	 [FBTEXT_CYAN] = 0x20a0a0,
	[FBTEXT_RED] = 0xc02020,	 [FBTEXT_MAGENTA] = 0xa020a0,
	[FBTEXT_BROWN] = 0xa06010,	 [FBTEXT_LIGHT_GREY] = 0xc0c0c0,
	[FBTEXT_DARK_GREY] = 0x707070,	 [FBTEXT_LIGHT_BLUE] = 0x6080ff,
	[FBTEXT_LIGHT_GREEN] = 0x60e060, [FBTEXT_LIGHT_CYAN] = 0x60e0e0,
	[FBTEXT_LIGHT_RED] = 0xff5050,	 [FBTEXT_LIGHT_MAGENTA] = 0xff60ff,
	[FBTEXT_YELLOW] = 0xffe040,	 [FBTEXT_WHITE] = 0xffffff,
};

static u32 rgb_to_pixel(u32 rgb, enum fbtext_format format)
{
	u32 r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	/* Pixels are stored as little-endian 32-bit words. */
	if (format == FBTEXT_RGBX)
		return r | g << 8 | b << 16;
	return b | g << 8 | r << 16;
}

bool fbtext_init(struct fbtext *t, const struct fbtext_mode *mode, const struct font *font,
		 fbtext_cell *cells, size_t ncells)
{
	unsigned int i;

	if (!mode->base || ((uintptr_t)mode->base & 3) || (mode->pitch & 3))
		return false;
	if ((u64)mode->width * 4 > mode->pitch)
		return false;
	if (mode->format != FBTEXT_RGBX && mode->format != FBTEXT_BGRX)
		return false;
	if (font->width != 8 || !font->height || !cells)
		return false;

	t->base = mode->base;
	t->width = mode->width;
	t->height = mode->height;
	t->pitch = mode->pitch;
	t->font = font;
	t->cells = cells;
	t->cols = mode->width / font->width;
	t->rows = mode->height / font->height;
	if (!t->cols || !t->rows)
		return false;
	if (t->rows > ncells / t->cols)
		t->rows = ncells / t->cols;
	if (!t->rows)
		return false;
	t->cx = 0;
	t->cy = 0;
	t->fg = FBTEXT_LIGHT_GREY;
	t->bg = FBTEXT_BLACK;
	t->scroll_lines = FBTEXT_SCROLL_LINES;
	t->hidden = false;
	for (i = 0; i < FBTEXT_NR_COLOURS; i++)
		t->palette[i] = rgb_to_pixel(fbtext_rgb[i], mode->format);
	return true;
}

void fbtext_set_colour(struct fbtext *t, enum fbtext_colour fg, enum fbtext_colour bg)
{
	t->fg = fg & (FBTEXT_NR_COLOURS - 1);
	t->bg = bg & (FBTEXT_NR_COLOURS - 1);
}

/* A space looks the same in any foreground: keep one form of it. */
static fbtext_cell make_cell(u8 c, u8 fg, u8 bg)
{
	if (c == ' ')
		fg = bg;
	return c | fg << 8 | bg << 12;
}

/*
 * Repaint a cell that showed old to show cell. Glyph rows whose pixels do
 * not change are skipped (most glyphs share their blank top and bottom
 * rows). A row is four stores of two pixels, each picked from the four
 * fg/bg combinations by two glyph bits; the higher bit is the left pixel.
 */
static void draw_cell(struct fbtext *t, u32 col, u32 row, fbtext_cell old, fbtext_cell cell,
		      bool all)
{
	const struct font *font = t->font;
	const u8 *glyph = font_glyph(font, cell & 0xff);
	const u8 *was = font_glyph(font, old & 0xff);
	bool same_colours = (old >> 8) == (cell >> 8);
	bool same_bg = (old >> 12) == (cell >> 12);
	u64 fg = t->palette[(cell >> 8) & 0xf];
	u64 bg = t->palette[cell >> 12];
	const u64 pair[4] = { bg | bg << 32, bg | fg << 32, fg | bg << 32, fg | fg << 32 };
	u8 *line = t->base + (size_t)row * font->height * t->pitch + (size_t)col * 8 * 4;
	unsigned int y;

	for (y = 0; y < font->height; y++, line += t->pitch) {
		fb_pair *px = (fb_pair *)line;
		unsigned int bits = glyph[y];

		if (!all && bits == was[y] && (same_colours || (!bits && same_bg)))
			continue;
		px[0] = pair[bits >> 6];
		px[1] = pair[(bits >> 4) & 3];
		px[2] = pair[(bits >> 2) & 3];
		px[3] = pair[bits & 3];
	}
}

/* Store cell at (col, row), painting what it changes on the screen. */
static void set_cell(struct fbtext *t, u32 col, u32 row, fbtext_cell cell)
{
	fbtext_cell *p = &t->cells[(size_t)row * t->cols + col];
	fbtext_cell old = *p;

	if (old != cell) {
		*p = cell;
		if (!t->hidden)
			draw_cell(t, col, row, old, cell, false);
	}
}

/* Paint pixels [x0, width) of scan lines [y0, y1) in pixel. */
static void fill(struct fbtext *t, u32 x0, u32 y0, u32 y1, u32 pixel)
{
	u8 *line = t->base + (size_t)y0 * t->pitch;
	u32 x, y;

	for (y = y0; y < y1; y++, line += t->pitch) {
		fb_pixel *px = (fb_pixel *)line;

		for (x = x0; x < t->width; x++)
			px[x] = pixel;
	}
}

void fbtext_set_hidden(struct fbtext *t, bool hidden)
{
	u32 black = t->palette[FBTEXT_BLACK], row, col;
	u32 text_w = t->cols * t->font->width, text_h = t->rows * t->font->height;

	if (t->hidden == hidden)
		return;
	t->hidden = hidden;
	if (hidden)
		return;
	for (row = 0; row < t->rows; row++)
		for (col = 0; col < t->cols; col++) {
			fbtext_cell c = t->cells[(size_t)row * t->cols + col];

			draw_cell(t, col, row, c, c, true);
		}
	fill(t, text_w, 0, text_h, black);
	fill(t, 0, text_h, t->height, black);
}

void fbtext_clear(struct fbtext *t)
{
	fbtext_cell blank = make_cell(' ', t->fg, t->bg);
	size_t i, n = (size_t)t->cols * t->rows;

	if (!t->hidden)
		fill(t, 0, 0, t->height, t->palette[t->bg]);
	for (i = 0; i < n; i++)
		t->cells[i] = blank;
	t->cx = 0;
	t->cy = 0;
}

/*
 * Move the text up by n rows (1 <= n <= rows), blanking the bottom n. Row r
 * takes row r + n's cells; rows are visited top down, so every source row
 * is read before it is overwritten.
 */
static void scroll_up(struct fbtext *t, u32 n)
{
	fbtext_cell blank = make_cell(' ', t->fg, t->bg);
	u32 row, col;

	for (row = 0; row < t->rows; row++) {
		const fbtext_cell *src = NULL;

		if (row + n < t->rows)
			src = &t->cells[(size_t)(row + n) * t->cols];
		for (col = 0; col < t->cols; col++)
			set_cell(t, col, row, src ? src[col] : blank);
	}
}

/* Start a new line; more is how many further lines are known to follow. */
static void newline(struct fbtext *t, u32 more)
{
	u32 n;

	t->cx = 0;
	if (t->cy + 1 < t->rows) {
		t->cy++;
		return;
	}
	n = MAX(t->scroll_lines, more + 1);
	n = MIN(n, t->rows);
	scroll_up(t, n);
	t->cy = t->rows - n;
}

static void put(struct fbtext *t, char c, u32 more)
{
	switch (c) {
	case '\n': newline(t, more); return;
	case '\r': t->cx = 0; return;
	case '\t': t->cx = MIN((t->cx / 8 + 1) * 8, t->cols); return;
	case '\b':
		if (t->cx)
			t->cx--;
		return;
	}
	if (t->cx >= t->cols)
		newline(t, 0);
	set_cell(t, t->cx, t->cy, make_cell((u8)c, t->fg, t->bg));
	t->cx++;
}

void fbtext_putc(struct fbtext *t, char c)
{
	put(t, c, 0);
}

/* The number of '\n' in s[0..len), counting no further than max. */
static u32 count_lines(const char *s, size_t len, u32 max)
{
	u32 n = 0;

	while (len-- && n < max)
		if (*s++ == '\n')
			n++;
	return n;
}

void fbtext_write(struct fbtext *t, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		u32 more = 0;

		/* Only look ahead when this newline is about to scroll. */
		if (s[i] == '\n' && t->cy + 1 >= t->rows)
			more = count_lines(s + i + 1, len - i - 1, t->rows - 1);
		put(t, s[i], more);
	}
}

/*
 * Host tests for drivers/video/fbtext.c and the 8x16 font: text is drawn
 * into a malloc'd framebuffer whose padding and tail hold a sentinel, and
 * every check reads the pixels back (never the renderer's shadow cells).
 */
#include <stdlib.h>
#include "test.h"
#include "../../drivers/video/fbtext.h"

#define SENTINEL    0x5a5a5a5au
#define GUARD_WORDS 64

struct screen {
	struct fbtext t;
	u32 *mem;     /* pitch * height bytes plus the guard */
	size_t words; /* u32s in mem, guard included        */
	fbtext_cell *cells;
	u32 width, height, pitch;
	enum fbtext_format format;
};

static bool screen_open(struct screen *s, u32 width, u32 height, u32 pitch,
			enum fbtext_format format)
{
	struct fbtext_mode mode = { 0 };
	size_t i, ncells = (size_t)(width / 8) * (height / 16);

	s->width = width;
	s->height = height;
	s->pitch = pitch;
	s->format = format;
	s->words = (size_t)pitch / 4 * height + GUARD_WORDS;
	s->mem = malloc(s->words * 4);
	s->cells = malloc((ncells ? ncells : 1) * sizeof(*s->cells));
	for (i = 0; i < s->words; i++)
		s->mem[i] = SENTINEL;
	mode.base = s->mem;
	mode.width = width;
	mode.height = height;
	mode.pitch = pitch;
	mode.format = format;
	if (!fbtext_init(&s->t, &mode, &font8x16, s->cells, ncells))
		return false;
	fbtext_clear(&s->t);
	return true;
}

static void screen_close(struct screen *s)
{
	free(s->mem);
	free(s->cells);
}

static u32 pixel(const struct screen *s, u32 x, u32 y)
{
	return s->mem[(size_t)y * (s->pitch / 4) + x];
}

static u32 colour(const struct screen *s, enum fbtext_colour c)
{
	return s->t.palette[c];
}

/* Does cell (col, row) show character c in fg on bg? */
static bool cell_is(const struct screen *s, u32 col, u32 row, u8 c, u32 fg, u32 bg)
{
	const u8 *glyph = font_glyph(&font8x16, c);
	u32 x, y;

	for (y = 0; y < 16; y++)
		for (x = 0; x < 8; x++) {
			u32 want = (glyph[y] & (0x80 >> x)) ? fg : bg;

			if (pixel(s, col * 8 + x, row * 16 + y) != want)
				return false;
		}
	return true;
}

/* Does cell (col, row) show c in the default light grey on black? */
static bool cell_shows(const struct screen *s, u32 col, u32 row, u8 c)
{
	return cell_is(s, col, row, c, colour(s, FBTEXT_LIGHT_GREY), colour(s, FBTEXT_BLACK));
}

/* Is text row `row` blank (every pixel black)? */
static bool row_blank(const struct screen *s, u32 row)
{
	u32 x, y;

	for (y = row * 16; y < row * 16 + 16; y++)
		for (x = 0; x < s->width; x++)
			if (pixel(s, x, y) != colour(s, FBTEXT_BLACK))
				return false;
	return true;
}

/* Are the bytes past width * 4 in each line, and the guard, untouched? */
static bool padding_intact(const struct screen *s)
{
	size_t i, x, y;

	for (y = 0; y < s->height; y++)
		for (x = s->width; x < s->pitch / 4; x++)
			if (pixel(s, x, y) != SENTINEL)
				return false;
	for (i = (size_t)s->pitch / 4 * s->height; i < s->words; i++)
		if (s->mem[i] != SENTINEL)
			return false;
	return true;
}

static void put_str(struct screen *s, const char *str)
{
	fbtext_write(&s->t, str, strlen(str));
}

TEST(fbtext_init_geometry)
{
	struct screen s;

	EXPECT_TRUE(screen_open(&s, 1024, 768, 4096, FBTEXT_BGRX));
	EXPECT_EQ(s.t.cols, 128);
	EXPECT_EQ(s.t.rows, 48);
	EXPECT_EQ(s.t.cx, 0);
	EXPECT_EQ(s.t.cy, 0);
	screen_close(&s);

	/* Partial cells at the right and bottom are not used. */
	EXPECT_TRUE(screen_open(&s, 100, 40, 400, FBTEXT_RGBX));
	EXPECT_EQ(s.t.cols, 12);
	EXPECT_EQ(s.t.rows, 2);
	screen_close(&s);
}

TEST(fbtext_init_rejects_bad_modes)
{
	static u32 px[64 * 32];
	fbtext_cell cells[64];
	struct fbtext t;
	struct fbtext_mode ok = { px, 64, 32, 256, FBTEXT_RGBX };
	struct fbtext_mode m;

	EXPECT_TRUE(fbtext_init(&t, &ok, &font8x16, cells, 64));
	m = ok;
	m.pitch = 252; /* shorter than a line */
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.pitch = 258; /* not a whole number of pixels */
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.base = (u8 *)px + 2;
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.base = NULL;
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.format = 7;
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.width = 7; /* narrower than one glyph */
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	m = ok;
	m.height = 15;
	EXPECT_TRUE(!fbtext_init(&t, &m, &font8x16, cells, 64));
	EXPECT_TRUE(!fbtext_init(&t, &ok, &font8x16, cells, 7));

	/* A short shadow limits the rows, never the columns. */
	EXPECT_TRUE(fbtext_init(&t, &ok, &font8x16, cells, 9));
	EXPECT_EQ(t.cols, 8);
	EXPECT_EQ(t.rows, 1);
}

TEST(fbtext_clear_paints_everything)
{
	struct screen s;
	u32 x, y;

	/* 13 x 21 pixels: one cell plus slivers outside the grid. */
	EXPECT_TRUE(screen_open(&s, 13, 21, 64, FBTEXT_RGBX));
	fbtext_set_colour(&s.t, FBTEXT_WHITE, FBTEXT_BLUE);
	put_str(&s, "x");
	fbtext_clear(&s.t);
	for (y = 0; y < 21; y++)
		for (x = 0; x < 13; x++)
			EXPECT_EQ(pixel(&s, x, y), colour(&s, FBTEXT_BLUE));
	EXPECT_EQ(s.t.cx, 0);
	EXPECT_TRUE(padding_intact(&s));
	screen_close(&s);
}

TEST(fbtext_glyph_bytes_rgbx_and_bgrx)
{
	struct screen s;
	const u8 *p;

	EXPECT_TRUE(screen_open(&s, 64, 32, 256, FBTEXT_RGBX));
	fbtext_set_colour(&s.t, FBTEXT_YELLOW, FBTEXT_BLUE);
	put_str(&s, "A");
	EXPECT_TRUE(cell_is(&s, 0, 0, 'A', colour(&s, FBTEXT_YELLOW), colour(&s, FBTEXT_BLUE)));
	/* Row 8 of 'A' is its bar: ink in column 0. Yellow is 0xffe040. */
	p = (const u8 *)&s.mem[8 * 64 + 0];
	EXPECT_EQ(p[0], 0xff);
	EXPECT_EQ(p[1], 0xe0);
	EXPECT_EQ(p[2], 0x40);
	/* Pixel (0, 0) is background: blue is 0x2040c0. */
	p = (const u8 *)&s.mem[0];
	EXPECT_EQ(p[0], 0x20);
	EXPECT_EQ(p[1], 0x40);
	EXPECT_EQ(p[2], 0xc0);
	screen_close(&s);

	EXPECT_TRUE(screen_open(&s, 64, 32, 256, FBTEXT_BGRX));
	fbtext_set_colour(&s.t, FBTEXT_YELLOW, FBTEXT_BLUE);
	put_str(&s, "A");
	p = (const u8 *)&s.mem[8 * 64 + 0];
	EXPECT_EQ(p[0], 0x40);
	EXPECT_EQ(p[1], 0xe0);
	EXPECT_EQ(p[2], 0xff);
	p = (const u8 *)&s.mem[0];
	EXPECT_EQ(p[0], 0xc0);
	EXPECT_EQ(p[1], 0x40);
	EXPECT_EQ(p[2], 0x20);
	screen_close(&s);
}

TEST(fbtext_cells_and_colours)
{
	struct screen s;

	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_BGRX));
	put_str(&s, "ab");
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_RED, FBTEXT_BLACK);
	put_str(&s, "c");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'a'));
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'b'));
	EXPECT_TRUE(cell_is(&s, 2, 0, 'c', colour(&s, FBTEXT_LIGHT_RED), colour(&s, FBTEXT_BLACK)));
	EXPECT_TRUE(cell_shows(&s, 3, 0, ' '));
	EXPECT_TRUE(cell_shows(&s, 0, 1, ' '));
	EXPECT_EQ(s.t.cx, 3);
	EXPECT_EQ(s.t.cy, 0);
	screen_close(&s);
}

TEST(fbtext_overwrite_repaints_changes)
{
	struct screen s;
	u32 grey, red, blue, black;

	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	grey = colour(&s, FBTEXT_LIGHT_GREY);
	red = colour(&s, FBTEXT_LIGHT_RED);
	blue = colour(&s, FBTEXT_BLUE);
	black = colour(&s, FBTEXT_BLACK);
	/* Glyphs that share rows: only the differing rows may change. */
	put_str(&s, "o\rc\ru\rn");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'n'));
	/* Same glyph, new foreground. */
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_RED, FBTEXT_BLACK);
	put_str(&s, "\rn");
	EXPECT_TRUE(cell_is(&s, 0, 0, 'n', red, black));
	/* Same glyph, new background. */
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_RED, FBTEXT_BLUE);
	put_str(&s, "\rn");
	EXPECT_TRUE(cell_is(&s, 0, 0, 'n', red, blue));
	/* A space on another background; then back to the defaults. */
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_GREY, FBTEXT_BLACK);
	put_str(&s, "\r ");
	EXPECT_TRUE(cell_is(&s, 0, 0, ' ', grey, black));
	fbtext_set_colour(&s.t, FBTEXT_WHITE, FBTEXT_BLUE);
	put_str(&s, "\r \r");
	EXPECT_TRUE(cell_is(&s, 0, 0, ' ', blue, blue));
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_GREY, FBTEXT_BLACK);
	put_str(&s, "-");
	EXPECT_TRUE(cell_is(&s, 0, 0, '-', grey, black));
	/* Two bytes that both show the unknown glyph, in new colours. */
	put_str(&s, "\x80\r");
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_RED, FBTEXT_BLACK);
	put_str(&s, "\x81");
	EXPECT_TRUE(cell_is(&s, 0, 0, 0x81, red, black));
	screen_close(&s);
}

TEST(fbtext_newline_and_carriage_return)
{
	struct screen s;

	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_BGRX));
	put_str(&s, "ab\ncd\rX");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'a'));
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'b'));
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'X'));
	EXPECT_TRUE(cell_shows(&s, 1, 1, 'd'));
	EXPECT_EQ(s.t.cx, 1);
	EXPECT_EQ(s.t.cy, 1);
	screen_close(&s);
}

TEST(fbtext_wraps_at_right_edge)
{
	struct screen s;

	/* 10 columns, 4 rows. */
	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	put_str(&s, "0123456789AB");
	EXPECT_TRUE(cell_shows(&s, 9, 0, '9'));
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'A'));
	EXPECT_TRUE(cell_shows(&s, 1, 1, 'B'));
	EXPECT_EQ(s.t.cx, 2);
	EXPECT_EQ(s.t.cy, 1);

	/* A full line then '\n' makes one line break, not two. */
	fbtext_clear(&s.t);
	put_str(&s, "0123456789\nx");
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'x'));
	EXPECT_EQ(s.t.cy, 1);
	screen_close(&s);
}

TEST(fbtext_tab_stops)
{
	struct screen s;

	/* 20 columns. */
	EXPECT_TRUE(screen_open(&s, 160, 64, 640, FBTEXT_RGBX));
	put_str(&s, "a\tb\tc");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'a'));
	EXPECT_TRUE(cell_shows(&s, 8, 0, 'b'));
	EXPECT_TRUE(cell_shows(&s, 16, 0, 'c'));
	EXPECT_EQ(s.t.cx, 17);

	fbtext_clear(&s.t);
	put_str(&s, "1234567\tx\t\ty");
	EXPECT_TRUE(cell_shows(&s, 8, 0, 'x'));
	/* The second tab stops at the edge; 'y' wraps to the next line. */
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'y'));
	EXPECT_EQ(s.t.cy, 1);
	screen_close(&s);
}

TEST(fbtext_backspace)
{
	struct screen s;

	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	put_str(&s, "ab\bc");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'a'));
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'c'));
	EXPECT_EQ(s.t.cx, 2);
	put_str(&s, "\b\b\b\bz");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'z'));
	EXPECT_EQ(s.t.cy, 0);
	screen_close(&s);
}

TEST(fbtext_scroll_moves_rows_up)
{
	struct screen s;
	int i;

	/* 10 columns, 4 rows; putc never looks ahead. */
	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_BGRX));
	fbtext_set_colour(&s.t, FBTEXT_YELLOW, FBTEXT_BLACK);
	put_str(&s, "long line!\n");
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_GREY, FBTEXT_BLACK);
	for (i = 0; i < 3; i++) {
		fbtext_putc(&s.t, "123"[i]);
		fbtext_putc(&s.t, '\n');
	}
	/* The last '\n' scrolled once: the yellow line is row 0 no more. */
	EXPECT_TRUE(cell_shows(&s, 0, 0, '1'));
	EXPECT_TRUE(cell_shows(&s, 1, 0, ' '));
	EXPECT_TRUE(cell_shows(&s, 0, 1, '2'));
	EXPECT_TRUE(cell_shows(&s, 0, 2, '3'));
	EXPECT_TRUE(row_blank(&s, 3));
	EXPECT_EQ(s.t.cx, 0);
	EXPECT_EQ(s.t.cy, 3);

	/* Colours travel with their characters. */
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_RED, FBTEXT_BLACK);
	put_str(&s, "R");
	fbtext_set_colour(&s.t, FBTEXT_LIGHT_GREY, FBTEXT_BLACK);
	fbtext_putc(&s.t, '\n');
	EXPECT_TRUE(cell_shows(&s, 0, 1, '3'));
	EXPECT_TRUE(cell_is(&s, 0, 2, 'R', colour(&s, FBTEXT_LIGHT_RED), colour(&s, FBTEXT_BLACK)));
	EXPECT_TRUE(row_blank(&s, 3));
	EXPECT_EQ(s.t.cy, 3);
	screen_close(&s);
}

TEST(fbtext_scroll_by_wrapping)
{
	struct screen s;

	/* 10 columns, 2 rows: the 21st character scrolls. */
	EXPECT_TRUE(screen_open(&s, 80, 32, 320, FBTEXT_RGBX));
	put_str(&s, "abcdefghijklmnopqrstu");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'k'));
	EXPECT_TRUE(cell_shows(&s, 9, 0, 't'));
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'u'));
	EXPECT_TRUE(cell_shows(&s, 1, 1, ' '));
	screen_close(&s);
}

TEST(fbtext_write_scrolls_a_burst_at_once)
{
	struct screen s;

	/* 4 rows; six lines in one write end as the last four. */
	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	put_str(&s, "a\nb\nc\nd\ne\nf\n");
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'd'));
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'e'));
	EXPECT_TRUE(cell_shows(&s, 0, 2, 'f'));
	EXPECT_TRUE(row_blank(&s, 3));
	EXPECT_EQ(s.t.cy, 3);

	/* More lines than rows: only the tail is left. */
	put_str(&s, "1\n2\n3\n4\n5\n6\n7\n8\n9");
	EXPECT_TRUE(cell_shows(&s, 0, 0, '6'));
	EXPECT_TRUE(cell_shows(&s, 0, 3, '9'));
	EXPECT_EQ(s.t.cy, 3);
	EXPECT_EQ(s.t.cx, 1);
	screen_close(&s);
}

TEST(fbtext_scroll_repaints_only_changes)
{
	struct screen s;
	u32 *marker;

	/*
	 * Rows A B A B, then "\nA\nB" in one write: a single two-line scroll
	 * leaves rows 0 and 1 as they were, so they must not be painted
	 * (one-line scrolls would repaint row 0 with 'B' on the way). A
	 * pixel scribbled into row 0 shows whether it was painted: (0, 3),
	 * where 'A' and 'B' differ.
	 */
	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	put_str(&s, "A\nB\nA\nB");
	marker = &s.mem[3 * 80 + 0];
	*marker = 0x123456;
	put_str(&s, "\nA\nB");
	EXPECT_EQ(*marker, 0x123456);
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'B'));
	EXPECT_TRUE(cell_shows(&s, 0, 2, 'A'));
	EXPECT_TRUE(cell_shows(&s, 0, 3, 'B'));
	EXPECT_EQ(s.t.cy, 3);

	/* A real change repaints the cell. */
	fbtext_putc(&s.t, '\n');
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'B'));
	screen_close(&s);
}

TEST(fbtext_jump_scroll)
{
	struct screen s;

	/* With scroll_lines = 2 a scroll leaves two free rows. */
	EXPECT_TRUE(screen_open(&s, 80, 64, 320, FBTEXT_RGBX));
	s.t.scroll_lines = 2;
	put_str(&s, "a\nb\nc\nd");
	fbtext_putc(&s.t, '\n');
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'c'));
	EXPECT_TRUE(cell_shows(&s, 0, 1, 'd'));
	EXPECT_TRUE(row_blank(&s, 2));
	EXPECT_TRUE(row_blank(&s, 3));
	EXPECT_EQ(s.t.cy, 2);
	screen_close(&s);
}

/*
 * Hidden (a user program owns the pixels): text and scrolling change the
 * shadow only; showing again repaints every cell and the margins, over
 * whatever the program drew.
 */
TEST(fbtext_hidden_then_redraw)
{
	struct screen s;
	u32 x, y;

	EXPECT_TRUE(screen_open(&s, 100, 40, 416, FBTEXT_BGRX)); /* 12x2 cells */
	put_str(&s, "ab");
	fbtext_set_hidden(&s.t, true);
	/* the program paints everything red */
	for (y = 0; y < s.height; y++)
		for (x = 0; x < s.width; x++)
			s.mem[(size_t)y * (s.pitch / 4) + x] = 0xff0000;
	put_str(&s, "\nxy\nz"); /* scrolls while hidden */
	fbtext_clear(&s.t);	/* clears the shadow only */
	put_str(&s, "q");
	for (y = 0; y < s.height; y++)
		for (x = 0; x < s.width; x++)
			if (pixel(&s, x, y) != 0xff0000) {
				EXPECT_EQ(pixel(&s, x, y), 0xff0000);
				y = s.height;
				break;
			}
	fbtext_set_hidden(&s.t, false);
	EXPECT_TRUE(cell_shows(&s, 0, 0, 'q'));
	EXPECT_TRUE(cell_shows(&s, 1, 0, ' '));
	EXPECT_TRUE(row_blank(&s, 1));
	/* the margins (x >= 96, y >= 32) are black again */
	EXPECT_EQ(pixel(&s, 99, 0), colour(&s, FBTEXT_BLACK));
	EXPECT_EQ(pixel(&s, 0, 39), colour(&s, FBTEXT_BLACK));
	EXPECT_EQ(pixel(&s, 99, 39), colour(&s, FBTEXT_BLACK));
	EXPECT_TRUE(padding_intact(&s));
	/* visible again: text draws at once */
	put_str(&s, "r");
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'r'));
	/* showing twice repaints nothing new */
	fbtext_set_hidden(&s.t, false);
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'r'));
	screen_close(&s);
}

TEST(fbtext_pitch_padding_untouched)
{
	struct screen s;
	int i;

	/* 83 pixels (10 columns, 3 spare pixels) in a 512-byte pitch. */
	EXPECT_TRUE(screen_open(&s, 83, 70, 512, FBTEXT_BGRX));
	EXPECT_EQ(s.t.cols, 10);
	EXPECT_EQ(s.t.rows, 4);
	EXPECT_TRUE(padding_intact(&s));
	for (i = 0; i < 40; i++)
		put_str(&s, "padding\ttest line that wraps around\n");
	fbtext_set_colour(&s.t, FBTEXT_WHITE, FBTEXT_RED);
	fbtext_clear(&s.t);
	put_str(&s, "x");
	EXPECT_TRUE(padding_intact(&s));
	EXPECT_EQ(pixel(&s, 82, 69), colour(&s, FBTEXT_RED));
	screen_close(&s);

	/* An odd number of pixels per pitch: every other line is only
	 * 4-byte aligned. */
	EXPECT_TRUE(screen_open(&s, 80, 64, 324, FBTEXT_RGBX));
	for (i = 0; i < 10; i++)
		put_str(&s, "odd pitch, wrapping and scrolling\n");
	/* The last line wrapped as "odd pitch," " wrapping " "and scroll"
	 * "ing", then its '\n' scrolled once. */
	EXPECT_TRUE(cell_shows(&s, 1, 0, 'w'));
	EXPECT_TRUE(cell_shows(&s, 9, 1, 'l'));
	EXPECT_TRUE(cell_shows(&s, 2, 2, 'g'));
	EXPECT_TRUE(row_blank(&s, 3));
	EXPECT_TRUE(padding_intact(&s));
	screen_close(&s);
}

TEST(fbtext_every_byte_renders)
{
	struct screen s;
	u32 fg, bg;
	int c;

	/* 16 columns, 17 rows: all 256 bytes fit without scrolling. */
	EXPECT_TRUE(screen_open(&s, 128, 272, 528, FBTEXT_RGBX));
	fg = colour(&s, FBTEXT_LIGHT_GREY);
	bg = colour(&s, FBTEXT_BLACK);
	for (c = 0; c < 256; c++) {
		if (c == '\n' || c == '\r' || c == '\t' || c == '\b')
			continue;
		s.t.cx = c % 16;
		s.t.cy = c / 16;
		fbtext_putc(&s.t, (char)c);
		EXPECT_TRUE(cell_is(&s, c % 16, c / 16, c, fg, bg));
		if (c < 0x20 || c > 0x7e)
			EXPECT_TRUE(cell_is(&s, c % 16, c / 16, 0xff, fg, bg));
	}
	/* And a stream of all of them, scrolling, stays in bounds. */
	for (c = 0; c < 4 * 256; c++)
		fbtext_putc(&s.t, (char)(c * 7));
	EXPECT_TRUE(padding_intact(&s));
	screen_close(&s);
}

TEST(font8x16_glyphs)
{
	const u8 *unknown = font_glyph(&font8x16, 0);
	int c, y;

	EXPECT_EQ(font8x16.width, 8);
	EXPECT_EQ(font8x16.height, 16);
	for (c = 0; c < 256; c++) {
		const u8 *g = font_glyph(&font8x16, c);
		int ink = 0;

		for (y = 0; y < 16; y++)
			ink |= g[y];
		if (c >= 0x21 && c <= 0x7e) {
			EXPECT_TRUE(ink != 0);
			EXPECT_TRUE(memcmp(g, unknown, 16) != 0);
			/* Column 7 is spacing, except for '_'. */
			if (c != '_')
				EXPECT_EQ(ink & 1, 0);
		} else if (c == ' ') {
			EXPECT_EQ(ink, 0);
		} else {
			EXPECT_TRUE(g == unknown);
		}
	}
	EXPECT_TRUE(unknown[8] != 0);
}

/*
 * A naive model of the screen: a grid of (byte, fg, bg) and a cursor,
 * scrolled one line at a time. After every random operation the pixels
 * must show exactly the model.
 */
#define MODEL_COLS 13
#define MODEL_ROWS 5

struct model {
	u8 ch[MODEL_ROWS][MODEL_COLS];
	u8 fg[MODEL_ROWS][MODEL_COLS];
	u8 bg[MODEL_ROWS][MODEL_COLS];
	u32 cx, cy;
	u8 cur_fg, cur_bg;
};

static void model_blank_row(struct model *m, u32 row)
{
	u32 col;

	for (col = 0; col < MODEL_COLS; col++) {
		m->ch[row][col] = ' ';
		m->fg[row][col] = m->cur_fg;
		m->bg[row][col] = m->cur_bg;
	}
}

static void model_newline(struct model *m)
{
	u32 row;

	m->cx = 0;
	if (++m->cy < MODEL_ROWS)
		return;
	for (row = 0; row + 1 < MODEL_ROWS; row++) {
		memcpy(m->ch[row], m->ch[row + 1], MODEL_COLS);
		memcpy(m->fg[row], m->fg[row + 1], MODEL_COLS);
		memcpy(m->bg[row], m->bg[row + 1], MODEL_COLS);
	}
	model_blank_row(m, MODEL_ROWS - 1);
	m->cy = MODEL_ROWS - 1;
}

static void model_putc(struct model *m, u8 c)
{
	if (c == '\n') {
		model_newline(m);
	} else if (c == '\r') {
		m->cx = 0;
	} else if (c == '\t') {
		m->cx = (m->cx / 8 + 1) * 8;
		if (m->cx > MODEL_COLS)
			m->cx = MODEL_COLS;
	} else if (c == '\b') {
		if (m->cx)
			m->cx--;
	} else {
		if (m->cx == MODEL_COLS)
			model_newline(m);
		m->ch[m->cy][m->cx] = c;
		m->fg[m->cy][m->cx] = m->cur_fg;
		m->bg[m->cy][m->cx] = m->cur_bg;
		m->cx++;
	}
}

static bool model_matches(const struct screen *s, const struct model *m)
{
	u32 row, col;

	if (s->t.cx != m->cx || s->t.cy != m->cy)
		return false;
	for (row = 0; row < MODEL_ROWS; row++)
		for (col = 0; col < MODEL_COLS; col++)
			if (!cell_is(s, col, row, m->ch[row][col], colour(s, m->fg[row][col]),
				     colour(s, m->bg[row][col])))
				return false;
	return true;
}

static u32 rng_next(u32 *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

TEST(fbtext_matches_model)
{
	static const char alphabet[] = "\n\n\n\t\r\b  eeetaoinsAB01.:[]_gjy";
	struct screen s;
	struct model m;
	u32 rng = 1, op, row;
	int bad = 0;

	/* 13x5 cells with spare pixels right and below, odd pitch. */
	EXPECT_TRUE(screen_open(&s, 107, 85, 436, FBTEXT_BGRX));
	m.cur_fg = FBTEXT_LIGHT_GREY;
	m.cur_bg = FBTEXT_BLACK;
	for (row = 0; row < MODEL_ROWS; row++)
		model_blank_row(&m, row);
	m.cx = m.cy = 0;

	for (op = 0; op < 3000 && !bad; op++) {
		u32 kind = rng_next(&rng) % 16;
		char buf[48];
		u32 i, len;

		if (kind == 0) {
			/* Mostly the log colours, sometimes any colour. */
			m.cur_fg = rng_next(&rng) % 16;
			m.cur_bg = FBTEXT_BLACK;
			if (rng_next(&rng) % 4 == 0)
				m.cur_bg = rng_next(&rng) % 16;
			fbtext_set_colour(&s.t, m.cur_fg, m.cur_bg);
			continue;
		}
		if (kind == 1 && rng_next(&rng) % 8 == 0) {
			fbtext_clear(&s.t);
			for (row = 0; row < MODEL_ROWS; row++)
				model_blank_row(&m, row);
			m.cx = m.cy = 0;
			continue;
		}
		len = rng_next(&rng) % sizeof(buf);
		for (i = 0; i < len; i++) {
			u32 r = rng_next(&rng);
			u32 pick = r / 10 % (sizeof(alphabet) - 1);

			/* One byte in ten is any byte at all. */
			buf[i] = r % 10 ? alphabet[pick] : (char)(r / 10);
			model_putc(&m, (u8)buf[i]);
		}
		if (kind < 8) {
			fbtext_write(&s.t, buf, len);
		} else {
			for (i = 0; i < len; i++)
				fbtext_putc(&s.t, buf[i]);
		}
		if (!model_matches(&s, &m)) {
			printf("    # op %u: screen differs from the model\n", op);
			bad = 1;
		}
	}
	EXPECT_EQ(bad, 0);
	EXPECT_TRUE(padding_intact(&s));
	screen_close(&s);
}

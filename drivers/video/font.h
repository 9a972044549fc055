/*
 * Bitmap fonts for the framebuffer text console (drivers/video/).
 * A font is a const table of fixed-size glyphs, one byte per row, MSB =
 * leftmost pixel (so width is at most 8). font_glyph() never fails: every
 * byte without a glyph of its own gets the font's "unknown" glyph.
 */
#ifndef LOOM_DRIVERS_VIDEO_FONT_H
#define LOOM_DRIVERS_VIDEO_FONT_H

#include <loom/types.h>

struct font {
	unsigned int width;  /* pixels per row, 1..8                      */
	unsigned int height; /* rows per glyph                            */
	unsigned int first;  /* character code of glyph 0                */
	unsigned int count;  /* glyphs for codes first..first + count - 1 */
	const u8 *glyphs;    /* count + 1 glyphs of height bytes each; the
	                        last one is the unknown glyph            */
};

/* The rows of the glyph for byte c. */
static inline const u8 *font_glyph(const struct font *font, u8 c)
{
	unsigned int i = (unsigned int)c - font->first; /* wraps below first */

	if (i >= font->count)
		i = font->count;
	return font->glyphs + (size_t)i * font->height;
}

extern const struct font font8x16;

#endif

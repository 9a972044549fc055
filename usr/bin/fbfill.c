/*
 * fbfill: fill rectangles of a framebuffer through its mapping.
 *   fbfill [-d N] [-w MS] RRGGBB [X Y W H] [RRGGBB X Y W H ...]
 * Reads the geometry and pixel format from /dev/fb/N/info (N 0 unless
 * -d), maps /dev/fb/N/buffer (MAP_SHARED) and fills each rectangle
 * (clipped to the screen; without one, the whole screen) with its colour.
 * -w MS keeps the screen MS milliseconds before exiting: the text console
 * stays away meanwhile and redraws itself when fbfill is done.
 *   fbfill -b [-d N] [-r R]
 * Times R (default 10) whole-screen fills through write() and through the
 * mapping and prints "bench fb_fill_write ..." and "bench fb_fill_mmap ...".
 */
#include <errno.h>
#include <loom.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

struct fb {
	unsigned long width, height, pitch;
	int bgrx; /* byte 0 blue; else byte 0 red */
	int fd;
	uint8_t *px;
	size_t size;
};

static int usage(void)
{
	fprintf(stderr, "usage: fbfill [-d N] [-w MS] RRGGBB [X Y W H] [RRGGBB X Y W H ...]\n"
			"       fbfill -b [-d N] [-r ROUNDS]\n");
	return 2;
}

/* "W H PITCH FORMAT\n" from info: 0 or -1 (reported). */
static int fb_info(const char *dev, struct fb *fb)
{
	char path[48], text[64], *p;
	unsigned long v[3];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/info", dev);
	fd = open(path);
	if (fd < 0) {
		fprintf(stderr, "fbfill: %s: %s\n", path, strerror(errno));
		return -1;
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	text[n > 0 ? n : 0] = 0;
	p = text;
	for (int i = 0; i < 3; i++) {
		v[i] = strtoul(p, &p, 10);
		if (*p++ != ' ')
			goto bad;
	}
	if (strcmp(p, "bgrx\n") && strcmp(p, "rgbx\n"))
		goto bad;
	fb->width = v[0];
	fb->height = v[1];
	fb->pitch = v[2];
	fb->bgrx = !strcmp(p, "bgrx\n");
	fb->size = (size_t)fb->pitch * fb->height;
	if (!fb->width || fb->pitch < fb->width * 4)
		goto bad;
	return 0;
bad:
	fprintf(stderr, "fbfill: %s: unexpected \"%s\"\n", path, text);
	return -1;
}

static int fb_map(const char *dev, struct fb *fb)
{
	char path[48];

	snprintf(path, sizeof(path), "%s/buffer", dev);
	fb->fd = open(path);
	if (fb->fd < 0) {
		fprintf(stderr, "fbfill: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fb->px = mmap(NULL, fb->size, PROT_READ | PROT_WRITE, MAP_SHARED, fb->fd, 0);
	if (fb->px == MAP_FAILED) {
		fprintf(stderr, "fbfill: mmap %s: %s\n", path, strerror(errno));
		close(fb->fd);
		return -1;
	}
	return 0;
}

static uint32_t pixel(const struct fb *fb, uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	return fb->bgrx ? (b | g << 8 | r << 16) : (r | g << 8 | b << 16);
}

static void fill(struct fb *fb, unsigned long x, unsigned long y, unsigned long w, unsigned long h,
		 uint32_t px)
{
	if (x >= fb->width || y >= fb->height)
		return;
	w = w < fb->width - x ? w : fb->width - x;
	h = h < fb->height - y ? h : fb->height - y;
	for (unsigned long j = 0; j < h; j++) {
		uint32_t *line = (uint32_t *)(fb->px + (y + j) * fb->pitch) + x;

		for (unsigned long i = 0; i < w; i++)
			line[i] = px;
	}
}

static int parse_num(const char *s, unsigned long *out, int base)
{
	char *end;

	*out = strtoul(s, &end, base);
	return *s && !*end ? 0 : -1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Whole-screen fills through write() (one screen's bytes prepared in
 * memory once, written from offset 0 each round) and through the mapping
 * (a store per pixel). */
static int bench(struct fb *fb, unsigned long rounds)
{
	uint8_t *img = malloc(fb->size);
	long long t0, t_write, t_map;

	if (!img) {
		fprintf(stderr, "fbfill: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < fb->size / 4; i++)
		((uint32_t *)img)[i] = pixel(fb, 0x102030);
	t0 = now_ns();
	for (unsigned long r = 0; r < rounds; r++) {
		size_t done = 0;

		if (lseek(fb->fd, 0, SEEK_SET) != 0)
			return 1;
		while (done < fb->size) {
			ssize_t n = write(fb->fd, img + done, fb->size - done);

			if (n <= 0) {
				fprintf(stderr, "fbfill: write: %s\n", strerror(errno));
				return 1;
			}
			done += (size_t)n;
		}
	}
	t_write = (now_ns() - t0) / (long long)rounds;
	t0 = now_ns();
	for (unsigned long r = 0; r < rounds; r++)
		fill(fb, 0, 0, fb->width, fb->height, pixel(fb, (uint32_t)(0x302010 * (r + 1))));
	t_map = (now_ns() - t0) / (long long)rounds;
	printf("bench fb_fill_write %lux%lu %lld us/screen\n", fb->width, fb->height,
	       t_write / 1000);
	printf("bench fb_fill_mmap %lux%lu %lld us/screen\n", fb->width, fb->height, t_map / 1000);
	free(img);
	return 0;
}

int main(int argc, char **argv)
{
	const char *n = "0";
	char dev[32];
	unsigned long wait_ms = 0, rounds = 10, v[5];
	int i = 1, do_bench = 0, rects = 0;
	struct fb fb;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-b"))
			do_bench = 1;
		else if (!strcmp(argv[i], "-d") && i + 1 < argc)
			n = argv[++i];
		else if (!strcmp(argv[i], "-w") && i + 1 < argc &&
			 !parse_num(argv[i + 1], &wait_ms, 10))
			i++;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc &&
			 !parse_num(argv[i + 1], &rounds, 10) && rounds)
			i++;
		else
			return usage();
	}
	if (do_bench ? i != argc : i == argc)
		return usage();
	snprintf(dev, sizeof(dev), "/dev/fb/%s", n);
	if (fb_info(dev, &fb) || fb_map(dev, &fb))
		return 1;
	if (do_bench)
		return bench(&fb, rounds);
	while (i < argc) {
		int have_rect = i + 4 < argc;

		if (parse_num(argv[i], &v[0], 16) || v[0] > 0xffffff)
			return usage();
		for (int k = 1; have_rect && k < 5; k++)
			if (parse_num(argv[i + k], &v[k], 10))
				return usage();
		if (!have_rect) {
			if (i + 1 != argc)
				return usage(); /* a colour with a partial rectangle */
			v[1] = v[2] = 0;
			v[3] = fb.width;
			v[4] = fb.height;
		}
		fill(&fb, v[1], v[2], v[3], v[4], pixel(&fb, (uint32_t)v[0]));
		rects++;
		i += have_rect ? 5 : 1;
	}
	printf("fbfill: %d rectangle%s on %lux%lu\n", rects, rects == 1 ? "" : "s", fb.width,
	       fb.height);
	fflush(stdout);
	if (wait_ms)
		usleep(wait_ms * 1000);
	munmap(fb.px, fb.size);
	close(fb.fd);
	return 0;
}

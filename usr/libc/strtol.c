/* Number conversions: the strtol family, strtod, atoi. Pure. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Parse an unsigned magnitude; *neg gets the sign, *over whether it did not
 * fit in 64 bits. end is set to the first unused character (s when no
 * digits were found). */
static unsigned long long scan(const char *s, char **end, int base, int *neg, int *over)
{
	const char *p = s;
	unsigned long long v = 0;
	int any = 0;

	*neg = 0;
	*over = 0;
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 32) == 'x' &&
	    isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		errno = EINVAL;
		if (end)
			*end = (char *)s;
		return 0;
	}
	for (;; p++) {
		int c = (unsigned char)*p, d;

		if (isdigit(c))
			d = c - '0';
		else if (isalpha(c))
			d = (c | 32) - 'a' + 10;
		else
			break;
		if (d >= base)
			break;
		any = 1;
		if (v > (~0ull - d) / base)
			*over = 1;
		else
			v = v * base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	return v;
}

static long long signed_conv(const char *s, char **end, int base, long long min, long long max)
{
	int neg, over;
	unsigned long long v = scan(s, end, base, &neg, &over);

	if (neg) {
		if (over || v > (unsigned long long)max + 1) {
			errno = ERANGE;
			return min;
		}
		return (long long)(0 - v);
	}
	if (over || v > (unsigned long long)max) {
		errno = ERANGE;
		return max;
	}
	return (long long)v;
}

static unsigned long long unsigned_conv(const char *s, char **end, int base, unsigned long long max)
{
	int neg, over;
	unsigned long long v = scan(s, end, base, &neg, &over);

	if (over || v > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? 0 - v : v;
}

long strtol(const char *s, char **end, int base)
{
	return (long)signed_conv(s, end, base, LONG_MIN, LONG_MAX);
}

long long strtoll(const char *s, char **end, int base)
{
	return signed_conv(s, end, base, LLONG_MIN, LLONG_MAX);
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return (unsigned long)unsigned_conv(s, end, base, ULONG_MAX);
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	return unsigned_conv(s, end, base, ULLONG_MAX);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

long atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long atoll(const char *s)
{
	return strtoll(s, NULL, 10);
}

/* Decimal floating point: [sign] digits [. digits] [e [sign] digits],
 * "inf", "nan". Accumulated in long double. */
double strtod(const char *s, char **end)
{
	const char *p = s;
	long double v = 0, scale = 1;
	int neg = 0, any = 0, e = 0;

	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!strncasecmp(p, "inf", 3) || !strncasecmp(p, "nan", 3)) {
		double r = (p[0] | 32) == 'i' ? __builtin_inf() : __builtin_nan("");

		p += 3;
		if (!strncasecmp(p - 3, "infinity", 8))
			p += 5;
		if (end)
			*end = (char *)p;
		return neg ? -r : r;
	}
	for (; isdigit((unsigned char)*p); p++, any = 1)
		v = v * 10 + (*p - '0');
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++, any = 1) {
			scale /= 10;
			v += (*p - '0') * scale;
		}
	if (!any) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	if ((*p | 32) == 'e') {
		const char *q = p + 1;
		int eneg = 0;

		if (*q == '+' || *q == '-')
			eneg = *q++ == '-';
		if (isdigit((unsigned char)*q)) {
			for (; isdigit((unsigned char)*q); q++)
				if (e < 10000)
					e = e * 10 + (*q - '0');
			if (eneg)
				e = -e;
			p = q;
		}
	}
	for (; e > 0; e--)
		v *= 10;
	for (; e < 0; e++)
		v /= 10;
	if (end)
		*end = (char *)p;
	if (v > 1.7976931348623157e308L) {
		errno = ERANGE;
		v = __builtin_inf();
	}
	return neg ? -(double)v : (double)v;
}

double atof(const char *s)
{
	return strtod(s, NULL);
}

int abs(int x)
{
	return x < 0 ? -x : x;
}
long labs(long x)
{
	return x < 0 ? -x : x;
}
long long llabs(long long x)
{
	return x < 0 ? -x : x;
}

static unsigned long long rand_state = 1;

void srand(unsigned int seed)
{
	rand_state = seed;
}

int rand(void)
{
	rand_state = rand_state * 6364136223846793005ull + 1442695040888963407ull;
	return (int)(rand_state >> 33);
}

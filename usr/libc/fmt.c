/*
 * The printf formatter: conversions d i u x X o c s p % and f F e E g G,
 * flags - + space # 0, width and precision (also *), length modifiers hh h
 * l ll z t j L. Pieces go to an output callback, so snprintf, FILE streams
 * and F() share one implementation. Doubles are turned into decimal digits
 * exactly for magnitudes from 1e-5 to 2^63 (up to 40 significant digits)
 * and rounded to the precision asked, ties to even; see raw_digits().
 * Pure (host-tested against the host C library).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

struct spec {
	int left, plus, space, alt, zero;
	int width, prec; /* prec -1: not given */
	char conv;
};

struct sink {
	__fmt_out out;
	void *ctx;
	int count;
};

static void put(struct sink *k, const char *s, size_t n)
{
	if (n) {
		k->out(k->ctx, s, n);
		k->count += (int)n;
	}
}

static void pad(struct sink *k, char c, int n)
{
	char buf[32];

	memset(buf, c, sizeof(buf));
	while (n > 0) {
		int m = n < (int)sizeof(buf) ? n : (int)sizeof(buf);

		put(k, buf, m);
		n -= m;
	}
}

/* Emit prefix (sign, 0x), leading zeros, body, honouring width and '-'. */
static void emit(struct sink *k, const struct spec *sp, const char *prefix, int zeros,
		 const char *body, int blen)
{
	int plen = (int)strlen(prefix);
	int len = plen + zeros + blen;
	int fill = sp->width > len ? sp->width - len : 0;

	if (!sp->left && !sp->zero)
		pad(k, ' ', fill);
	put(k, prefix, plen);
	if (!sp->left && sp->zero)
		pad(k, '0', fill);
	pad(k, '0', zeros);
	put(k, body, blen);
	if (sp->left)
		pad(k, ' ', fill);
}

static void fmt_int(struct sink *k, struct spec sp, uint64_t v, int neg)
{
	char buf[32], prefix[4] = "";
	int base = 10, n = 0, zeros = 0;
	const char *digits = "0123456789abcdef";

	switch (sp.conv) {
	case 'x': base = 16; break;
	case 'X':
		base = 16;
		digits = "0123456789ABCDEF";
		break;
	case 'o': base = 8; break;
	case 'p': base = 16; break;
	}
	for (uint64_t x = v; x; x /= base)
		buf[sizeof(buf) - ++n] = digits[x % base];
	if (sp.prec >= 0)
		sp.zero = 0;
	else
		sp.prec = 1;
	if (n < sp.prec)
		zeros = sp.prec - n;
	if (neg)
		strcpy(prefix, "-");
	else if (sp.plus && (sp.conv == 'd' || sp.conv == 'i'))
		strcpy(prefix, "+");
	else if (sp.space && (sp.conv == 'd' || sp.conv == 'i'))
		strcpy(prefix, " ");
	if ((sp.alt && v && base == 16) || sp.conv == 'p')
		strcpy(prefix, sp.conv == 'X' ? "0X" : "0x");
	if (sp.alt && base == 8 && !zeros && (v || !n))
		zeros = 1;
	emit(k, &sp, prefix, zeros, buf + sizeof(buf) - n, n);
}

#define MAXDIG 40 /* digits generated; beyond them, zeros */

/*
 * The first max significant decimal digits of v > 0 (truncated) into d;
 * returns the decimal exponent of the first; *sticky says whether anything
 * nonzero follows them. From 1e-5 to 2^63 the digits are exact: the
 * integer part by integer division, the fraction (exact in a double) by
 * multiplying by ten in long double, which holds 64 bits. Elsewhere the
 * value is scaled by powers of ten in long double: 17 significant digits
 * are right, later ones print as zeros.
 */
static int raw_digits(double v, char *d, int max, int *n_out, int *sticky)
{
	int n = 0, e;

	if (v >= 1e-5 && v < 9.2e18) {
		unsigned long long ip = (unsigned long long)v;
		long double f = (long double)v - ip;
		char tmp[24];
		int t = 0;

		for (; ip; ip /= 10)
			tmp[t++] = (char)('0' + ip % 10);
		e = t - 1;
		while (t && n < max)
			d[n++] = tmp[--t];
		*sticky = 0;
		while (t)
			*sticky |= tmp[--t] != '0';
		if (e < 0) { /* skip the fraction's leading zeros */
			for (e = -1;; e--) {
				f *= 10;
				if ((int)f)
					break;
			}
			f /= 10;
		}
		while (n < max) {
			int dig;

			f *= 10;
			dig = (int)f;
			d[n++] = (char)('0' + dig);
			f -= dig;
		}
		*sticky |= f != 0;
	} else {
		long double x = v;

		e = 0;
		while (x >= 1e16L)
			x /= 1e16L, e += 16;
		while (x >= 10)
			x /= 10, e++;
		while (x < 1e-16L)
			x *= 1e16L, e -= 16;
		while (x < 1)
			x *= 10, e--;
		while (n < max) {
			int dig = n < 17 ? (int)x : 0;

			d[n++] = (char)('0' + dig);
			x = (x - dig) * 10;
		}
		*sticky = n <= 17 && x != 0;
	}
	*n_out = n;
	return e;
}

/*
 * v > 0 rounded to `want` significant digits (may be <= 0: then it rounds
 * to nothing or to a single 1 one place up), ties to even: digits into d
 * (size MAXDIG + 2), their count in *nd; returns the decimal exponent of
 * the first digit. want < 0 only asks for the exponent.
 */
static int digits(double v, int want, char *d, int *nd)
{
	char raw[MAXDIG + 2];
	int n, sticky, e, i, up, next;

	if (want < 0) {
		*nd = 0;
		return raw_digits(v, raw, 1, &n, &sticky);
	}
	if (want > MAXDIG)
		want = MAXDIG;
	e = raw_digits(v, raw, want + 1, &n, &sticky);
	memcpy(d, raw, want);
	next = raw[want] - '0';
	up = next > 5 || (next == 5 && (sticky || (want > 0 && (d[want - 1] - '0') & 1)));
	n = want;
	if (up) {
		for (i = n - 1; i >= 0 && d[i] == '9'; i--)
			d[i] = '0';
		if (i >= 0) {
			d[i]++;
		} else { /* 9.99 -> 10.0: a new first digit, the last (a zero) falls off */
			memmove(d + 1, d, n);
			d[0] = '1';
			e++;
			if (n == 0)
				n = 1;
		}
	}
	*nd = n;
	return e;
}

static void fmt_float(struct sink *k, struct spec sp, double v)
{
	char out[400], d[MAXDIG + 2], prefix[2] = "";
	int prec = sp.prec < 0 ? 6 : sp.prec, n = 0, nd, e, upper = sp.conv <= 'Z';
	char c = (char)(sp.conv | 32);
	double x;

	if (prec > 300)
		prec = 300;
	if (__builtin_signbit(v))
		prefix[0] = '-';
	else if (sp.plus)
		prefix[0] = '+';
	else if (sp.space)
		prefix[0] = ' ';
	x = __builtin_fabs(v);
	if (__builtin_isnan(v) || __builtin_isinf(v)) {
		sp.zero = 0;
		emit(k, &sp, prefix, 0,
		     __builtin_isnan(v) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
		return;
	}
	if (c == 'g') {
		int p = prec ? prec : 1;

		e = x == 0 ? 0 : digits(x, p, d, &nd);
		if (p > e && e >= -4) {
			c = 'f';
			prec = p - 1 - e;
		} else {
			c = 'e';
			prec = p - 1;
		}
		if (!sp.alt)
			sp.prec = -2; /* marker: strip trailing zeros */
	}
	if (c == 'f') {
		int want, intdigits, i;

		if (x == 0) {
			nd = 0;
			e = 0;
		} else {
			e = digits(x, -1, d, &nd); /* exponent only */
			want = e + 1 + prec;
			e = digits(x, want, d, &nd);
			if (want <= 0 && nd == 0)
				e = 0; /* rounded to zero */
		}
		/* d[idx] has power 10^(e - idx) */
		intdigits = e >= 0 ? e + 1 : 1;
		for (i = 0; i < intdigits; i++) /* digit i has power e - i */
			out[n++] = (e >= 0 && i < nd) ? d[i] : '0';
		if (prec || sp.alt)
			out[n++] = '.';
		for (i = 1; i <= prec && n < (int)sizeof(out) - 8; i++) {
			int idx = e + i;

			out[n++] = (nd && idx >= 0 && idx < nd) ? d[idx] : '0';
		}
	} else {
		int i;

		if (x == 0) {
			e = 0;
			nd = 0;
		} else {
			e = digits(x, prec + 1, d, &nd);
		}
		out[n++] = nd ? d[0] : '0';
		if (prec || sp.alt)
			out[n++] = '.';
		for (i = 1; i <= prec && n < (int)sizeof(out) - 8; i++)
			out[n++] = i < nd ? d[i] : '0';
		if (sp.prec == -2)
			goto strip;
exp:
		out[n++] = upper ? 'E' : 'e';
		out[n++] = e < 0 ? '-' : '+';
		if (e < 0)
			e = -e;
		if (e >= 100)
			out[n++] = (char)('0' + e / 100);
		out[n++] = (char)('0' + e / 10 % 10);
		out[n++] = (char)('0' + e % 10);
		goto done;
strip:
		while (n > 1 && out[n - 1] == '0')
			n--;
		if (out[n - 1] == '.')
			n--;
		sp.prec = -1;
		goto exp;
	}
	if (sp.prec == -2 && memchr(out, '.', n)) {
		while (out[n - 1] == '0')
			n--;
		if (out[n - 1] == '.')
			n--;
	}
done:
	emit(k, &sp, prefix, 0, out, n);
}

int __vformat(__fmt_out outf, void *ctx, const char *fmt, va_list ap)
{
	struct sink k = { outf, ctx, 0 };

	while (*fmt) {
		struct spec sp = { .prec = -1 };
		const char *start = fmt;
		int lng = 0; /* 0 int, 1 long, 2 long long, -1 short, -2 char */

		while (*fmt && *fmt != '%')
			fmt++;
		put(&k, start, fmt - start);
		if (!*fmt)
			break;
		start = fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '+')
				sp.plus = 1;
			else if (*fmt == ' ')
				sp.space = 1;
			else if (*fmt == '#')
				sp.alt = 1;
			else if (*fmt == '0')
				sp.zero = 1;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				sp.prec = sp.prec * 10 + (*fmt++ - '0');
		}
		if (sp.left)
			sp.zero = 0;
		for (;; fmt++) {
			if (*fmt == 'l')
				lng = lng >= 1 ? 2 : 1;
			else if (*fmt == 'h')
				lng = lng <= -1 ? -2 : -1;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 1;
			else if (*fmt == 'L')
				lng = 2;
			else
				break;
		}
		sp.conv = *fmt;
		if (!*fmt) {
			put(&k, start, fmt - start);
			break;
		}
		fmt++;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			long long v = lng == 2	 ? va_arg(ap, long long)
				      : lng == 1 ? va_arg(ap, long)
						 : va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			else if (lng == -2)
				v = (signed char)v;
			fmt_int(&k, sp, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			unsigned long long v = lng == 2	  ? va_arg(ap, unsigned long long)
					       : lng == 1 ? va_arg(ap, unsigned long)
							  : va_arg(ap, unsigned int);

			if (lng == -1)
				v = (unsigned short)v;
			else if (lng == -2)
				v = (unsigned char)v;
			fmt_int(&k, sp, v, 0);
			break;
		}
		case 'p': {
			void *p = va_arg(ap, void *);

			if (!p) {
				sp.zero = 0;
				emit(&k, &sp, "", 0, "(nil)", 5);
			} else {
				fmt_int(&k, sp, (uintptr_t)p, 0);
			}
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.zero = 0;
			emit(&k, &sp, "", 0, &c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			sp.zero = 0;
			emit(&k, &sp, "", 0, s,
			     (int)(sp.prec >= 0 ? strnlen(s, sp.prec) : strlen(s)));
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G': fmt_float(&k, sp, va_arg(ap, double)); break;
		case '%': put(&k, "%", 1); break;
		default: /* unknown: print it as it was written */
			put(&k, start, fmt - start);
			break;
		}
	}
	return k.count;
}

struct strbuf {
	char *buf;
	size_t size, len;
};

static void str_out(void *ctx, const char *s, size_t n)
{
	struct strbuf *b = ctx;

	if (b->size && b->len < b->size - 1) {
		size_t room = b->size - 1 - b->len;

		memcpy(b->buf + b->len, s, n < room ? n : room);
	}
	b->len += n;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = { buf, size, 0 };
	int n = __vformat(str_out, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = 0;
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)-1 >> 1, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

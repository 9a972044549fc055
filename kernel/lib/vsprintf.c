/*
 * vsnprintf: the kernel's formatter. Conversions %d %i %u %x %X %o %c %s %p
 * %%; flags "-0+ #"; width and precision (also "*"); lengths hh h l ll z t j.
 * Always NUL-terminates when size > 0 and returns the length the full output
 * would have had. A NULL %s prints "(null)". Pure code, host-tested.
 */
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/module.h>

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, u64 v, bool neg, int base, bool upper, int width, int prec,
		       bool left, bool zero, char sign, bool alt)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, pre = 0;
	char prefix[3];

	if (neg)
		prefix[pre++] = '-';
	else if (sign)
		prefix[pre++] = sign;
	if (alt && base == 16 && v) {
		prefix[pre++] = '0';
		prefix[pre++] = upper ? 'X' : 'x';
	}
	if (alt && base == 8 && v)
		prefix[pre++] = '0';
	do {
		tmp[n++] = digits[v % (u64)base];
		v /= (u64)base;
	} while (v);
	if (prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	int zeros = prec > n ? prec - n : 0;
	int total = pre + zeros + n;

	if (zero && !left && prec < 0 && width > total)
		zeros += width - total, total = width;
	if (!left)
		for (int i = total; i < width; i++)
			put(o, ' ');
	for (int i = 0; i < pre; i++)
		put(o, prefix[i]);
	while (zeros--)
		put(o, '0');
	while (n--)
		put(o, tmp[n]);
	if (left)
		for (int i = total; i < width; i++)
			put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		bool left = false, zero = false, alt = false;
		char sign = 0;
		int width = 0, prec = -1, lng = 0;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;; fmt++) {
			char f = fmt[1];

			if (f == '-')
				left = true;
			else if (f == '0')
				zero = true;
			else if (f == '+')
				sign = '+';
			else if (f == ' ') {
				if (!sign)
					sign = ' ';
			} else if (f == '#')
				alt = true;
			else
				break;
		}
		fmt++;
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lng = 2;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			s64 v = lng >= 1 ? va_arg(ap, long long) : va_arg(ap, int);

			if (lng == -1)
				v = (short)v;
			if (lng <= -2)
				v = (signed char)v;
			put_number(&o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false, width, prec,
				   left, zero, sign, false);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			u64 v = lng >= 1 ? va_arg(ap, unsigned long long)
					 : va_arg(ap, unsigned int);
			int base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;

			if (lng == -1)
				v = (unsigned short)v;
			if (lng <= -2)
				v = (unsigned char)v;
			put_number(&o, v, false, base, *fmt == 'X', width, prec, left, zero, 0,
				   alt);
			break;
		}
		case 'p':
			put_number(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, width, prec,
				   left, zero, 0, true);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (!s)
				s = "(null)";
			put_padded(&o, s, prec >= 0 ? strnlen(s, (size_t)prec) : strlen(s), width,
				   left, ' ');
			break;
		}
		case '%': put(&o, '%'); break;
		case '\0': fmt--; break;
		default:
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
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

EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(snprintf);

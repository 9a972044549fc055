/* A subset of libm: exact operations on the bit patterns (floor, ceil,
 * trunc, fmod by long division), sqrt by the SSE2 instruction, exp and log
 * by argument reduction and series, pow through them (exact for integer
 * exponents by repeated squaring). Pure. */
#include <math.h>
#include <stdint.h>

double fabs(double x)
{
	return __builtin_fabs(x);
}

double trunc(double x)
{
	union {
		double d;
		uint64_t u;
	} v = { x };
	int e = (int)((v.u >> 52) & 0x7ff) - 1023;

	if (e >= 52)
		return x; /* already integral, inf or nan */
	if (e < 0)
		return __builtin_copysign(0.0, x);
	v.u &= ~((1ull << (52 - e)) - 1);
	return v.d;
}

double floor(double x)
{
	double t = trunc(x);

	return t > x ? t - 1 : t;
}

double ceil(double x)
{
	double t = trunc(x);

	return t < x ? t + 1 : t;
}

double sqrt(double x)
{
	double r;

	__asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
	return r;
}

double fmod(double x, double y)
{
	double ax = fabs(x), ay = fabs(y);

	if (isnan(x) || isnan(y) || isinf(x) || y == 0)
		return NAN;
	if (isinf(y) || ax < ay)
		return x;
	/* subtract the largest y * 2^k that fits, each step exact */
	while (ax >= ay) {
		double d = ay;

		while (d * 2 <= ax && !isinf(d * 2))
			d *= 2;
		ax -= d;
	}
	return x < 0 ? -ax : ax;
}

#define LN2 0.69314718055994530942

/* r * 2^k, by exponent arithmetic (no libgcc or libm helper). */
static double scale2(double r, int k)
{
	union {
		double d;
		uint64_t u;
	} p;

	while (k > 1000) {
		r *= 0x1p1000;
		k -= 1000;
	}
	while (k < -1000) {
		r *= 0x1p-1000;
		k += 1000;
	}
	if (k < -1022) {
		r *= 0x1p-60;
		k += 60;
	}
	p.u = (uint64_t)(k + 1023) << 52;
	return r * p.d;
}

double exp(double x)
{
	long double r, term, sum;
	int k, i;

	if (isnan(x))
		return x;
	if (x > 709.8)
		return HUGE_VAL;
	if (x < -745.2)
		return 0;
	/* x = k ln2 + r, |r| <= ln2 / 2 */
	k = (int)(x / LN2 + (x < 0 ? -0.5 : 0.5));
	r = (long double)x - k * 0.6931471805599453094172321L;
	sum = term = 1;
	for (i = 1; i < 30; i++) {
		term *= r / i;
		sum += term;
	}
	return scale2((double)sum, k);
}

double log(double x)
{
	union {
		double d;
		uint64_t u;
	} v = { x };
	long double m, s, s2, term, sum;
	int e, i;

	if (isnan(x) || x < 0)
		return NAN;
	if (x == 0)
		return -HUGE_VAL;
	if (isinf(x))
		return x;
	if (x < 2.2250738585072014e-308) {     /* subnormal: scale into range */
		v.d = x * 18014398509481984.0; /* 2^54 */
		e = (int)((v.u >> 52) & 0x7ff) - 1023 - 54;
	} else {
		e = (int)((v.u >> 52) & 0x7ff) - 1023;
	}
	v.u = (v.u & ((1ull << 52) - 1)) | (1023ull << 52); /* m in [1, 2) */
	m = v.d;
	if (m > 1.4142135623730950488L) {
		m /= 2;
		e++;
	}
	/* log m = 2 atanh((m-1)/(m+1)) */
	s = (m - 1) / (m + 1);
	s2 = s * s;
	sum = 0;
	term = s;
	for (i = 1; i < 60; i += 2) {
		sum += term / i;
		term *= s2;
	}
	return (double)(2 * sum + e * 0.6931471805599453094172321L);
}

double pow(double x, double y)
{
	if (y == 0)
		return 1;
	if (isnan(x) || isnan(y))
		return NAN;
	if (y == trunc(y) && fabs(y) <= 1 << 30) {
		long n = (long)fabs(y);
		double r = 1, b = x;

		for (; n; n >>= 1, b *= b)
			if (n & 1)
				r *= b;
		return y < 0 ? 1 / r : r;
	}
	if (x < 0)
		return NAN; /* a negative base needs an integer exponent */
	if (x == 0)
		return y > 0 ? 0 : HUGE_VAL;
	return exp(y * log(x));
}

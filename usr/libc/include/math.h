/* A subset of the C math library (usr/libc/math.c). */
#ifndef _MATH_H
#define _MATH_H

#define HUGE_VAL __builtin_huge_val()
#define INFINITY __builtin_inff()
#define NAN	 __builtin_nanf("")
#define isnan(x) __builtin_isnan(x)
#define isinf(x) __builtin_isinf(x)

double fabs(double x);
double floor(double x);
double ceil(double x);
double trunc(double x);
double sqrt(double x);
double fmod(double x, double y);
double exp(double x);
double log(double x);
double pow(double x, double y);

#endif

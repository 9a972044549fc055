/*
 * Scheduling weights from nice values (include/loom/sched.h). Pure, no state,
 * no locking. Contract: weight(nice) = round(1024 * 1.25^-nice), so nice 0 is
 * 1024 and each nice step changes the CPU share by about 25%.
 */
#include <loom/sched.h>

/* Computed for this file as round(1024 * 1.25 ** -n) for n = -20..19. */
static const u32 nice_weights[NICE_MAX - NICE_MIN + 1] = {
	/* -20 */ 88818, 71054, 56843, 45475, 36380,
	/* -15 */ 29104, 23283, 18626, 14901, 11921,
	/* -10 */ 9537,	 7629,	6104,  4883,  3906,
	/*  -5 */ 3125,	 2500,	2000,  1600,  1280,
	/*   0 */ 1024,	 819,	655,   524,   419,
	/*   5 */ 336,	 268,	215,   172,   137,
	/*  10 */ 110,	 88,	70,    56,    45,
	/*  15 */ 36,	 29,	23,    18,    15,
};

/* Out-of-range nice values are clamped to NICE_MIN..NICE_MAX. */
u32 sched_nice_to_weight(int nice)
{
	if (nice < NICE_MIN)
		nice = NICE_MIN;
	if (nice > NICE_MAX)
		nice = NICE_MAX;
	return nice_weights[nice - NICE_MIN];
}

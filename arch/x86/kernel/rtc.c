/*
 * The CMOS real-time clock (ports 0x70/0x71), read once at boot for the
 * wall clock: wait for no update in progress, read until two readings
 * agree, decode BCD or binary and 12 or 24 hours, take the century from the
 * FADT's CMOS index when it gives one (else 20xx), check every field. A
 * machine whose FADT says it has no CMOS RTC, or a reading that makes no
 * sense, yields -ENODEV with a log line. Boot CPU, interrupts off.
 */
#include <loom/acpi.h>
#include <loom/printk.h>
#include <loom/string.h>
#include <loom/time.h>
#include <asm/x86.h>
#include <uapi/loom/errno.h>

#define RTC_SEC	     0x00
#define RTC_MIN	     0x02
#define RTC_HOUR     0x04
#define RTC_DAY	     0x07
#define RTC_MONTH    0x08
#define RTC_YEAR     0x09
#define RTC_STATUS_A 0x0a
#define RTC_STATUS_B 0x0b
#define RTC_UIP	     0x80 /* A: update in progress */
#define RTC_BINARY   0x04 /* B: binary, not BCD */
#define RTC_24H	     0x02 /* B: 24-hour mode */
#define RTC_PM	     0x80 /* hour, in 12-hour mode */

#define FADT_CENTURY   108
#define FADT_BOOT_ARCH 109
#define FADT_NO_CMOS   (1u << 5)

static u8 cmos_read(u8 reg)
{
	outb(0x70, reg); /* bit 7 clear: NMIs stay enabled */
	return inb(0x71);
}

/* The FADT's century register (0 for none); *absent when it says there is
 * no CMOS RTC. */
static u8 fadt_century(bool *absent)
{
	const struct acpi_header *f;
	u16 arch = 0;
	u8 century = 0;

	*absent = false;
	if (!IS_ENABLED(CONFIG_ACPI))
		return 0;
	f = acpi_find_table("FACP", 0);
	if (!f)
		return 0;
	if (f->length > FADT_CENTURY)
		century = ((const u8 *)f)[FADT_CENTURY];
	if (f->length >= FADT_BOOT_ARCH + 2 && f->revision >= 5) {
		memcpy(&arch, (const u8 *)f + FADT_BOOT_ARCH, 2);
		*absent = arch & FADT_NO_CMOS;
	}
	/* Index 0x0e and up is plain CMOS RAM; 0x80 and up is not addressable. */
	return century >= 0x0e && century < 0x80 ? century : 0;
}

struct raw {
	u8 sec, min, hour, day, month, year, century;
};

static bool read_raw(struct raw *r, u8 century_reg)
{
	/* The update cycle keeps UIP set for at most about 2 ms. */
	for (int spin = 0; spin < 100000 && (cmos_read(RTC_STATUS_A) & RTC_UIP); spin++)
		pause();
	r->sec = cmos_read(RTC_SEC);
	r->min = cmos_read(RTC_MIN);
	r->hour = cmos_read(RTC_HOUR);
	r->day = cmos_read(RTC_DAY);
	r->month = cmos_read(RTC_MONTH);
	r->year = cmos_read(RTC_YEAR);
	r->century = century_reg ? cmos_read(century_reg) : 0;
	return !(cmos_read(RTC_STATUS_A) & RTC_UIP);
}

static u32 bcd(u8 v, bool binary)
{
	return binary ? v : (v >> 4) * 10 + (v & 0x0f);
}

int arch_rtc_read(struct rtc_time *tm)
{
	struct raw a, b;
	bool absent, binary, stable = false;
	u8 century_reg = fadt_century(&absent), status;
	u32 hour, century;

	if (absent) {
		pr_info("rtc: the FADT says there is no CMOS RTC");
		return -ENODEV;
	}
	for (int tries = 0; tries < 8 && !stable; tries++)
		stable = read_raw(&a, century_reg) && read_raw(&b, century_reg) &&
			 !memcmp(&a, &b, sizeof(a));
	status = cmos_read(RTC_STATUS_B);
	binary = status & RTC_BINARY;
	hour = bcd(a.hour & ~RTC_PM, binary);
	if (!(status & RTC_24H)) {
		hour %= 12; /* 12 AM is 0, 12 PM is 12 */
		if (a.hour & RTC_PM)
			hour += 12;
	}
	century = century_reg ? bcd(a.century, binary) : 20;
	*tm = (struct rtc_time){
		.year = century * 100 + bcd(a.year, binary),
		.month = bcd(a.month, binary),
		.day = bcd(a.day, binary),
		.hour = hour,
		.min = bcd(a.min, binary),
		.sec = bcd(a.sec, binary),
	};
	if (!stable || tm->year < 1970 || tm->year > 2399 || tm->month < 1 || tm->month > 12 ||
	    tm->day < 1 || tm->day > 31 || tm->hour > 23 || tm->min > 59 || tm->sec > 59) {
		pr_warn("rtc: %s reading %04u-%02u-%02u %02u:%02u:%02u (status 0x%02x): ignored",
			stable ? "impossible" : "unstable", tm->year, tm->month, tm->day, tm->hour,
			tm->min, tm->sec, status);
		return -ENODEV;
	}
	return 0;
}

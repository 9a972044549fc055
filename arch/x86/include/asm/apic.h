/*
 * The local APIC (arch/x86/kernel/apic.c) and its timer (apic_timer.c).
 * xAPIC registers through an uncached MMIO page or x2APIC through MSRs,
 * behind one const ops table chosen once at boot. Every function acts on
 * the calling CPU's APIC; before apic_init() (or without one) they do
 * nothing and return 0.
 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <loom/types.h>

/* Register offsets (xAPIC MMIO; x2APIC MSR = 0x800 + offset / 16). */
#define APIC_ID		  0x020
#define APIC_VERSION	  0x030
#define APIC_TPR	  0x080
#define APIC_EOI	  0x0b0
#define APIC_SVR	  0x0f0
#define APIC_ISR	  0x100 /* 8 registers, 0x10 apart */
#define APIC_ESR	  0x280
#define APIC_ICR_LOW	  0x300
#define APIC_ICR_HIGH	  0x310
#define APIC_LVT_TIMER	  0x320
#define APIC_LVT_THERMAL  0x330
#define APIC_LVT_PERF	  0x340
#define APIC_LVT_LINT0	  0x350
#define APIC_LVT_LINT1	  0x360
#define APIC_LVT_ERROR	  0x370
#define APIC_TIMER_INIT	  0x380
#define APIC_TIMER_COUNT  0x390
#define APIC_TIMER_DIVIDE 0x3e0

#define APIC_SVR_ENABLE	      (1u << 8)
#define APIC_LVT_MASKED	      (1u << 16)
#define APIC_LVT_NMI	      (4u << 8)
#define APIC_TIMER_ONESHOT    (0u << 17)
#define APIC_TIMER_PERIODIC   (1u << 17)
#define APIC_TIMER_DEADLINE   (2u << 17)
#define APIC_TIMER_DIVIDE_BY1 0xb

/* ICR low word: delivery mode, level, destination shorthand. */
#define APIC_ICR_FIXED	    (0u << 8)
#define APIC_ICR_INIT	    (5u << 8)
#define APIC_ICR_STARTUP    (6u << 8)
#define APIC_ICR_ASSERT	    (1u << 14)
#define APIC_ICR_LEVEL	    (1u << 15)
#define APIC_ICR_SELF	    (1u << 18)
#define APIC_ICR_ALL_BUT_ME (3u << 18)
#define APIC_ICR_BUSY	    (1u << 12) /* xAPIC: not yet accepted */

#define MSR_APIC_BASE	 0x1b
#define MSR_TSC_DEADLINE 0x6e0

/* Find, map and enable this CPU's APIC (spurious vector, LINT0 masked,
 * LINT1 NMI, error vector). 0, or -ENODEV with a log line. */
int apic_init(void);
bool apic_enabled(void);
bool apic_x2apic_mode(void);
u32 apic_id(void);
u32 apic_read(u32 reg);
void apic_write(u32 reg, u32 v);
void apic_eoi(void);
/* Is vector in service (its ISR bit set)? */
bool apic_in_service(u8 vector);
/* Send an IPI: fixed vector to one APIC id, or to this CPU. */
void apic_send_ipi(u32 apic_id, u8 vector);
void apic_send_ipi_self(u8 vector);
/* Raw ICR write for INIT / STARTUP (SMP bring-up): 0, or -ETIMEDOUT when an
 * xAPIC never accepted the IPI. */
int apic_send_icr(u32 apic_id, u32 low);

/* Map MMIO uncached in the direct map (phys_to_virt() then reaches it);
 * a page the direct map already covers is left as it is. 0 or -ENOMEM. */
int mmio_map_uc(phys_addr_t pa, u64 len);

/* The LAPIC timer as the clock event device (apic_timer.c): deadline mode
 * uses IA32_TSC_DEADLINE, one-shot mode the count at lapic_hz. 0 or
 * -ENODEV. */
bool apic_timer_has_deadline(void);
int apic_timer_init(bool deadline, u64 lapic_hz);
/* For calibration: start the count down from 0xffffffff (masked, divide
 * by 1), read it. */
void apic_timer_start_count(void);
u32 apic_timer_count(void);

#endif

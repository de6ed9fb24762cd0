#pragma once
// Constants shared by the assembly files (which cannot see C++ constexpr) and the C++ code that
// must agree with them. C++ code static_asserts the ones it also defines in typed form, so the
// two cannot drift apart.

// A 64-bit constant in both languages (the assembler takes no integer suffixes).
#ifdef __ASSEMBLER__
#define U64(x) x
#else
#define U64(x) x##ull
#endif

#include <arch/aarch64/trap/frame_layout.h>

// Early page tables: 4 KiB granule, 48-bit virtual addresses, four levels (L0..L3).
#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)
#define BLOCK_2M_SHIFT 21
#define BLOCK_2M_SIZE (1 << BLOCK_2M_SHIFT)
#define L0_SHIFT 39
#define L1_SHIFT 30
#define L2_SHIFT 21
#define TABLE_INDEX_MASK 511

// Stage 1 descriptor bits (Arm ARM D8.3, VMSAv8-64 translation table format descriptors).
#define DESC_VALID 1
#define DESC_TABLE 3              // at L0..L2: points to the next level
#define DESC_BLOCK 1              // at L1/L2: maps 1 GiB / 2 MiB
#define DESC_PAGE 3               // at L3: maps 4 KiB
#define DESC_ATTR_DEVICE (0 << 2) // MAIR_EL1 index 0
#define DESC_ATTR_NORMAL (1 << 2) // MAIR_EL1 index 1
#define DESC_AP_READ_ONLY (1 << 7)
#define DESC_SH_INNER (3 << 8)
#define DESC_AF (1 << 10)
#define DESC_PXN (U64(1) << 53)
#define DESC_UXN (U64(1) << 54)

// MAIR_EL1: attr0 Device-nGnRE, attr1 Normal write-back read/write-allocate (inner and outer).
#define MAIR_DEVICE_NGNRE 0x04
#define MAIR_NORMAL_WB 0xff
#define MAIR_EL1_VALUE ((MAIR_NORMAL_WB << 8) | MAIR_DEVICE_NGNRE)

// TCR_EL1 (Arm ARM D19.2): 48-bit regions both halves, 4 KiB granules, write-back
// inner-shareable walks. IPS is filled in at run time from ID_AA64MMFR0_EL1.PARange.
#define TCR_T0SZ (16 << 0)
#define TCR_EPD0 (1 << 7)
#define TCR_EPD1 (U64(1) << 23)
#define TCR_IRGN0_WB (1 << 8)
#define TCR_ORGN0_WB (1 << 10)
#define TCR_SH0_INNER (3 << 12)
#define TCR_TG0_4K (0 << 14)
#define TCR_T1SZ (16 << 16)
#define TCR_IRGN1_WB (1 << 24)
#define TCR_ORGN1_WB (1 << 26)
#define TCR_SH1_INNER (3 << 28)
#define TCR_TG1_4K (U64(2) << 30)
#define TCR_IPS_SHIFT 32
#define TCR_IPS_MAX 5 // 48 bits: the most a 4 KiB granule without FEAT_LPA2 can use
#define TCR_EL1_VALUE                                                                              \
    (TCR_T0SZ | TCR_IRGN0_WB | TCR_ORGN0_WB | TCR_SH0_INNER | TCR_TG0_4K | TCR_T1SZ |              \
     TCR_IRGN1_WB | TCR_ORGN1_WB | TCR_SH1_INNER | TCR_TG1_4K)

// SCTLR_EL1: the bits that are RES1 in Armv8.0 (EIS, SPAN, EOS, TSCXT / nTLSMD, LSMAOE), plus
// SA (stack alignment check). M, C and I turn on the MMU and the caches.
#define SCTLR_EL1_RES1 ((1 << 11) | (1 << 20) | (1 << 22) | (1 << 23) | (1 << 28) | (1 << 29))
#define SCTLR_EL1_M (1 << 0)
#define SCTLR_EL1_C (1 << 2)
#define SCTLR_EL1_SA (1 << 3)
#define SCTLR_EL1_I (1 << 12)
// Write implies execute-never. Set only with the kernel table (mmu/kernel_table.cpp): the early
// identity map is writable and executable.
#define SCTLR_EL1_WXN (1 << 19)
#define SCTLR_EL1_MMU_OFF (SCTLR_EL1_RES1 | SCTLR_EL1_SA)
#define SCTLR_EL1_MMU_ON (SCTLR_EL1_MMU_OFF | SCTLR_EL1_M | SCTLR_EL1_C | SCTLR_EL1_I)

// EL2 -> EL1 hand-over.
#define HCR_EL2_RW (U64(1) << 31)     // EL1 is AArch64
#define CNTHCTL_EL2_EL1PCTEN (1 << 0) // EL1 may read the physical counter
#define CNTHCTL_EL2_EL1PCEN (1 << 1)  // EL1 may use the physical timer
#define CPTR_EL2_RES1 0x32ff          // no traps of FP/SIMD/SVE to EL2 (TFP = TZ = 0)
#define ICC_SRE_EL2_SRE (1 << 0)
#define ICC_SRE_EL2_ENABLE (1 << 3) // EL1 may use its own ICC_SRE_EL1
#define SPSR_EL1H_MASKED 0x3c5      // DAIF masked, EL1 using SP_EL1
#define ID_AA64PFR0_GIC_SHIFT 24

// Kernel virtual layout (kernel/core/layout.h).
#define KERNEL_IMAGE_BASE 0xffffffff80000000

// What a secondary CPU reads, with the MMU off, to join (smp/start_cpu.cpp, SecondaryBoot).
#define SECONDARY_BOOT_TTBR1 0
#define SECONDARY_BOOT_TCR 8
#define SECONDARY_BOOT_MAIR 16
#define SECONDARY_BOOT_STACK_TOP 24
#define SECONDARY_BOOT_CPU 32

// Size of the boot CPU's stack; also used for exceptions until threads have their own stacks.
#define BOOT_STACK_SIZE (16 * 1024)
// Image map: L3 tables for up to this many 2 MiB pieces of the kernel image.
#define IMAGE_L3_TABLES 4

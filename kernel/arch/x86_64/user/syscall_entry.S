/* The syscall instruction's entry (IA32_LSTAR) and the way back to user mode.
 *
 * syscall switches to CPL 0 and loads rip from LSTAR, saving the user rip in rcx and rflags in r11
 * and clearing the rflags bits in SFMASK (IF, TF, DF, AC, NT, IOPL: interrupts stay masked until
 * the frame is built). It changes neither rsp nor gs, so the entry swaps gs to this CPU's CpuLocal,
 * parks the user rsp in a scratch word and loads the thread's kernel stack top from another
 * (both written with TSS.rsp0 by UserMode::set_kernel_stack). NMI and #MC can arrive on this
 * short stretch of user stack; they have their own IST stacks and check gs themselves.
 *
 * The frame built here has exactly the shape an interrupt from CPL 3 leaves at the same place:
 * user selectors, rip = rcx, rflags = r11, rsp, and every general register. */

#include <arch/x86_64/traps/entry_macros.inc>
#include <arch/x86_64/user/entry_layout.h>

    .text
    .global x86_64_syscall_entry
    .type x86_64_syscall_entry, @function
x86_64_syscall_entry:
    swapgs
    mov %rsp, %gs:GS_USER_RSP
    mov %gs:GS_KERNEL_STACK, %rsp
    /* The fast path (syscall/fast_path.cpp): clock_get(0), answered without a frame. */
    cmp $SYSCALL_CLOCK_GET, %rax
    jne .Lsyscall_full_path
    test %rdi, %rdi
    jz x86_64_fast_clock_get
.Lsyscall_full_path:
    pushq $USER_DATA_SELECTOR  /* ss */
    pushq %gs:GS_USER_RSP      /* rsp */
    push %r11                  /* rflags */
    pushq $USER_CODE_SELECTOR  /* cs */
    push %rcx                  /* rip */
    pushq $0                   /* error code */
    pushq $SYSCALL_FRAME_VECTOR
    push_general_registers
    /* The stack top is 16-byte aligned and the frame is 11 * 16 bytes, so rsp is aligned. */
    mov %rsp, %rdi
    call x86_64_handle_syscall
    /* al: whether sysret can restore the whole frame (rcx == rip, r11 == rflags, rip in user
     * space); else iretq, which can restore anything. */
    test %al, %al
    jz x86_64_iret_to_user
    pop_general_registers
    /* rsp -> vector; the user rsp is 4 words further up. Interrupts are masked until sysretq sets
     * rflags from r11, so nothing runs on the user stack in kernel mode. */
    mov (FRAME_RSP - FRAME_GPRS_SIZE)(%rsp), %rsp
    swapgs
    sysretq
    .size x86_64_syscall_entry, . - x86_64_syscall_entry

/* clock_get(0) from x86_64_syscall_entry, on the kernel stack, interrupts masked. Only the
 * registers the C call may clobber and the syscall does not return are kept: rcx and r11 (the
 * user rip and rflags sysretq restores) and r9; rdi..r8 are results, as the full path writes
 * them (status Ok, now, then zeros). A rip sysretq cannot take goes the full way (iretq). */
x86_64_fast_clock_get:
    mov $USER_SPACE_END, %rax
    cmp %rax, %rcx
    jae 1f
    push %rcx
    push %r11
    push %r9
    sub $8, %rsp /* the C ABI's 16-byte alignment at the call */
    call mica_fast_clock_get
    add $8, %rsp
    pop %r9
    pop %r11
    pop %rcx
    mov %rax, %rdi
    xor %eax, %eax
    xor %esi, %esi
    xor %edx, %edx
    xor %r10d, %r10d
    xor %r8d, %r8d
    mov %gs:GS_USER_RSP, %rsp
    swapgs
    sysretq
1:  mov $SYSCALL_CLOCK_GET, %eax
    jmp .Lsyscall_full_path
    .size x86_64_fast_clock_get, . - x86_64_fast_clock_get

/* [[noreturn]] void x86_64_enter_user(TrapFrame* frame (rdi)): the first return to user mode of
 * a thread, through a frame x86_64_prepare_user_return() already checked. */
    .global x86_64_enter_user
    .type x86_64_enter_user, @function
x86_64_enter_user:
    mov %rdi, %rsp
    jmp x86_64_iret_to_user
    .size x86_64_enter_user, . - x86_64_enter_user

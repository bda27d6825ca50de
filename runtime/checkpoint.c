/*
 * checkpoint.c - stm_setjmp and its longjmp (x86-64 System V), the
 * checkpoint every plugin-generated transaction takes at begin.
 *
 * glibc's _setjmp spends about 28 instructions and two calls per
 * transaction (__sigsetjmp, __sigjmp_save); a checkpoint needs only the
 * callee-saved registers, the stack pointer and the return address.  Like
 * glibc, the three pointers are stored xor-ed with a per-process secret, so
 * that a stack overflow cannot plant a jump target.  The secret is chosen
 * when the first thread registers (before any checkpoint exists) and never
 * changes.
 *
 * Shadow stacks (CET): this file carries no GNU property note, so a program
 * that links libstm is not marked shadow-stack compatible and the loader
 * never enables them; jumping without unwinding the shadow stack is then
 * safe.  Signal masks are not saved, as with _setjmp.
 *
 * Buffer layout (inside the caller's 200-byte jmp_buf): rbx, rbp^k, r12,
 * r13, r14, r15, rsp^k, rip^k.
 */
#include <sys/auxv.h>
#include <string.h>

#include "internal.h"

#if !defined(__x86_64__)
#error "libstm's checkpoints are written for x86-64"
#endif

STM_HIDDEN __attribute__((used)) uint64_t stm__jmp_guard;

void stm_jmp_guard_init(void) {
  if (stm__jmp_guard)
    return;
  uint64_t k = 0;
  const void *random = (const void *)getauxval(AT_RANDOM); /* 16 bytes from the kernel */
  if (random)
    memcpy(&k, (const char *)random + 8, sizeof k); /* glibc's guard uses the first 8 */
  stm__jmp_guard = k ? k : 0x9e3779b97f4a7c15ull;
}

__asm__(".text\n"
        ".globl stm_setjmp\n"
        ".type stm_setjmp, @function\n"
        ".p2align 4\n"
        "stm_setjmp:\n"
        ".cfi_startproc\n"
        "  movq stm__jmp_guard(%rip), %rax\n"
        "  movq %rbx, 0(%rdi)\n"
        "  movq %rbp, %rdx\n"
        "  xorq %rax, %rdx\n"
        "  movq %rdx, 8(%rdi)\n"
        "  movq %r12, 16(%rdi)\n"
        "  movq %r13, 24(%rdi)\n"
        "  movq %r14, 32(%rdi)\n"
        "  movq %r15, 40(%rdi)\n"
        "  leaq 8(%rsp), %rdx\n" /* the caller's stack pointer once we return */
        "  xorq %rax, %rdx\n"
        "  movq %rdx, 48(%rdi)\n"
        "  movq (%rsp), %rdx\n" /* where we return to */
        "  xorq %rax, %rdx\n"
        "  movq %rdx, 56(%rdi)\n"
        "  xorl %eax, %eax\n"
        "  ret\n"
        ".cfi_endproc\n"
        ".size stm_setjmp, .-stm_setjmp\n"
        "\n"
        ".globl stm__longjmp\n"
        ".hidden stm__longjmp\n"
        ".type stm__longjmp, @function\n"
        ".p2align 4\n"
        "stm__longjmp:\n"
        ".cfi_startproc\n"
        "  movq stm__jmp_guard(%rip), %rax\n"
        "  movq 0(%rdi), %rbx\n"
        "  movq 8(%rdi), %rbp\n"
        "  xorq %rax, %rbp\n"
        "  movq 16(%rdi), %r12\n"
        "  movq 24(%rdi), %r13\n"
        "  movq 32(%rdi), %r14\n"
        "  movq 40(%rdi), %r15\n"
        "  movq 48(%rdi), %rdx\n"
        "  xorq %rax, %rdx\n"
        "  movq 56(%rdi), %rcx\n"
        "  xorq %rax, %rcx\n"
        "  movq %rdx, %rsp\n"
        "  movl $1, %eax\n" /* stm_setjmp returns 1 the second time */
        "  jmpq *%rcx\n"
        ".cfi_endproc\n"
        ".size stm__longjmp, .-stm__longjmp\n");

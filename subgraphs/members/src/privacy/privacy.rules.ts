/** Erasure and export, pure. */

/** What she types to confirm an erasure: it cannot be undone. */
export const ERASE_CONFIRMATIONS = ['确认注销', 'ERASE'] as const;

export function confirmsErasure(input: string): boolean {
  return (ERASE_CONFIRMATIONS as readonly string[]).includes(input.trim());
}

/** What an erased member's record says instead of her name. */
export const ERASED_NAME = '已注销会员';

/** The username an erased record keeps: no trace of the one she chose. */
export function erasedUsername(memberId: string): string {
  return `erased-${memberId.slice(-8)}`;
}

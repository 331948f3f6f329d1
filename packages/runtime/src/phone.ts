/** Phone numbers as the alliance handles them: mainland mobiles, shown masked to anyone but their owner. */

/** 138****0000: enough for a shop or a leader to confirm a buyer, not enough to call someone else. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return digits.length ? '*'.repeat(digits.length) : '';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** A mainland mobile number as typed (spaces, dashes, +86 allowed) in its 11-digit form, or null. */
export function normalizeMobile(input: string): string | null {
  let digits = input.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

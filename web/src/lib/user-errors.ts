/**
 * Mutation `userErrors` placed next to what they name: `field` is a path such as ["lines", "0", "quantity"]
 * or ["pickupPointId"]. Errors no shown field claims are listed at the top of the form.
 */
export interface UserErrorLike {
  code: string;
  message: string;
  field?: readonly string[] | null;
}

export const fieldKey = (field: readonly string[] | null | undefined): string => (field ?? []).join('.');

/** Errors at `prefix` or below it (["lines","0"] claims ["lines","0","quantity"]). */
export function errorsAt<E extends UserErrorLike>(errors: readonly E[], ...prefix: (string | number)[]): E[] {
  const p = prefix.map(String);
  return errors.filter((e) => p.length > 0 && p.every((seg, i) => e.field?.[i] === seg));
}

/** Errors that none of the shown prefixes claim. */
export function unclaimedErrors<E extends UserErrorLike>(errors: readonly E[], shown: readonly (readonly (string | number)[])[]): E[] {
  return errors.filter((e) => !shown.some((prefix) => errorsAt([e], ...prefix).length > 0));
}

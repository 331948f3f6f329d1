/**
 * A member's followed shops as a stream of follow / unfollow facts: appending with an expected
 * version decides concurrent clicks, and the folded state (shops in the order followed) sits in the
 * stream's head, so reading it is an `_id` read however many shops the alliance has.
 */
export type FavoriteFact = { follow: string } | { unfollow: string };

export const favoritesProjection = {
  initial: [] as string[],
  evolve(state: string[], fact: FavoriteFact): string[] {
    if ('follow' in fact) return state.includes(fact.follow) ? state : [...state, fact.follow];
    return state.filter((id) => id !== fact.unfollow);
  },
};

/** The fact a click adds, or null when the state already says so (idempotent follow / unfollow). */
export function decideFollow(state: readonly string[], merchantId: string, follow: boolean): FavoriteFact | null {
  const following = state.includes(merchantId);
  if (follow) return following ? null : { follow: merchantId };
  return following ? { unfollow: merchantId } : null;
}

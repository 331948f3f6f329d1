/**
 * Community groups (社群), pure: groups per neighbourhood and interest that members join by link or QR,
 * and a group leader's posts of three kinds — VALUE (tips), INTERACTION (polls, check-ins) and PROMOTION
 * (a live promotion) — measured against the private-domain guideline of 70/20/10: a group that is
 * mostly adverts loses its members.
 */
export const POST_KINDS = ['VALUE', 'INTERACTION', 'PROMOTION'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** The guideline mix, in percent. */
export const GUIDELINE: Record<PostKind, number> = { VALUE: 70, INTERACTION: 20, PROMOTION: 10 };

export const INTERESTS = ['宝妈', '健身', '烘焙爱好者', '水果控', '邻里互助'] as const;

export interface GroupPost {
  id: string;
  kind: PostKind;
  text: string;
  promotionId: string | null;
  by: string;
  at: string;
}

export type PostMix = Record<PostKind, number>;
export const postsProjection = {
  initial: { VALUE: 0, INTERACTION: 0, PROMOTION: 0 } as PostMix,
  evolve: (m: PostMix, p: GroupPost): PostMix => ({ ...m, [p.kind]: m[p.kind] + 1 }),
};

/** The mix in percent (rounded), and what the leader should post more or less of. */
export function mixOf(counts: PostMix): { total: number; percent: PostMix; advice: 'BALANCED' | 'MORE_VALUE' | 'MORE_INTERACTION' | 'FEWER_PROMOTIONS' | 'START_POSTING' } {
  const total = counts.VALUE + counts.INTERACTION + counts.PROMOTION;
  if (total === 0) return { total, percent: { VALUE: 0, INTERACTION: 0, PROMOTION: 0 }, advice: 'START_POSTING' };
  const percent = { VALUE: Math.round((counts.VALUE * 100) / total), INTERACTION: Math.round((counts.INTERACTION * 100) / total), PROMOTION: Math.round((counts.PROMOTION * 100) / total) };
  // Promotions past their share first: they are what drives members away.
  const advice = percent.PROMOTION > GUIDELINE.PROMOTION + 5 ? 'FEWER_PROMOTIONS' : percent.VALUE < GUIDELINE.VALUE - 10 ? 'MORE_VALUE' : percent.INTERACTION < GUIDELINE.INTERACTION - 10 ? 'MORE_INTERACTION' : 'BALANCED';
  return { total, percent, advice };
}

export type PostProblem = { code: 'INVALID_TEXT' | 'PROMOTION_REQUIRED' | 'INVALID_GROUP'; message: string; field: string[] };

export function postProblems(kind: PostKind, text: string, promotionId: string | null | undefined): PostProblem[] {
  const out: PostProblem[] = [];
  const t = text.trim();
  if (t.length < 1 || t.length > 1000) out.push({ code: 'INVALID_TEXT', message: 'a post is 1 to 1000 characters', field: ['text'] });
  if (kind === 'PROMOTION' && !promotionId) out.push({ code: 'PROMOTION_REQUIRED', message: 'a promotion post links a live promotion', field: ['promotionId'] });
  return out;
}

export function groupInputProblems(i: { name: string; neighborhood: string; interest: string }): PostProblem[] {
  const out: PostProblem[] = [];
  if (i.name.trim().length < 2 || i.name.trim().length > 30) out.push({ code: 'INVALID_GROUP', message: 'a group name is 2 to 30 characters', field: ['input', 'name'] });
  if (i.neighborhood.trim().length < 1 || i.neighborhood.trim().length > 40) out.push({ code: 'INVALID_GROUP', message: 'a neighbourhood of 1 to 40 characters', field: ['input', 'neighborhood'] });
  if (i.interest.trim().length < 1 || i.interest.trim().length > 20) out.push({ code: 'INVALID_GROUP', message: 'an interest of 1 to 20 characters', field: ['input', 'interest'] });
  return out;
}

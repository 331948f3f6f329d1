/**
 * Community groups (社群) as the portal shows them, pure: the post kinds, the leader's mix against the
 * 70/20/10 guideline, and the forms' fields read into the mutations' inputs.
 */
export const POST_KINDS = ['VALUE', 'INTERACTION', 'PROMOTION'] as const;
export type PostKindName = (typeof POST_KINDS)[number];

/** The guideline of a group that keeps its members: mostly value, some interaction, few promotions. */
export const GUIDELINE: Record<PostKindName, number> = { VALUE: 70, INTERACTION: 20, PROMOTION: 10 };

/** Interests the create form suggests (any other may be typed). */
export const SUGGESTED_INTERESTS = ['宝妈', '健身', '烘焙爱好者', '水果控', '邻里互助'] as const;

export const isPostKind = (v: string): v is PostKindName => (POST_KINDS as readonly string[]).includes(v);

export interface MixLike {
  total: number;
  value: number;
  interaction: number;
  promotion: number;
}

/** One row per kind: its share now, the guideline's, and how far off it is (in percentage points). */
export function mixRows(mix: MixLike): { kind: PostKindName; percent: number; guideline: number; gap: number }[] {
  const now: Record<PostKindName, number> = { VALUE: mix.value, INTERACTION: mix.interaction, PROMOTION: mix.promotion };
  return POST_KINDS.map((kind) => ({ kind, percent: now[kind], guideline: GUIDELINE[kind], gap: now[kind] - GUIDELINE[kind] }));
}

export type PostFields = { kind: PostKindName; text: string; promotionId: string | null };

/** The post form: kind, text and (for PROMOTION) the promotion's id; the members subgraph checks the rest. */
export function postFieldsOf(form: { get(name: string): unknown }): PostFields {
  const str = (name: string, max: number) => {
    const v = form.get(name);
    return typeof v === 'string' ? v.trim().slice(0, max) : '';
  };
  const raw = str('kind', 20);
  const kind: PostKindName = isPostKind(raw) ? raw : 'VALUE';
  const promotionId = str('promotionId', 80);
  return { kind, text: str('text', 1000), promotionId: kind === 'PROMOTION' && promotionId ? promotionId : null };
}

/** The portal path of a group's share link (`<portal>/community/<id>`), so a link from another host still opens here. */
export function groupPathOf(shareUrl: string, id: string): string {
  try {
    const path = new URL(shareUrl).pathname;
    if (/^\/community\/[^/]+$/.test(path)) return path;
  } catch {
    /* not a URL: fall back to the id */
  }
  return `/community/${encodeURIComponent(id)}`;
}

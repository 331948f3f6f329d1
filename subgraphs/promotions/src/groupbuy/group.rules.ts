/**
 * A group-buy (拼团) group: opened by the first buyer's checkout, joined by others' checkouts, filled
 * when `size` members are in before the deadline (24 h after opening), failed otherwise — then every
 * order of the group is cancelled and its stock released. Only purchases join: nobody is rewarded for
 * inviting. A stream per group decides joins, so concurrent joiners never overfill it.
 */
export type GroupStatus = 'OPEN' | 'FILLED' | 'FAILED';

export const GROUP_WINDOW_MS = 24 * 3_600_000;

export interface GroupMember {
  memberId: string;
  checkoutId: string;
  at: string;
}

export type GroupFact =
  | { type: 'OPENED'; groupId: string; allianceId: string; promotionId: string; size: number; deadline: string; member: GroupMember }
  | { type: 'JOINED'; member: GroupMember }
  /** A member's checkout was abandoned before the group filled: her place is free again. */
  | { type: 'LEFT'; checkoutId: string; at: string }
  | { type: 'FAILED'; at: string };

export interface GroupState {
  groupId: string;
  allianceId: string;
  promotionId: string;
  size: number;
  deadline: string;
  openedAt: string;
  members: GroupMember[];
  status: GroupStatus;
  /** Every checkout that ever joined (a failed group cancels all of them). */
  checkoutIds: string[];
  closedAt: string | null;
}

export const groupProjection = {
  initial: null as GroupState | null,
  evolve(s: GroupState | null, f: GroupFact): GroupState | null {
    if (f.type === 'OPENED') {
      return { groupId: f.groupId, allianceId: f.allianceId, promotionId: f.promotionId, size: f.size, deadline: f.deadline, openedAt: f.member.at, members: [f.member], status: f.size <= 1 ? 'FILLED' : 'OPEN', checkoutIds: [f.member.checkoutId], closedAt: f.size <= 1 ? f.member.at : null };
    }
    if (!s) return s;
    switch (f.type) {
      case 'JOINED': {
        const members = [...s.members, f.member];
        const filled = members.length >= s.size;
        return { ...s, members, checkoutIds: [...s.checkoutIds, f.member.checkoutId], status: filled ? 'FILLED' : s.status, closedAt: filled ? f.member.at : s.closedAt };
      }
      case 'LEFT':
        return { ...s, members: s.members.filter((m) => m.checkoutId !== f.checkoutId) };
      case 'FAILED':
        return { ...s, status: 'FAILED', closedAt: f.at };
    }
  },
};

/** Why this checkout cannot join the group now (null: it may; 'ALREADY_JOINED' for its own replay). */
export function joinRefusal(g: GroupState | null, memberId: string, checkoutId: string, nowMs: number): string | null {
  if (!g) return 'UNKNOWN_GROUP';
  if (g.members.some((m) => m.checkoutId === checkoutId)) return 'ALREADY_JOINED';
  if (g.status === 'FILLED' || g.members.length >= g.size) return 'GROUP_FULL';
  if (g.status === 'FAILED' || Date.parse(g.deadline) <= nowMs) return 'GROUP_EXPIRED';
  if (g.members.some((m) => m.memberId === memberId)) return 'ALREADY_IN_GROUP';
  return null;
}

/** An open group past its deadline fails. */
export function shouldFail(g: GroupState, nowMs: number): boolean {
  return g.status === 'OPEN' && Date.parse(g.deadline) <= nowMs;
}

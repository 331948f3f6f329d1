import { createHash } from 'node:crypto';

/**
 * The member id of a Keycloak subject in an alliance: derived, not drawn, so finding a member is one
 * `_id` read and two first calls of one person insert the same `_id` (one wins). It is a one-way
 * hash: the id shops see does not reveal the identity provider's subject. Every subgraph derives it
 * the same way to know that a `Member` it is asked about is the caller.
 */
export function memberIdFor(allianceId: string, subject: string): string {
  return `mem_${createHash('sha256').update(`${allianceId}\n${subject}`).digest('hex').slice(0, 24)}`;
}

/** The shape of a member id (what a client may pass as one before it is looked up). */
export function isMemberId(id: string): boolean {
  return /^mem_[0-9a-f]{24}$/.test(id);
}

/**
 * Whether the `Member` a subgraph is asked about is the caller herself: only she gets what a subgraph
 * holds about her (an export), never a shop, a leader or an admin.
 */
export function isCallerMember(request: { allianceId: string; principal: { subject: string; service?: string } | null }, memberId: string): boolean {
  const p = request.principal;
  return !!p && !p.service && memberIdFor(request.allianceId, p.subject) === memberId;
}

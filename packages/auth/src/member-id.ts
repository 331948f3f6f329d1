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

import type { ServiceClient } from '@alliance/auth';
import type { Logger } from 'pino';
import type { MemberGroups } from './discount.service.js';

/**
 * The member pool's answer to which community groups a member is in (service command
 * `memberGroupIds`, with promotions' own service account). When it cannot answer, she is in none:
 * a group-only offer is then not given, never given to someone outside the group.
 */
export function memberGroupsFrom(client: ServiceClient, logger: Logger): MemberGroups {
  return async (allianceId, memberSubject) => {
    try {
      const r = await client.call<{ memberGroupIds: string[] }>('members', allianceId, 'query Groups($m: ID!) { memberGroupIds(memberSubject: $m) }', { m: memberSubject });
      if (!r.data?.memberGroupIds) throw new Error(r.errors?.map((e) => e.message).join('; ') ?? 'no data');
      return r.data.memberGroupIds;
    } catch (err) {
      logger.warn({ err }, 'members did not say which groups a member is in: group-only offers left out');
      return [];
    }
  };
}

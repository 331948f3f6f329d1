/**
 * The one gateway call the middleware makes: bind the signed-in shopper to the sharer whose link
 * brought her. Kept apart from commissions-api.ts because it runs in the middleware, which has the
 * token in hand and must not reach for next/headers.
 */
import { errorCode, gql } from './gateway';
import type { BindAnswer } from './share-arrival';
import type { PortalBindShareMutation } from './generated/operations';

const BIND = /* GraphQL */ `
  mutation PortalBindShare($code: String!) {
    bindShare(code: $code) { bound binding { sharerCode boundAt until } userErrors { code message field } }
  }
`;

export async function bindShareCode(token: string, code: string): Promise<BindAnswer> {
  try {
    const r = (await gql<PortalBindShareMutation>(BIND, { code }, { token })).bindShare;
    return { bound: r.bound, errorCodes: r.userErrors.map((e) => e.code) };
  } catch (err) {
    return { failed: errorCode(err) };
  }
}

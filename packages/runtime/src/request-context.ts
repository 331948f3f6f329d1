import { randomUUID } from 'node:crypto';
import type { Principal } from '@alliance/auth';

/**
 * The one thing every service learns about the request it serves: the tenant and the caller (both
 * established by the gateway's signed headers and the validated token) and an id that ties its log
 * lines together. Subgraph contexts extend it; services that need identity take it as is.
 */
export interface RequestContext {
  allianceId: string;
  principal: Principal | null;
  requestId: string;
}

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The caller's request id when it is a plain token (it ends up in log lines), else a fresh one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

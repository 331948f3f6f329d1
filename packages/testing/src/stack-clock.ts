import { setStackClockOffset } from '@alliance/events';
import type { TestEnv } from './index.js';

/** Every subgraph `npm test` starts: the ones that follow the stack's one clock. */
export const STACK_SUBGRAPHS = ['merchants', 'members', 'promotions', 'commissions'];

/**
 * Moves the running stack's clock to `offsetMs` ahead of this machine's (0 puts it back), and waits
 * until every subgraph has taken it: what a test does to let after-sales windows and weeks pass.
 */
export function stackClock(env: Pick<TestEnv, 'natsUrl' | 'gatewaySecret'>, services: readonly string[] = STACK_SUBGRAPHS): (offsetMs: number) => Promise<unknown> {
  return (offsetMs) => setStackClockOffset(env.natsUrl, offsetMs, { secret: env.gatewaySecret, services: [...services] });
}

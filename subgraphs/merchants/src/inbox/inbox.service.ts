import { decodeCursor, encodeCursor } from '@alliance/store';
import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { InboxRepository } from './inbox.repository.js';

const MAX_PAGE = 50;

/** The signed-in member's inbox (我的 → 消息): her messages, newest first, and marking them read. */
export class InboxService {
  constructor(
    private readonly request: RequestContext,
    private readonly inbox: InboxRepository,
  ) {}

  private subject(): string {
    const p = this.request.principal;
    if (!p || p.service) throw DomainError.unauthenticated('Sign in to see your messages');
    return p.subject;
  }

  async messages(first: number | null | undefined, after: string | null | undefined) {
    const subject = this.subject();
    const limit = Math.min(Math.max(first ?? 20, 1), MAX_PAGE);
    const before = after ? Number(decodeCursor(after)) || undefined : undefined;
    const page = await this.inbox.page(this.request.allianceId, subject, limit, before);
    return {
      unreadCount: page.unreadCount,
      edges: page.messages.map((m) => ({ cursor: encodeCursor(String(m.version)), node: m })),
      pageInfo: { hasNextPage: page.next !== null, endCursor: page.next !== null ? encodeCursor(String(page.next)) : null },
    };
  }

  async markRead() {
    await this.inbox.markRead(this.request.allianceId, this.subject());
    return this.messages(20, null);
  }
}

import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';
import type { MessageKind, Notice, Notifier } from './notifier.js';

export interface InboxMessage {
  kind: MessageKind;
  title: string;
  body: string;
  orderId: string | null;
  at: string;
  key?: string;
}

export type InboxMessageView = InboxMessage & { id: string; version: number; read: boolean };

const inboxStream = (allianceId: string, subject: string) => `${allianceId}:inbox:${subject}`;
const readKey = (allianceId: string, subject: string) => `${allianceId}:inbox-read:${subject}`;

/**
 * A member's inbox: a stream of messages (a page is a handful of `_id` reads, newest first) and a
 * "read up to" mark. The mark only moves forward (`$max`); two devices marking at once lose nothing.
 */
export class InboxRepository implements Notifier {
  private readonly streams: Streams;
  private readonly marks;
  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('inbox'));
    this.marks = conn.collection('inbox_marks');
  }

  async notify(n: Notice): Promise<void> {
    const message: InboxMessage = { kind: n.kind, title: n.title, body: n.body, orderId: n.orderId, at: n.at.toISOString(), key: n.key };
    // Recovery after a crash: the message may have gone out before it; look among the newest.
    await this.streams.appendAnywhere<InboxMessage>(inboxStream(n.allianceId, n.subject), message, n.replay ? { unlessAmongNewest: { limit: 30, same: (m) => m.key === n.key } } : {});
  }

  async page(allianceId: string, subject: string, limit: number, before?: number) {
    const id = inboxStream(allianceId, subject);
    const [facts, version, mark] = await Promise.all([
      this.streams.readBackward<InboxMessage>(id, { limit, ...(before ? { beforeVersion: before } : {}) }),
      this.streams.streamVersion(id),
      this.marks.findOne({ _id: readKey(allianceId, subject) } as never) as Promise<{ upTo?: number } | null>,
    ]);
    const upTo = mark?.upTo ?? 0;
    const last = facts.at(-1);
    return {
      unreadCount: Math.max(0, version - upTo),
      messages: facts.map((f) => ({ id: String(f.version), version: f.version, read: f.version <= upTo, ...f.data })),
      next: last && last.version > 1 ? last.version : null,
    };
  }

  async markRead(allianceId: string, subject: string): Promise<void> {
    const version = await this.streams.streamVersion(inboxStream(allianceId, subject));
    await this.marks.updateOne({ _id: readKey(allianceId, subject) } as never, { $max: { upTo: version } }, { upsert: true });
  }
}

/**
 * How a member is told that something happened to her order. The first channel is the inbox
 * (我的 → 消息); SMS or WeCom channels implement the same interface and are added beside it.
 */
export type MessageKind = 'ORDER_READY' | 'ORDER_AT_PICKUP_POINT' | 'ORDER_PICKED_UP' | 'ORDER_DELIVERED' | 'ORDER_CANCELLED' | 'REFUND_DECIDED';

export interface Notice {
  allianceId: string;
  /** The member's Keycloak subject. */
  subject: string;
  kind: MessageKind;
  title: string;
  body: string;
  orderId: string | null;
  at: Date;
  /** What the notice announces, e.g. `<order>:<fact version>`: the same key is announced once. */
  key: string;
  /** Set when crash recovery announces it again: a channel that can tell skips what it already sent. */
  replay?: boolean;
}

export interface Notifier {
  notify(notice: Notice): Promise<void>;
}

/** Sends every notice to every channel; one channel failing does not stop the others. */
export class Notifiers implements Notifier {
  constructor(
    private readonly channels: readonly Notifier[],
    private readonly onError: (err: unknown) => void,
  ) {}

  async notify(notice: Notice): Promise<void> {
    await Promise.all(this.channels.map((c) => c.notify(notice).catch(this.onError)));
  }
}

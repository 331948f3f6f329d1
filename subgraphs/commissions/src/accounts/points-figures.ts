import type { Connection } from 'mongoose';
import { Streams } from '@alliance/store';

/**
 * A shop's alliance points in a settlement week, in points (1 point = 1 fen), for its statement: what it
 * issued, what was redeemed at it, what of its own was redeemed elsewhere (and so paid for), what of its
 * own expired. Folded from points events; each event counts once (its id is remembered).
 */
export interface PointsFigures {
  issued: number;
  redeemedHere: number;
  redeemedElsewhere: number;
  expired: number;
  recent: string[];
}

export type PointsFigureFact = { eventId: string } & Partial<Omit<PointsFigures, 'recent'>>;

const RECENT = 200;
const streamOf = (allianceId: string, merchantId: string, periodId: string) => `${allianceId}:points-figures:${merchantId}:${periodId}`;
const projection = {
  initial: { issued: 0, redeemedHere: 0, redeemedElsewhere: 0, expired: 0, recent: [] } as PointsFigures,
  evolve: (s: PointsFigures, f: PointsFigureFact): PointsFigures => ({
    issued: s.issued + (f.issued ?? 0),
    redeemedHere: s.redeemedHere + (f.redeemedHere ?? 0),
    redeemedElsewhere: s.redeemedElsewhere + (f.redeemedElsewhere ?? 0),
    expired: s.expired + (f.expired ?? 0),
    recent: [...s.recent, f.eventId].slice(-RECENT),
  }),
};

export class PointsFiguresRepository {
  private readonly streams: Streams;

  constructor(conn: Connection) {
    this.streams = new Streams(conn.collection('points_figures'));
  }

  /** Adds the event's figures to the shop's week, unless that event was counted already. */
  async add(allianceId: string, merchantId: string, periodId: string, f: PointsFigureFact): Promise<void> {
    await this.streams.appendWithRetry<PointsFigureFact, PointsFigures>(streamOf(allianceId, merchantId, periodId), (s) => (s.recent.includes(f.eventId) ? null : f), { projection, maxAttempts: 50 });
  }

  async get(allianceId: string, merchantId: string, periodId: string): Promise<Omit<PointsFigures, 'recent'>> {
    const { recent: _, ...figures } = (await this.streams.appendWithRetry<PointsFigureFact, PointsFigures>(streamOf(allianceId, merchantId, periodId), () => null, { projection })).state;
    return figures;
  }
}

/** The per-shop figures of one points event (a shop may appear twice: its points redeemed at itself). */
export function figuresOf(event: { id: string; type: string; data: Record<string, unknown> }): Array<{ merchantId: string; fact: PointsFigureFact }> {
  const d = event.data as { merchantId?: string; points?: number; issuerId?: string; orders?: Array<{ merchantId: string; lots: Array<{ issuerId: string; points: number }> }>; lots?: Array<{ issuerId: string; points: number }> };
  const out = new Map<string, PointsFigureFact>();
  const add = (merchantId: string, key: keyof Omit<PointsFigures, 'recent'>, n: number) => {
    const f = out.get(merchantId) ?? { eventId: event.id };
    f[key] = (f[key] ?? 0) + n;
    out.set(merchantId, f);
  };
  switch (event.type) {
    case 'points.issued':
      add(d.merchantId!, 'issued', d.points!);
      break;
    case 'points.redeemed':
      for (const o of d.orders ?? [])
        for (const l of o.lots) {
          add(o.merchantId, 'redeemedHere', l.points);
          if (l.issuerId !== o.merchantId) add(l.issuerId, 'redeemedElsewhere', l.points);
        }
      break;
    case 'points.returned':
      for (const l of d.lots ?? []) {
        add(d.merchantId!, 'redeemedHere', -l.points);
        if (l.issuerId !== d.merchantId) add(l.issuerId, 'redeemedElsewhere', -l.points);
      }
      break;
    case 'points.expired':
      add(d.issuerId!, 'expired', d.points!);
      break;
  }
  return [...out].map(([merchantId, fact]) => ({ merchantId, fact }));
}

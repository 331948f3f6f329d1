import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { actorOf, type AuditLog } from '../audit/audit-log.js';
import type { CatalogChangeLog } from '../catalog/catalog-change.repository.js';
import { toCatalogMerchant, type CatalogProjections } from '../catalog/catalog-projections.js';
import type { CatalogMerchant } from '../catalog/catalog.projection.js';
import type { MerchantStatus } from './merchant.model.js';
import type { MerchantRepository } from './merchant.repository.js';
import { isAllianceAdmin } from './shop-roles.rules.js';
import type { ShopStatusRepository } from './suspension.repository.js';
import { decideStatus, isNewerStatus, reasonProblems } from './suspension.rules.js';

export interface MerchantPayload {
  merchant: CatalogMerchant | null;
  userErrors: UserError[];
}

/**
 * Alliance admins suspend and reinstate shops. The shop's status stream decides; the shop document
 * copies it (checkout and every catalogue write read the document by `_id`, so a suspension holds from
 * the next request on every replica); the catalogue change log makes every replica's projection drop
 * or bring back its products and shop listing. Open orders are not touched.
 */
export class SuspensionService {
  constructor(
    private readonly request: RequestContext,
    private readonly merchants: MerchantRepository,
    private readonly statuses: ShopStatusRepository,
    private readonly changes: CatalogChangeLog,
    private readonly projections: CatalogProjections,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  suspend(id: string, reason: string): Promise<MerchantPayload> {
    const problems = reasonProblems(reason);
    return this.set(id, 'SUSPENDED', reason.trim(), problems);
  }

  reinstate(id: string): Promise<MerchantPayload> {
    return this.set(id, 'ACTIVE', null, []);
  }

  private async set(id: string, target: MerchantStatus, reason: string | null, problems: UserError[]): Promise<MerchantPayload> {
    const { allianceId, principal } = this.request;
    if (!principal) throw DomainError.unauthenticated('Sign in as an alliance admin');
    if (!isAllianceAdmin(principal)) throw DomainError.forbidden('Only alliance admins suspend and reinstate shops');
    const doc = await this.merchants.get(allianceId, id);
    if (!doc) return { merchant: null, userErrors: [{ code: 'UNKNOWN_MERCHANT', message: 'No such shop in this alliance', field: ['id'] }] };
    if (problems.length) return { merchant: toCatalogMerchant(doc), userErrors: problems };

    const actor = actorOf(principal);
    const r = await this.statuses.change(allianceId, id, (current) => decideStatus(current, target, reason, this.now(), actor));
    // Copied even when nothing was appended: a crash may have stopped an earlier change before the copy.
    if (!isNewerStatus(doc.statusVersion, r.version)) return { merchant: toCatalogMerchant(doc), userErrors: [] };
    const copy = await this.copy(allianceId, id, { status: r.state.status, suspendedReason: r.state.reason, statusVersion: r.version });
    const after = { ...doc, ...copy };
    const version = await this.changes.record(allianceId, 'merchant', [id]);
    await this.projections.advanceTo(allianceId, version);
    if (r.appended) {
      const action = target === 'SUSPENDED' ? 'merchant.suspended' : 'merchant.reinstated';
      await this.audit.record(allianceId, id, { at: this.now(), actor, action, subjectId: id, before: { status: doc.status ?? 'ACTIVE', suspendedReason: doc.suspendedReason ?? null }, after: copy });
    }
    return { merchant: toCatalogMerchant(after), userErrors: [] };
  }

  /**
   * Copies the stream's status onto the document. FerretDB v1 has no conditional update, so a slower
   * admin's older copy could land after a newer one: each writer reads back and copies the stream's
   * latest again until the document is not behind it.
   */
  private async copy(allianceId: string, id: string, copy: StatusCopy): Promise<StatusCopy> {
    for (let attempt = 0; attempt < 5; attempt++) {
      await this.merchants.update(allianceId, id, copy);
      const [doc, latest] = await Promise.all([this.merchants.get(allianceId, id), this.statuses.change(allianceId, id, () => null)]);
      if (!isNewerStatus(doc?.statusVersion, latest.version)) return copy;
      copy = { status: latest.state.status, suspendedReason: latest.state.reason, statusVersion: latest.version };
    }
    return copy;
  }
}

type StatusCopy = { status: MerchantStatus; suspendedReason: string | null; statusVersion: number };

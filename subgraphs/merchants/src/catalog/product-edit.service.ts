import { randomBytes } from 'node:crypto';
import { DomainError, type UserError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import type { EventBus } from '@alliance/events';
import { encodeCursor, tenantId } from '@alliance/store';
import { actorOf, type AuditLog } from '../audit/audit-log.js';
import { shopSuspendedError } from '../merchant/active-shop.js';
import type { MerchantRepository } from '../merchant/merchant.repository.js';
import { publishProductCreated, publishProductUpdated } from './catalog-events.js';
import type { CatalogChangeLog } from './catalog-change.repository.js';
import { toCatalogProduct, type CatalogProjections } from './catalog-projections.js';
import type { CatalogProduct } from './catalog.projection.js';
import { pageRequest } from './catalog.rules.js';
import type { CatalogView, StorefrontPage } from './catalog.service.js';
import { isOnSale } from './on-sale.rules.js';
import { loadOwnProduct } from './own-product.js';
import type { PriceHistoryRepository } from './price-history.repository.js';
import type { ProductEditRepository } from './product-edit.repository.js';
import { auditSnapshot, cleanDraft, newListKey, newProductId, newSpecs, planSpecs, productDraftProblems, type ProductDraft } from './product-edit.rules.js';
import type { ProductDoc } from './product.model.js';
import type { ProductRepository } from './product.repository.js';
import { canManageProductsOf } from './product-price.rules.js';
import { recordPriceChange, type ProductPayload } from './product-price.service.js';
import type { StockMovements } from './stock-movements.js';
import type { StockRepository } from './stock.repository.js';
import { summarizeSpecs, type Spec } from './spec.rules.js';

export interface ProductEditDeps {
  products: ProductRepository;
  edits: ProductEditRepository;
  merchants: Pick<MerchantRepository, 'get'>;
  changes: CatalogChangeLog;
  projections: CatalogProjections;
  events: EventBus;
  priceHistory: PriceHistoryRepository;
  stock: StockRepository;
  movements: StockMovements;
  audit: AuditLog;
  now: () => Date;
}

/** The caller is signed in (else UNAUTHENTICATED) and the shop's owner or staff (else FORBIDDEN). */
export function assertManagesShop(request: RequestContext, merchantId: string): void {
  if (!request.principal) throw DomainError.unauthenticated('Sign in as the shop to manage its products');
  if (!canManageProductsOf(request.principal, merchantId)) throw DomainError.forbidden("Only the shop's owner and staff manage its products");
}

/** A suspended shop publishes nothing: the one check (merchant/active-shop), its userError on `field`. */
export async function shopBlocked(merchants: Pick<MerchantRepository, 'get'>, allianceId: string, merchantId: string, field: string[]): Promise<UserError | null> {
  const e = await shopSuspendedError(merchants, allianceId, merchantId);
  return e ? { ...e, field } : null;
}

/** Random parts of new ids: 10 base32 characters (50 bits) per product, 6 per added spec. */
const randomId = (chars: number) => randomBytes(chars).toString('base64url').replace(/[-_]/g, 'x').slice(0, chars).toLowerCase();

/**
 * A shop's owner and staff create, edit, list and delist their products. Every write: the caller
 * manages the shop (else FORBIDDEN), the shop is active (SHOP_SUSPENDED), the form is valid
 * (field-level userErrors); then the document, then the change log, this replica's projection and
 * the event (so every replica's storefront follows), and an audit entry with before and after.
 */
export class ProductEditService {
  constructor(
    private readonly request: RequestContext,
    private readonly d: ProductEditDeps,
    private readonly view: CatalogView,
  ) {}

  async create(input: ProductDraft): Promise<ProductPayload> {
    const { allianceId } = this.request;
    assertManagesShop(this.request, input.merchantId);
    const blocked = await shopBlocked(this.d.merchants, this.request.allianceId, input.merchantId, ['input', 'merchantId']);
    if (blocked) return { product: null, userErrors: [blocked] };
    const draft = cleanDraft(input);
    const problems = productDraftProblems(draft);
    draft.specs.forEach((s, i) => s.id && problems.push({ code: 'UNKNOWN_SPEC', message: 'a new product has no specs to keep: leave the id out', field: ['input', 'specs', String(i), 'id'] }));
    if (problems.length) return { product: null, userErrors: problems };

    const catalogue = await this.view();
    const shopIds = catalogue.merchantList(undefined, true).map((m) => m.id);
    const position = catalogue.shopCatalogue(input.merchantId, null, 0).totalCount;
    const at = this.d.now();
    let doc: ProductDoc | null = null;
    // A random id collides only by astronomical bad luck; the unique `_id` would catch it, so draw again.
    for (let attempt = 0; attempt < 3 && !doc; attempt += 1) {
      const id = newProductId(randomId(10));
      const specs = newSpecs(id, draft.specs);
      const candidate: ProductDoc = {
        _id: tenantId(allianceId, id),
        id,
        allianceId,
        merchantId: input.merchantId,
        name: draft.name,
        description: draft.description,
        unit: draft.unit,
        category: draft.category,
        specs,
        ...summarizeSpecs(specs),
        listKey: newListKey(position, input.merchantId, shopIds, id),
        listed: draft.listed ?? true,
        createdAt: at,
      };
      if (await this.d.edits.create(candidate)) doc = candidate;
    }
    if (!doc) throw new Error('could not draw a free product id');
    const product = toCatalogProduct(doc);
    const version = await this.d.changes.record(allianceId, 'product', [doc.id]);
    await this.d.projections.advanceTo(allianceId, version);
    await publishProductCreated(this.d.events, allianceId, version, product);
    await this.audit(doc.merchantId, 'product.created', doc.id, null, auditSnapshot(product));
    return { product, userErrors: [] };
  }

  async update(id: string, input: ProductDraft): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.d.products, id, 'id', 'details');
    if ('unknown' in own) return { product: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    if (input.merchantId !== doc.merchantId) {
      return { product: current, userErrors: [{ code: 'MERCHANT_MISMATCH', message: 'a product stays with the shop that created it', field: ['input', 'merchantId'] }] };
    }
    const blocked = await shopBlocked(this.d.merchants, this.request.allianceId, doc.merchantId, ['input', 'merchantId']);
    if (blocked) return { product: current, userErrors: [blocked] };
    const draft = cleanDraft(input);
    const plan = planSpecs(current.specs, draft.specs, () => `${id}-${randomId(6)}`);
    const problems = [...productDraftProblems(draft), ...plan.userErrors];
    if (problems.length) return { product: current, userErrors: problems };

    const at = this.d.now();
    await this.d.edits.replaceDetails(allianceId, id, {
      name: draft.name,
      description: draft.description,
      category: draft.category,
      unit: draft.unit,
      specs: plan.specs,
      ...(draft.listed == null ? {} : { listed: draft.listed }),
    });
    for (const change of plan.priceChanges) await recordPriceChange(this.d.priceHistory, allianceId, doc, change.before, change.priceFen, at);
    await this.moveStock(doc, plan.specs, plan.stockTargets);

    const fresh = await this.d.products.get(allianceId, id);
    const product = fresh ? toCatalogProduct(fresh) : current;
    const version = await this.d.changes.record(allianceId, 'product', [id]);
    await this.d.projections.advanceTo(allianceId, version);
    await publishProductUpdated(this.d.events, allianceId, version, product);
    await this.audit(doc.merchantId, 'product.updated', id, auditSnapshot(current), auditSnapshot(product));
    return { product, userErrors: [] };
  }

  /**
   * Stock is a stream per spec, never a number written over: a level the form sets is reached by a
   * movement of (level − the stream's level now), reason 'edit', so sales since the form was loaded
   * count. The details write above copied the stock as read; every kept spec is then settled from
   * its stream, so a sale that landed in between is not undone in the document.
   */
  private async moveStock(doc: ProductDoc, specs: readonly Spec[], targets: readonly { spec: Spec; level: number }[]): Promise<void> {
    const { allianceId } = this.request;
    const moved = new Set<string>();
    for (const { spec, level } of targets) {
      // A sale between the read and the movement re-decides on its level: a couple of tries reach the target.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const now = await this.d.stock.level(allianceId, doc.id, spec.id, spec.stock);
        if (now === level) break;
        const m = await this.d.movements.move(allianceId, doc.id, doc.merchantId, spec, level - now, 'edit');
        if (m.applied && m.level === level) break;
      }
      moved.add(spec.id);
    }
    for (const spec of specs) if (!moved.has(spec.id)) await this.d.movements.settle(allianceId, doc.id, spec);
  }

  /** 上架 / 下架. Listing again what is listed changes nothing (and records nothing). */
  async setListed(id: string, listed: boolean): Promise<ProductPayload> {
    const { allianceId } = this.request;
    const own = await loadOwnProduct(this.request, this.d.products, id, 'id', 'listing');
    if ('unknown' in own) return { product: null, userErrors: [own.unknown] };
    const { doc, product: current } = own;
    const blocked = await shopBlocked(this.d.merchants, this.request.allianceId, doc.merchantId, ['id']);
    if (blocked) return { product: current, userErrors: [blocked] };
    if (current.listed === listed) {
      // The same again is how a shop retries a change a crash cut short after the write: log it only
      // when this replica's catalogue does not show it yet.
      if ((await this.view()).product(id)?.listed === listed) return { product: current, userErrors: [] };
    } else {
      await this.d.edits.setListed(allianceId, id, listed);
    }
    const product = { ...current, listed };
    const version = await this.d.changes.record(allianceId, 'product', [id]);
    await this.d.projections.advanceTo(allianceId, version);
    await publishProductUpdated(this.d.events, allianceId, version, product);
    await this.audit(doc.merchantId, listed ? 'product.listed' : 'product.delisted', id, { listed: current.listed }, { listed });
    return { product, userErrors: [] };
  }

  /** The shop's whole catalogue, listed and delisted, for its owner and staff. */
  async catalogue(merchantId: string, first: number | null | undefined, after: string | null | undefined): Promise<StorefrontPage> {
    assertManagesShop(this.request, merchantId);
    const page = pageRequest(first, after);
    if (!page.ok) throw DomainError.badInput(page.message, page.field);
    const result = (await this.view()).shopCatalogue(merchantId, page.value.afterKey, page.value.limit);
    const edges = result.rows.map((node) => ({ cursor: encodeCursor(node.listKey), node }));
    return { totalCount: result.totalCount, edges, pageInfo: { hasNextPage: result.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /**
   * A product page: a product not on sale (delisted, or its shop suspended) is "not found" for
   * everyone but its shop's staff, so an old link shows nothing rather than something not for sale.
   */
  async visible(product: CatalogProduct | null): Promise<CatalogProduct | null> {
    if (!product) return null;
    if (isOnSale(product, (await this.view()).merchant(product.merchantId))) return product;
    return canManageProductsOf(this.request.principal, product.merchantId) ? product : null;
  }

  private audit(merchantId: string, action: string, subjectId: string, before: unknown, after: unknown): Promise<void> {
    return this.d.audit.record(this.request.allianceId, merchantId, { at: this.d.now(), actor: actorOf(this.request.principal), action, subjectId, before, after });
  }
}

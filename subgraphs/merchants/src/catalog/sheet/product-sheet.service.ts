import { randomBytes } from 'node:crypto';
import type { UserError } from '@alliance/runtime/domain-error';
import { DomainError } from '@alliance/runtime/domain-error';
import type { RequestContext } from '@alliance/runtime/request-context';
import { chinaDay } from '@alliance/runtime/china-time';
import type { EventBus } from '@alliance/events';
import { tenantId } from '@alliance/store';
import { actorOf, type AuditLog } from '../../audit/audit-log.js';
import type { MerchantRepository } from '../../merchant/merchant.repository.js';
import type { ObjectStorage } from '../../media/object-storage.js';
import { publishProductCreated } from '../catalog-events.js';
import type { CatalogChangeLog } from '../catalog-change.repository.js';
import { toCatalogProduct, type CatalogProjections } from '../catalog-projections.js';
import type { CatalogView } from '../catalog.service.js';
import type { ProductDoc } from '../product.model.js';
import type { ProductEditRepository } from '../product-edit.repository.js';
import { importedProductId, newListKey, newSpecs } from '../product-edit.rules.js';
import { assertManagesShop, shopBlocked } from '../product-edit.service.js';
import { summarizeSpecs } from '../spec.rules.js';
import { COLUMNS, HEADERS, productSheetRows, readProductSheet, TEMPLATE_EXAMPLE, type RowError, type SheetProduct } from './product-sheet.rules.js';
import { readTable, SheetFileError, writeXlsx } from './sheet-file.js';

export interface ImportResult {
  rows: number;
  created: number;
  skipped: number;
  errors: RowError[];
}

export interface ImportPayload {
  result: ImportResult | null;
  userErrors: UserError[];
}

export interface FileDownload {
  url: string;
  filename: string;
  expiresAt: string;
}

/**
 * The bytes of an uploaded sheet, or why there are none: the upload service's `consume` (purpose
 * PRODUCT_IMPORT, asked for by this caller for this shop, really PUT, within the size limit).
 */
export type ReadImportUpload = (merchantId: string, uploadId: string) => Promise<{ bytes: Buffer } | { error: UserError }>;

/** Up to this many products a change-log entry names them (replicas re-read each by `_id`); beyond, a reload. */
const MAX_IDS_PER_CHANGE = 100;
const LINK_SECONDS = 15 * 60;
const TEMPLATE_KEY = 'templates/product-sheet-v1.xlsx';
const MONEY_COLUMNS = [HEADERS.indexOf(COLUMNS.price), HEADERS.indexOf(COLUMNS.memberPrice)];

export interface ProductSheetDeps {
  edits: ProductEditRepository;
  merchants: Pick<MerchantRepository, 'get'>;
  changes: CatalogChangeLog;
  projections: CatalogProjections;
  events: EventBus;
  audit: AuditLog;
  storage: ObjectStorage;
  readUpload: ReadImportUpload;
  now: () => Date;
}

/**
 * The product sheet: its template, a shop's export, and imports. An import creates each product a
 * sheet names once: a product's `_id` derives from the shop and its 商品编码, so running the same
 * sheet again (or an export of the catalogue) inserts duplicates only, which the unique `_id` turns
 * away and the result counts as skipped.
 */
export class ProductSheetService {
  constructor(
    private readonly request: RequestContext,
    private readonly d: ProductSheetDeps,
    private readonly view: CatalogView,
  ) {}

  async template(): Promise<FileDownload> {
    if (!this.request.principal) throw DomainError.unauthenticated('Sign in to download the template');
    // Written once per bucket: the template changes only with this code (and then its key does).
    if (!(await this.d.storage.head(TEMPLATE_KEY))) {
      await this.d.storage.put(TEMPLATE_KEY, await writeXlsx('商品', HEADERS, TEMPLATE_EXAMPLE, MONEY_COLUMNS), XLSX_TYPE, 'private, max-age=0');
    }
    return this.download(TEMPLATE_KEY, '商品导入模板.xlsx');
  }

  async export(merchantId: string): Promise<FileDownload> {
    assertManagesShop(this.request, merchantId);
    const catalogue = await this.view();
    const products = catalogue.shopCatalogue(merchantId, null, Number.MAX_SAFE_INTEGER).rows;
    const bytes = await writeXlsx('商品', HEADERS, productSheetRows(products), MONEY_COLUMNS);
    const at = this.d.now();
    // Each export under its own key (never public): a link shared by mistake expires with its signature.
    const key = `exports/${this.request.allianceId}/${merchantId}/${at.getTime()}-${randomBytes(6).toString('hex')}.xlsx`;
    await this.d.storage.put(key, bytes, XLSX_TYPE, 'private, no-store');
    const shop = catalogue.merchant(merchantId)?.name ?? merchantId;
    return this.download(key, `${shop}-商品-${chinaDay(at)}.xlsx`);
  }

  async import(merchantId: string, uploadId: string): Promise<ImportPayload> {
    const { allianceId } = this.request;
    assertManagesShop(this.request, merchantId);
    const blocked = await shopBlocked(this.d.merchants, allianceId, merchantId, ['merchantId']);
    if (blocked) return { result: null, userErrors: [blocked] };
    const upload = await this.d.readUpload(merchantId, uploadId);
    if ('error' in upload) return { result: null, userErrors: [upload.error] };
    let table;
    try {
      table = await readTable(upload.bytes);
    } catch (err) {
      if (err instanceof SheetFileError) return { result: null, userErrors: [{ code: err.code, message: err.message, field: ['uploadId'] }] };
      throw err;
    }
    const sheet = readProductSheet(table, merchantId);
    if (sheet.userErrors.length) return { result: null, userErrors: sheet.userErrors };

    const catalogue = await this.view();
    const own = catalogue.shopCatalogue(merchantId, null, Number.MAX_SAFE_INTEGER);
    // Already in the shop: imported from this code before, or exported (a product made in the form
    // is exported under its id as its code).
    const known = new Set(own.rows.flatMap((p) => [p.id, ...(p.code ? [`code:${p.code}`] : [])]));
    const isKnown = (p: SheetProduct) => known.has(importedProductId(merchantId, p.code)) || known.has(`code:${p.code}`) || known.has(p.code);
    const fresh = sheet.products.filter((p) => !isKnown(p));
    const shopIds = catalogue.merchantList(undefined, true).map((m) => m.id);
    const at = this.d.now();
    const docs = fresh.map((p, i) => this.newDoc(p, merchantId, newListKey(own.totalCount + i, merchantId, shopIds, importedProductId(merchantId, p.code)), at));
    const { created, duplicates } = await this.d.edits.createMany(docs);
    const result: ImportResult = { rows: sheet.rows, created: created.length, skipped: sheet.products.length - fresh.length + duplicates, errors: sheet.errors };

    if (created.length) {
      // One change-log entry for the batch: a few ids replicas re-read, or a reload for a big sheet.
      const version = await this.d.changes.record(allianceId, created.length <= MAX_IDS_PER_CHANGE ? 'product' : 'reload', created.length <= MAX_IDS_PER_CHANGE ? created : []);
      await this.d.projections.advanceTo(allianceId, version);
      // A reload rebuilds in the background; wait for it here so the shop's catalogue shows the import.
      await this.d.projections.settled(allianceId);
      const last = docs.find((d) => d.id === created.at(-1))!;
      await publishProductCreated(this.d.events, allianceId, version, toCatalogProduct(last));
    }
    await this.d.audit.record(allianceId, merchantId, {
      at,
      actor: actorOf(this.request.principal),
      action: 'product.imported',
      subjectId: merchantId,
      before: null,
      after: { uploadId, rows: result.rows, created: result.created, skipped: result.skipped, errors: result.errors.length },
    });
    return { result, userErrors: [] };
  }

  private newDoc(p: SheetProduct, merchantId: string, listKey: string, at: Date): ProductDoc {
    const id = importedProductId(merchantId, p.code);
    const specs = newSpecs(id, p.draft.specs);
    const { allianceId } = this.request;
    const { name, description, category, unit, listed } = p.draft;
    return { _id: tenantId(allianceId, id), id, allianceId, merchantId, name, description, category, unit, specs, ...summarizeSpecs(specs), listKey, listed: listed ?? true, code: p.code, createdAt: at };
  }

  private async download(key: string, filename: string): Promise<FileDownload> {
    const url = await this.d.storage.presignGet(key, filename, LINK_SECONDS);
    return { url, filename, expiresAt: new Date(this.d.now().getTime() + LINK_SECONDS * 1000).toISOString() };
  }
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

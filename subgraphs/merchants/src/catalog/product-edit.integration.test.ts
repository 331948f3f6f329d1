/**
 * Shops edit their catalogue and import it from sheets, on a real FerretDB, NATS and SeaweedFS with
 * real Keycloak tokens (the merchants subgraph served in this process, on a database of its own, so
 * thousands of imported products touch no other suite). Only new products are changed, never the
 * demo ones.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { tenantId, withDatabase } from '@alliance/store';
import { errorCodes, getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from '../config.js';
import { contextFactory } from '../context.js';
import { schema } from '../schema.js';
import { seedSuiteAlliance } from '../seed/suite-seed.js';
import { AuditLog } from '../audit/audit-log.js';
import { HEADERS } from './sheet/product-sheet.rules.js';
import { readTable } from './sheet/sheet-file.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `product_edit_it_${Date.now().toString(36)}`);
const booted: BootedSubgraph[] = [];
let svc: BootedSubgraph;
let replica: BootedSubgraph;
const tokens = new Map<string, string>();
const as = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await getToken(env.keycloakUrl, user));
  return tokens.get(user)!;
};
const call = async (user: string | null, query: string, variables?: Record<string, unknown>, url = svc.url): Promise<any> =>
  signedGql<any>(url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token: user ? await as(user) : undefined });
const ok = async (user: string | null, query: string, variables?: Record<string, unknown>, url?: string) => {
  const r = await call(user, query, variables, url);
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data;
};

const PRODUCT_FIELDS = 'id name listed price { amountFen } referencePrice { amountFen } stock specs { id name price { amountFen } referencePrice { amountFen } memberPrice { amountFen } stock }';
const CREATE = `mutation($input: ProductInput!) { createProduct(input: $input) { product { ${PRODUCT_FIELDS} } userErrors { code field } } }`;
const UPDATE = `mutation($id: ID!, $input: ProductInput!) { updateProduct(id: $id, input: $input) { product { ${PRODUCT_FIELDS} } userErrors { code field } } }`;
const LIST = 'mutation($id: ID!, $l: Boolean!) { setProductListed(id: $id, listed: $l) { product { id listed } userErrors { code field } } }';
const PRODUCT = `query($id: ID!) { product(id: $id) { ${PRODUCT_FIELDS} } }`;
const STOREFRONT = 'query($f: StorefrontFilter) { storefront(first: 100, filter: $f) { totalCount edges { node { id } } } }';
const CATALOGUE = 'query($m: ID!, $after: String) { merchant(id: $m) { catalogue(first: 100, after: $after) { totalCount edges { node { id listed } } pageInfo { hasNextPage endCursor } } } }';
const ADD = 'mutation($l: CartLineInput!) { addToCart(line: $l) { cart { unavailableLines { quantity } groups { lines { product { id } } } } userErrors { code field } } }';
const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { checkout { id } userErrors { code field } } }';
const FILE_UPLOAD = 'mutation($m: ID, $t: String!, $b: Int!) { createFileUpload(merchantId: $m, purpose: PRODUCT_IMPORT, contentType: $t, bytes: $b) { upload { id method url headers { name value } } userErrors { code field } } }';
const IMPORT = 'mutation($m: ID!, $u: ID!) { importProducts(merchantId: $m, uploadId: $u) { result { rows created skipped errors { row column code message } } userErrors { code field } } }';
const TEMPLATE = 'query { productSheetTemplate { url filename expiresAt } }';
const EXPORT = 'query($m: ID!) { exportProducts(merchantId: $m) { url filename expiresAt } }';

const input = (name: string, over: object = {}) => ({
  merchantId: 'm-fruit',
  name,
  description: '集成测试的新商品',
  category: 'fruit',
  unit: '斤',
  specs: [
    { name: '500g', priceFen: 1000, stock: 5 },
    { name: '1kg', priceFen: 1800, memberPriceFen: 1700, stock: 3 },
  ],
  ...over,
});
const onStorefront = async (id: string, url?: string) => (await ok('alice', STOREFRONT, { f: { merchantId: 'm-fruit' } }, url)).storefront.edges.some((e: any) => e.node.id === id);
const wholeCatalogue = async (user: string, merchantId: string) => {
  const ids: { id: string; listed: boolean }[] = [];
  let after: string | null = null;
  for (;;) {
    const c: any = (await ok(user, CATALOGUE, { m: merchantId, after })).merchant.catalogue;
    ids.push(...c.edges.map((e: any) => e.node));
    if (!c.pageInfo.hasNextPage) return { totalCount: c.totalCount as number, ids };
    after = c.pageInfo.endCursor;
  }
};
const auditActions = async (merchantId: string) => (await new AuditLog(svc.connection).page('demo', merchantId, 50, null)).edges.map((e) => e.node);

before(async () => {
  const cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, S3_ENDPOINT: env.s3Endpoint, LOG_LEVEL: 'warn' });
  for (let i = 0; i < 2; i += 1) booted.push(await bootSubgraph('merchants', cfg, schema, contextFactory(cfg)));
  [svc, replica] = booted as [BootedSubgraph, BootedSubgraph];
  await seedSuiteAlliance(svc.connection);
});

after(async () => {
  await svc.connection.dropDatabase();
  for (const s of booted.reverse()) await s.stop();
});

describe('shops edit their catalogue', () => {
  test("only the shop's owner and staff create its products; a bad form is field-level userErrors and writes nothing", async () => {
    const name = `测试桃-${randomUUID().slice(0, 6)}`;
    assert.deepEqual(errorCodes(await call(null, CREATE, { input: input(name) })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call('alice', CREATE, { input: input(name) })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('bakery-owner', CREATE, { input: input(name) })), ['FORBIDDEN'], "another shop's owner");
    const bad = await ok('fruit-owner', CREATE, {
      input: input(' ', { category: 'toys', unit: '', specs: [{ name: 'a', priceFen: 100 }, { name: 'a', priceFen: -5, stock: -1 }, { name: 'b', priceFen: 100, memberPriceFen: 100 }] }),
    });
    assert.equal(bad.createProduct.product, null);
    assert.deepEqual(bad.createProduct.userErrors.map((e: any) => [e.code, e.field.join('.')]), [
      ['INVALID_NAME', 'input.name'],
      ['INVALID_UNIT', 'input.unit'],
      ['UNKNOWN_CATEGORY', 'input.category'],
      ['DUPLICATE_SPEC_NAME', 'input.specs.1.name'],
      ['INVALID_PRICE', 'input.specs.1.priceFen'],
      ['INVALID_STOCK', 'input.specs.1.stock'],
      ['MEMBER_PRICE_NOT_BELOW_PRICE', 'input.specs.2.memberPriceFen'],
    ]);
    assert.deepEqual(errorCodes(await call('fruit-owner', CREATE, { input: input(name, { specs: [{ name: 'a', priceFen: 1.5 }] }) })), ['BAD_USER_INPUT'], 'Fen is whole');
  });

  test('a suspended shop publishes nothing (SHOP_SUSPENDED)', async () => {
    const shops = svc.connection.collection('merchants');
    await shops.updateOne({ _id: tenantId('demo', 'm-bakery') } as never, { $set: { status: 'SUSPENDED', suspendedReason: '测试' } });
    try {
      const r = await ok('bakery-owner', CREATE, { input: input('停业中的新品', { merchantId: 'm-bakery', category: 'bakery' }) });
      assert.deepEqual(r.createProduct.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['SHOP_SUSPENDED', 'input.merchantId']]);
    } finally {
      await shops.updateOne({ _id: tenantId('demo', 'm-bakery') } as never, { $unset: { status: '', suspendedReason: '' } });
    }
  });

  test('create → on the storefront of every replica → update (price history, stock through its stream) → delist (gone for shoppers, refused by cart and checkout) → relist', async () => {
    const name = `测试桃-${randomUUID().slice(0, 6)}`;
    const created = (await ok('fruit-owner', CREATE, { input: input(name) })).createProduct;
    assert.deepEqual(created.userErrors, []);
    const p = created.product;
    assert.match(p.id, /^p-[a-z0-9]{10}$/);
    assert.deepEqual(p.specs.map((s: any) => [s.id, s.name, s.price.amountFen, s.memberPrice?.amountFen ?? null, s.stock]), [
      [`${p.id}-1`, '500g', 1000, null, 5],
      [`${p.id}-2`, '1kg', 1800, 1700, 3],
    ]);
    assert.equal(p.listed, true);
    assert.ok(await onStorefront(p.id), 'this replica shows it at once');
    await onStorefront(p.id, replica.url); // the replica has its catalogue loaded: it must hear of the change
    assert.ok(await onStorefront(p.id, replica.url), 'so does the other replica');
    assert.equal((await ok('alice', PRODUCT, { id: p.id })).product.name, name);

    // Alice has the 500g in her cart before the shop edits and delists it.
    assert.deepEqual((await ok('alice', ADD, { l: { productId: p.id, specId: `${p.id}-1`, quantity: 1 } })).addToCart.userErrors, []);

    const edit = {
      ...input(`${name}（大果）`),
      specs: [
        { id: `${p.id}-1`, name: '500g', priceFen: 1500, stock: 9 },
        { name: '2kg', priceFen: 3000, stock: 4 },
      ],
    };
    const updated = (await ok('fruit-owner', UPDATE, { id: p.id, input: edit })).updateProduct;
    assert.deepEqual(updated.userErrors, []);
    const u = updated.product;
    assert.equal(u.name, `${name}（大果）`);
    assert.equal(u.specs.length, 2, 'the 1kg spec is gone');
    assert.equal(u.specs[0].id, `${p.id}-1`, 'a kept spec keeps its id');
    assert.notEqual(u.specs[1].id, `${p.id}-2`, "a new spec never takes a removed spec's id");
    assert.deepEqual(u.specs.map((s: any) => [s.name, s.price.amountFen, s.stock]), [['500g', 1500, 9], ['2kg', 3000, 4]]);
    assert.equal(u.specs[0].referencePrice.amountFen, 1000, 'a raised price is recorded: the reference stays the lowest of the last 7 days');
    const facts = await svc.connection.collection('stock_streams').find({ streamId: `demo:stock:${p.id}:${p.id}-1`, kind: { $ne: 'head' } }).toArray();
    assert.deepEqual(facts.map((f: any) => [f.data.opening ?? null, f.data.delta, f.data.reason]), [[5, 4, 'edit']], 'stock moved through its stream, from 5 to 9');
    assert.deepEqual((await ok('alice', PRODUCT, { id: p.id }, replica.url)).product.specs.map((s: any) => s.price.amountFen), [1500, 3000]);
    const unknownSpec = (await ok('fruit-owner', UPDATE, { id: p.id, input: { ...edit, specs: [{ id: 'p-other-1', name: 'x', priceFen: 1 }] } })).updateProduct;
    assert.deepEqual(unknownSpec.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['UNKNOWN_SPEC', 'input.specs.0.id']]);
    assert.deepEqual(errorCodes(await call('bakery-owner', UPDATE, { id: p.id, input: { ...edit, merchantId: 'm-bakery' } })), ['FORBIDDEN']);

    const delisted = (await ok('fruit-owner', LIST, { id: p.id, l: false })).setProductListed;
    assert.deepEqual(delisted, { product: { id: p.id, listed: false }, userErrors: [] });
    assert.equal(await onStorefront(p.id), false);
    assert.equal(await onStorefront(p.id, replica.url), false);
    assert.equal((await ok('alice', PRODUCT, { id: p.id })).product, null, 'an old link shows "not found" to shoppers');
    assert.equal((await ok(null, PRODUCT, { id: p.id }, replica.url)).product, null);
    assert.equal((await ok('fruit-owner', PRODUCT, { id: p.id })).product.listed, false, "the shop's staff still see it");
    const catalogue = await wholeCatalogue('fruit-owner', 'm-fruit');
    assert.deepEqual(catalogue.ids.find((x) => x.id === p.id), { id: p.id, listed: false }, 'the catalogue lists delisted products');
    assert.deepEqual(errorCodes(await call('bakery-owner', CATALOGUE, { m: 'm-fruit', after: null })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('alice', CATALOGUE, { m: 'm-fruit', after: null })), ['FORBIDDEN']);
    const add = (await ok('alice', ADD, { l: { productId: p.id, specId: `${p.id}-1`, quantity: 1 } })).addToCart;
    assert.deepEqual(add.userErrors.map((e: any) => [e.code, e.field.join('.')]), [['PRODUCT_UNAVAILABLE', 'productId']]);
    assert.equal(add.cart.unavailableLines.length, 1, 'the line in her cart shows as unavailable');
    const placed = (await ok('alice', PLACE, { input: { lines: [{ productId: p.id, specId: `${p.id}-1`, quantity: 1 }], paymentMethod: 'ONLINE', pickupPointId: 'pp-cuiyuan', contactPhone: '13800138000', idempotencyKey: `it-${randomUUID()}` } })).placeOrder;
    assert.deepEqual(placed, { checkout: null, userErrors: [{ code: 'PRODUCT_UNAVAILABLE', field: ['lines', '0', 'productId'] }] });

    assert.deepEqual((await ok('fruit-owner', LIST, { id: p.id, l: true })).setProductListed.userErrors, []);
    assert.ok(await onStorefront(p.id));
    assert.equal((await ok('alice', PRODUCT, { id: p.id })).product.listed, true);

    const audit = (await auditActions('m-fruit')).filter((e) => e.subjectId === p.id);
    assert.deepEqual(audit.map((e) => [e.action, e.actor]), [
      ['product.listed', 'fruit-owner'],
      ['product.delisted', 'fruit-owner'],
      ['product.updated', 'fruit-owner'],
      ['product.created', 'fruit-owner'],
    ]);
    const create = audit.at(-1)!;
    assert.equal(create.before, null);
    assert.equal((create.after as any).name, name);
    assert.equal((audit[2]!.before as any).specs.length, 2);
  });
});

/** A sheet of `n` single-spec products with codes `<prefix>-<i>`; `bad` rows (by row number) broken in turn. */
function sheetRows(prefix: string, n: number, bad: ReadonlyMap<number, (r: string[]) => void>): string[][] {
  const rows = [[...HEADERS]];
  for (let i = 0; i < n; i += 1) {
    const r = [`${prefix}-${String(i).padStart(4, '0')}`, `导入商品${i}`, i % 2 ? '时令水果' : 'fruit', '斤', '', `${(i % 50) + 1}.${String(i % 100).padStart(2, '0')}`, '', String(i % 30), '', '是'];
    bad.get(i + 2)?.(r);
    rows.push(r);
  }
  return rows;
}
const BREAKS: ((r: string[]) => void)[] = [
  (r) => (r[0] = ''), // MISSING_CODE
  (r) => (r[5] = '12.345'), // INVALID_PRICE
  (r) => (r[5] = '十块'), // INVALID_PRICE
  (r) => (r[2] = '玩具'), // UNKNOWN_CATEGORY
  (r) => (r[1] = ''), // INVALID_NAME
  (r) => (r[7] = '-3'), // INVALID_STOCK
  (r) => (r[7] = '2000000'), // INVALID_STOCK (over the limit)
  (r) => (r[6] = '999.00'), // MEMBER_PRICE_NOT_BELOW_PRICE
  (r) => (r[9] = '也许'), // INVALID_LISTED
  (r) => (r[3] = ''), // INVALID_UNIT
];

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
async function uploadSheet(user: string, merchantId: string, bytes: Buffer, type = XLSX): Promise<string> {
  const r = (await ok(user, FILE_UPLOAD, { m: merchantId, t: type, b: bytes.length })).createFileUpload;
  assert.deepEqual(r.userErrors, []);
  const put = await fetch(r.upload.url, { method: r.upload.method, headers: Object.fromEntries(r.upload.headers.map((h: any) => [h.name, h.value])), body: new Uint8Array(bytes) });
  assert.equal(put.status, 200);
  return r.upload.id;
}
const importSheet = async (user: string, merchantId: string, uploadId: string) => (await ok(user, IMPORT, { m: merchantId, u: uploadId })).importProducts;

describe('product sheets (商品表)', () => {
  test('the template is an .xlsx with the Chinese headers and an example that imports', async () => {
    assert.deepEqual(errorCodes(await call(null, TEMPLATE)), ['UNAUTHENTICATED']);
    const t = (await ok('fruit-owner', TEMPLATE)).productSheetTemplate;
    assert.equal(t.filename, '商品导入模板.xlsx');
    assert.ok(Date.parse(t.expiresAt) > Date.now());
    const res = await fetch(t.url);
    assert.equal(res.status, 200);
    const table = await readTable(Buffer.from(await res.arrayBuffer()));
    assert.deepEqual(table[0], [...HEADERS]);
    assert.equal(table.length, 3);
  });

  test('2,000 rows with 20 bad ones: 1,980 products and exactly those 20 rows reported; a re-run and an export re-imported create nothing', async () => {
    const prefix = `IT${randomUUID().slice(0, 4)}`;
    const badRows = new Map<number, (r: string[]) => void>();
    for (let k = 0; k < 20; k += 1) badRows.set(3 + k * 97, BREAKS[k % BREAKS.length]!);
    const bytes = await xlsxOf(sheetRows(prefix, 2000, badRows));
    const before = await wholeCatalogue('fruit-owner', 'm-fruit');

    assert.deepEqual(errorCodes(await call('bakery-owner', IMPORT, { m: 'm-fruit', u: randomUUID() })), ['FORBIDDEN']);
    const uploadId = await uploadSheet('fruit-owner', 'm-fruit', bytes);
    const started = performance.now();
    const first = await importSheet('fruit-owner', 'm-fruit', uploadId);
    const ms = performance.now() - started;
    console.log(`# import of 2,000 rows: ${Math.round(ms)} ms`);
    assert.deepEqual(first.userErrors, []);
    assert.equal(first.result.rows, 2000);
    assert.equal(first.result.created, 1980);
    assert.equal(first.result.skipped, 0);
    assert.deepEqual(first.result.errors.map((e: any) => e.row), [...badRows.keys()]);
    assert.deepEqual(new Set(first.result.errors.map((e: any) => e.code)), new Set(['MISSING_CODE', 'INVALID_PRICE', 'UNKNOWN_CATEGORY', 'INVALID_NAME', 'INVALID_STOCK', 'MEMBER_PRICE_NOT_BELOW_PRICE', 'INVALID_LISTED', 'INVALID_UNIT']));
    assert.ok(first.result.errors.every((e: any) => HEADERS.includes(e.column) && e.message));
    assert.ok(ms < 30_000, `the import took ${ms} ms`);

    const after = await wholeCatalogue('fruit-owner', 'm-fruit');
    assert.equal(after.totalCount, before.totalCount + 1980, "the shop's catalogue shows the import as soon as it returns");
    const again = await importSheet('fruit-owner', 'm-fruit', uploadId);
    assert.deepEqual([again.result.created, again.result.skipped, again.result.errors.length], [0, 1980, 20], 'a re-run creates nothing');

    const exported = (await ok('fruit-owner', EXPORT, { m: 'm-fruit' })).exportProducts;
    assert.match(exported.filename, /\.xlsx$/);
    const res = await fetch(exported.url);
    assert.equal(res.status, 200);
    const exportBytes = Buffer.from(await res.arrayBuffer());
    const exportTable = await readTable(exportBytes);
    assert.deepEqual(exportTable[0], [...HEADERS]);
    const reimport = await importSheet('fruit-owner', 'm-fruit', await uploadSheet('fruit-owner', 'm-fruit', exportBytes));
    assert.deepEqual(reimport.result.errors, []);
    assert.deepEqual([reimport.result.created, reimport.result.skipped], [0, after.totalCount], 'every product exported, none created again');
    assert.equal((await wholeCatalogue('fruit-owner', 'm-fruit')).totalCount, after.totalCount);

    // The replica hears of the batch too (the change log entry is one reload).
    const seen = async () => (await ok('alice', STOREFRONT, { f: { merchantId: 'm-fruit' } }, replica.url)).storefront.totalCount;
    for (let i = 0; i < 100 && (await seen()) < 1980; i += 1) await new Promise((r) => setTimeout(r, 100));
    assert.ok((await seen()) >= 1980);
    const audit = (await auditActions('m-fruit')).filter((e) => e.action === 'product.imported');
    assert.deepEqual(audit.slice(0, 3).map((e) => [(e.after as any).created, (e.after as any).skipped, (e.after as any).errors]), [[0, after.totalCount, 0], [0, 1980, 20], [1980, 0, 20]]);
  });

  test('a CSV in UTF-8 (with a BOM) imports; a GBK one and a missing column are userErrors', async () => {
    const code = `CSV-${randomUUID().slice(0, 6)}`;
    const csv = `\uFEFF${HEADERS.join(',')}\r\n${code},"酸奶, 原味",dairy,杯,大杯,12.50,11,5,,是\r\n${code},,,,小杯,8,,5,,\r\n`;
    const r = await importSheet('fruit-owner', 'm-fruit', await uploadSheet('fruit-owner', 'm-fruit', Buffer.from(csv), 'text/csv'));
    assert.deepEqual([r.result.rows, r.result.created, r.result.errors], [2, 1, []]);
    const gbk = Buffer.from([0xc9, 0xcc, 0xc6, 0xb7, 0x0d, 0x0a]);
    assert.deepEqual((await importSheet('fruit-owner', 'm-fruit', await uploadSheet('fruit-owner', 'm-fruit', gbk, 'text/csv'))).userErrors.map((e: any) => e.code), ['INVALID_ENCODING']);
    const noColumn = Buffer.from('商品编码,商品名称\nA,B\n');
    assert.deepEqual((await importSheet('fruit-owner', 'm-fruit', await uploadSheet('fruit-owner', 'm-fruit', noColumn, 'text/csv'))).userErrors.map((e: any) => e.code), ['MISSING_COLUMN']);
    assert.deepEqual((await importSheet('fruit-owner', 'm-fruit', randomUUID())).userErrors.map((e: any) => e.code), ['UPLOAD_NOT_FOUND']);
  });
});

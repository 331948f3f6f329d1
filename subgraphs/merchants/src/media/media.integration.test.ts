/**
 * Product photos on the real SeaweedFS of the test stack, with real FerretDB, NATS and Keycloak
 * tokens: a presigned PUT straight to storage, then attach makes the WebP renditions (public, no
 * EXIF or GPS); storage refuses a PUT of another type or size than was signed; attach refuses bytes
 * that are not a photo; only the product's shop uploads and attaches. The merchants subgraph is served
 * in this process, called with gateway-signed requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { bootSubgraph, type BootedSubgraph } from '@alliance/runtime';
import { withDatabase } from '@alliance/store';
import { errorCodes, getToken, signedGql, testEnv } from '@alliance/testing';
import { readConfig } from '../config.js';
import { contextFactory, objectStorage } from '../context.js';
import { schema } from '../schema.js';
import { seedSuiteAlliance } from '../seed/suite-seed.js';
import { AuditLog } from '../audit/audit-log.js';
import { sweepStorage } from './storage-sweep.js';
import { WORKING_PREFIXES } from './storage-sweep.rules.js';

const env = testEnv();
const dbUri = withDatabase(env.mongodbUri, `media_it_${Date.now().toString(36)}`);
let svc: BootedSubgraph;
let cfg: ReturnType<typeof readConfig>;
const tokens = new Map<string, string>();
const as = async (user: string) => {
  if (!tokens.has(user)) tokens.set(user, await getToken(env.keycloakUrl, user));
  return tokens.get(user)!;
};
const call = async (user: string | null, query: string, variables?: Record<string, unknown>): Promise<any> =>
  signedGql<any>(svc.url, env.gatewaySecret, query, variables, { target: 'merchants', allianceId: 'demo', token: user ? await as(user) : undefined });

const IMAGE = 'id url width height srcset renditions { url width height }';
const CREATE = 'mutation($p: ID!, $t: String!, $b: Int!) { createImageUpload(productId: $p, contentType: $t, bytes: $b) { upload { id purpose method url headers { name value } expiresAt } userErrors { code field } } }';
const CREATE_FILE = 'mutation($m: ID, $u: UploadPurpose!, $t: String!, $b: Int!) { createFileUpload(merchantId: $m, purpose: $u, contentType: $t, bytes: $b) { upload { id purpose } userErrors { code field } } }';
const ATTACH = `mutation($p: ID!, $u: ID!) { attachProductImage(productId: $p, uploadId: $u) { product { id images { ${IMAGE} } } userErrors { code field } } }`;
const REMOVE = 'mutation($p: ID!, $i: ID!) { removeProductImage(productId: $p, imageId: $i) { product { images { id } } userErrors { code field } } }';
const PRODUCT = `query($id: ID!) { product(id: $id) { id images { ${IMAGE} } } }`;

type Upload = { id: string; url: string; method: string; headers: { name: string; value: string }[]; expiresAt: string };

const createUpload = async (user: string, productId: string, contentType: string, bytes: number) => {
  const r = await call(user, CREATE, { p: productId, t: contentType, b: bytes });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.createImageUpload as { upload: Upload | null; userErrors: { code: string; field: string[] }[] };
};
/** The PUT a browser sends: the signed headers, and whatever body and type it likes. */
const put = (upload: Upload, body: Buffer, headers: Record<string, string> = {}) =>
  fetch(upload.url, { method: upload.method, headers: { ...Object.fromEntries(upload.headers.map((h) => [h.name, h.value])), ...headers }, body: new Uint8Array(body) });
const attach = async (user: string, productId: string, uploadId: string) => {
  const r = await call(user, ATTACH, { p: productId, u: uploadId });
  assert.equal(r.errors, undefined, JSON.stringify(r.errors));
  return r.data.attachProductImage;
};
/** Asks for an upload, PUTs the bytes as declared, and attaches them. */
const upload = async (productId: string, bytes: Buffer, contentType = 'image/jpeg', user = 'fruit-owner') => {
  const { upload: u, userErrors } = await createUpload(user, productId, contentType, bytes.length);
  assert.deepEqual(userErrors, []);
  assert.equal((await put(u!, bytes)).status, 200);
  return { uploadId: u!.id, attached: await attach(user, productId, u!.id) };
};

/** A phone photo: 1600×1200, with the camera's EXIF including where it was taken. */
const phonePhoto = () =>
  sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 220, g: 120, b: 40 } } })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 16/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 9/1 0/1' } })
    .toBuffer();
const smallPng = (shade: number) => sharp({ create: { width: 300, height: 200, channels: 3, background: { r: shade, g: 10, b: 10 } } }).png().toBuffer();

before(async () => {
  cfg = readConfig({ MONGODB_URI: dbUri, PORT: '0', GATEWAY_SECRET: env.gatewaySecret, KEYCLOAK_URL: env.keycloakUrl, NATS_URL: env.natsUrl, PROMOTIONS_URL: env.promotionsUrl, S3_ENDPOINT: env.s3Endpoint, LOG_LEVEL: 'warn' });
  svc = await bootSubgraph('merchants', cfg, schema, contextFactory(cfg));
  await seedSuiteAlliance(svc.connection);
});

after(async () => {
  await svc.connection.dropDatabase();
  await svc.stop();
});

describe('product photos on object storage', () => {
  test('a presigned PUT then attach makes WebP renditions at 200, 400 and 800 px, public, with no EXIF or GPS', async () => {
    const photo = await phonePhoto();
    const source = await sharp(photo).metadata();
    assert.ok(source.exif && source.exif.includes(Buffer.from('PhoneMaker')), 'the original carries EXIF');
    const { uploadId, attached } = await upload('p-fruit-01', photo);
    assert.deepEqual(attached.userErrors, []);
    const [image] = attached.product.images;
    assert.equal(attached.product.images.length, 1);
    assert.equal(image.id, uploadId);
    assert.deepEqual(
      image.renditions.map((r: any) => [r.width, r.height]),
      [
        [200, 150],
        [400, 300],
        [800, 600],
      ],
    );
    assert.deepEqual([image.url, image.width, image.height], [image.renditions[2].url, 800, 600], 'the largest is the fallback');
    assert.equal(image.srcset, image.renditions.map((r: any) => `${r.url} ${r.width}w`).join(', '));
    for (const r of image.renditions) {
      assert.match(r.url, new RegExp(`/public/demo/products/p-fruit-01/${uploadId}-${r.width}\\.webp$`));
      const res = await fetch(r.url); // anonymous, as a browser
      assert.equal(res.status, 200, r.url);
      assert.equal(res.headers.get('content-type'), 'image/webp');
      assert.match(res.headers.get('cache-control') ?? '', /immutable/);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['webp', r.width, r.height]);
      assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in any rendition');
      assert.equal(meta.xmp, undefined);
    }
    // The storefront's product (the projection) shows it; the audit log says who attached it.
    const shown = await call(null, PRODUCT, { id: 'p-fruit-01' });
    assert.deepEqual(shown.data.product.images, [image]);
    const audit = await new AuditLog(svc.connection).page('demo', 'm-fruit', 1, null);
    assert.deepEqual(
      audit.edges.map((e) => [e.node.action, e.node.actor, e.node.subjectId, e.node.after]),
      [['product.image-attached', 'fruit-owner', 'p-fruit-01', { images: [uploadId] }]],
    );
    // The raw upload (which held the GPS position) is gone; attaching it again gives the same photo, not two.
    const again = await attach('fruit-owner', 'p-fruit-01', uploadId);
    assert.deepEqual(again.userErrors, []);
    assert.deepEqual(again.product.images, [image]);
    assert.equal((await new AuditLog(svc.connection).page('demo', 'm-fruit', 5, null)).edges.length, 1, 'no second audit entry');
  });

  test('a photo is made upright by its EXIF orientation; a small one is never enlarged', async () => {
    const sideways = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#3a6' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { attached } = await upload('p-fruit-03', sideways);
    assert.deepEqual(attached.userErrors, []);
    assert.deepEqual(
      attached.product.images[0].renditions.map((r: any) => [r.width, r.height]),
      [
        [200, 400],
        [300, 600],
      ],
    );
  });

  test('storage refuses a PUT of another type or size than was signed; attach refuses bytes that are not a photo', async () => {
    const png = await smallPng(200);
    const { upload: typed } = await createUpload('fruit-owner', 'p-fruit-02', 'image/png', png.length);
    assert.equal((await put(typed!, png, { 'Content-Type': 'image/jpeg' })).status, 403, 'another content type');
    const bigger = Buffer.concat([png, Buffer.alloc(4096)]);
    assert.equal((await put(typed!, bigger)).status, 403, 'a body larger than declared');
    assert.equal((await put(typed!, png.subarray(0, png.length - 10))).status, 403, 'a body smaller than declared');
    assert.deepEqual((await attach('fruit-owner', 'p-fruit-02', typed!.id)).userErrors, [{ code: 'UPLOAD_NOT_FOUND', field: ['uploadId'] }], 'nothing was stored');

    const text = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/> this is not a PNG at all'.repeat(20));
    const { upload: fake } = await createUpload('fruit-owner', 'p-fruit-02', 'image/png', text.length);
    assert.equal((await put(fake!, text)).status, 200, 'storage checks only what it signed');
    const refused = await attach('fruit-owner', 'p-fruit-02', fake!.id);
    assert.deepEqual(refused.userErrors, [{ code: 'UNSUPPORTED_TYPE', field: ['uploadId'] }]);
    assert.deepEqual(refused.product.images, []);

    // What is asked for is checked before anything is signed.
    assert.deepEqual((await createUpload('fruit-owner', 'p-fruit-02', 'image/gif', 100)).userErrors, [{ code: 'UNSUPPORTED_TYPE', field: ['contentType'] }]);
    assert.deepEqual((await createUpload('fruit-owner', 'p-fruit-02', 'image/png', 10 * 1024 * 1024 + 1)).userErrors, [{ code: 'TOO_LARGE', field: ['bytes'] }]);
    assert.deepEqual((await createUpload('fruit-owner', 'p-fruit-02', 'image/png', 0)).userErrors, [{ code: 'INVALID_SIZE', field: ['bytes'] }]);
    assert.deepEqual((await createUpload('fruit-owner', 'p-nope', 'image/png', 10)).userErrors, [{ code: 'UNKNOWN_PRODUCT', field: ['productId'] }]);
  });

  test("only the product's shop uploads and attaches; a shopper uploads nothing; a suspended shop publishes no photo", async () => {
    assert.deepEqual(errorCodes(await call('bakery-owner', CREATE, { p: 'p-fruit-02', t: 'image/png', b: 10 })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('alice', CREATE, { p: 'p-fruit-02', t: 'image/png', b: 10 })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call(null, CREATE, { p: 'p-fruit-02', t: 'image/png', b: 10 })), ['UNAUTHENTICATED']);
    assert.deepEqual(errorCodes(await call('alice', CREATE_FILE, { m: 'm-fruit', u: 'PRODUCT_IMPORT', t: 'text/csv', b: 10 })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('bakery-owner', CREATE_FILE, { m: 'm-fruit', u: 'PRODUCT_IMAGE', t: 'image/png', b: 10 })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await call('fruit-owner', CREATE_FILE, { u: 'LICENCE_IMAGE', t: 'image/png', b: 10 })), ['FORBIDDEN'], 'licences are for admins');
    const file = async (user: string, vars: Record<string, unknown>) => (await call(user, CREATE_FILE, vars)).data.createFileUpload;
    assert.deepEqual((await file('admin', { u: 'LICENCE_IMAGE', t: 'image/jpeg', b: 10 })).userErrors, []);
    const sheet = await file('fruit-owner', { m: 'm-fruit', u: 'PRODUCT_IMPORT', t: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', b: 5000 });
    assert.deepEqual([sheet.upload.purpose, sheet.userErrors], ['PRODUCT_IMPORT', []]);
    assert.deepEqual((await file('fruit-owner', { m: 'm-fruit', u: 'PRODUCT_IMPORT', t: 'image/jpeg', b: 10 })).userErrors, [{ code: 'UNSUPPORTED_TYPE', field: ['contentType'] }]);
    assert.deepEqual((await file('fruit-owner', { u: 'PRODUCT_IMPORT', t: 'text/csv', b: 10 })).userErrors, [{ code: 'MERCHANT_REQUIRED', field: ['merchantId'] }]);
    // A sheet upload is not a photo, and a fruit photo upload is not the bakery's to attach.
    assert.deepEqual((await attach('fruit-owner', 'p-fruit-02', sheet.upload.id)).userErrors, [{ code: 'WRONG_UPLOAD', field: ['uploadId'] }]);
    const { upload: fruits } = await createUpload('fruit-owner', 'p-fruit-02', 'image/png', 10);
    assert.deepEqual(errorCodes(await call('bakery-owner', ATTACH, { p: 'p-fruit-02', u: fruits!.id })), ['FORBIDDEN']);
    assert.deepEqual((await attach('bakery-owner', 'p-bakery-01', fruits!.id)).userErrors, [{ code: 'UPLOAD_NOT_FOUND', field: ['uploadId'] }]);

    const shops = svc.connection.collection('merchants');
    await shops.updateOne({ _id: 'demo:m-fruit' } as never, { $set: { status: 'SUSPENDED', suspendedReason: 'test' } });
    try {
      assert.deepEqual((await createUpload('fruit-owner', 'p-fruit-02', 'image/png', 10)).userErrors, [{ code: 'SHOP_SUSPENDED', field: ['merchantId'] }]);
      assert.deepEqual((await file('fruit-owner', { m: 'm-fruit', u: 'PRODUCT_IMPORT', t: 'text/csv', b: 10 })).userErrors, [{ code: 'SHOP_SUSPENDED', field: ['merchantId'] }]);
      assert.deepEqual((await attach('fruit-owner', 'p-fruit-02', fruits!.id)).userErrors, [{ code: 'SHOP_SUSPENDED', field: ['merchantId'] }]);
    } finally {
      await shops.updateOne({ _id: 'demo:m-fruit' } as never, { $set: { status: 'ACTIVE' }, $unset: { suspendedReason: '' } });
    }
  });

  test('at most nine photos a product; one is removed by its id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 9; i++) {
      const { uploadId, attached } = await upload('p-fruit-04', await smallPng(20 * i), 'image/png');
      assert.deepEqual(attached.userErrors, [], `photo ${i + 1}`);
      ids.push(uploadId);
    }
    const { attached: tenth } = await upload('p-fruit-04', await smallPng(250), 'image/png');
    assert.deepEqual(tenth.userErrors, [{ code: 'TOO_MANY_IMAGES', field: ['productId'] }]);
    assert.deepEqual(
      tenth.product.images.map((i: any) => i.id),
      ids,
      'in the order attached',
    );
    const gone = tenth.product.images.find((i: any) => i.id === ids[3]).renditions.map((r: any) => r.url as string);
    for (const url of gone) assert.equal((await fetch(url)).status, 200, url);
    const removed = (await call('fruit-owner', REMOVE, { p: 'p-fruit-04', i: ids[3] })).data.removeProductImage;
    assert.deepEqual(removed.userErrors, []);
    assert.deepEqual(
      removed.product.images.map((i: any) => i.id),
      ids.filter((_, i) => i !== 3),
    );
    assert.deepEqual((await call('fruit-owner', REMOVE, { p: 'p-fruit-04', i: ids[3] })).data.removeProductImage.userErrors, [{ code: 'UNKNOWN_IMAGE', field: ['imageId'] }]);
    assert.deepEqual(errorCodes(await call('bakery-owner', REMOVE, { p: 'p-fruit-04', i: ids[0] })), ['FORBIDDEN']);
    const shown = await call(null, PRODUCT, { id: 'p-fruit-04' });
    assert.equal(shown.data.product.images.length, 8);
    // Its renditions are deleted; the others stay.
    // (S3 answers an anonymous read of a missing key with 404, or 403 where listing is not public.)
    for (const url of gone) assert.ok([403, 404].includes((await fetch(url)).status), `${url} is gone`);
    for (const url of shown.data.product.images.map((i: any) => i.url)) assert.equal((await fetch(url)).status, 200, url);
    const audit = await new AuditLog(svc.connection).page('demo', 'm-fruit', 1, null);
    assert.equal(audit.edges[0]!.node.action, 'product.image-removed');
  });

  test('working space is swept by age: uploads and exports older than a day go; photos and newer files stay', async () => {
    const storage = objectStorage(cfg);
    // Under a namespace of this test's own: the stack's bucket is shared with other suites' uploads.
    const ns = `sweep-it-${Date.now().toString(36)}`;
    const working = WORKING_PREFIXES.map((p) => `${p}${ns}/`);
    const keys = [`uploads/${ns}/never-attached`, `exports/${ns}/sheet.xlsx`];
    for (const key of [...keys, `public/${ns}/photo-200.webp`]) await storage.put(key, Buffer.from(key), 'application/octet-stream', 'no-store');
    assert.deepEqual(await sweepStorage(storage, Date.now(), { prefixes: working }), { listed: 2, deleted: 0 }, 'nothing a day old yet');
    for (const key of keys) assert.ok(await storage.head(key), key);
    // A day on (the clock of a sweep a day later): both go, in pages of one to walk the listing.
    assert.deepEqual(await sweepStorage(storage, Date.now() + 24 * 3_600_000 + 60_000, { prefixes: working, parallel: 1 }), { listed: 2, deleted: 2 });
    for (const key of keys) assert.equal(await storage.head(key), null, `${key} is gone`);
    assert.ok(await storage.head(`public/${ns}/photo-200.webp`), 'a photo is never working space');
    await storage.delete(`public/${ns}/photo-200.webp`);
  });
});

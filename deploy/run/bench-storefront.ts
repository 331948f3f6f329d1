/**
 * The storefront with photos on every card, as a phone on a weak network sees it: LCP before and after
 * the first two pages of products got photos (one run, same stack), the image bytes a storefront page
 * costs, and the server's time to attach a photo (upload check, three WebP renditions, storage).
 * Photos go in the way a shop adds them: a presigned PUT straight to storage, then attachProductImage.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { gql, getToken, type GqlResponse, type StackEndpoints } from '@alliance/testing';
import { measureStorefrontLcp, median, PHONE, type LcpRun } from './bench-lcp.js';
import { pct } from './bench-load.js';

const ALLIANCE = { allianceId: 'demo' };
const PAGES = 2;

/**
 * A bench-only shop owner of every shop, made with the development Keycloak's bootstrap admin (the
 * launcher's kcadmin): only this setup needs to act for all eight shops at once.
 */
async function ownerOfEveryShop(keycloakUrl: string, merchantIds: string[]): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username: 'kcadmin', password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'kcadmin' });
  const tokenRes = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, { method: 'POST', body: form });
  const admin = ((await tokenRes.json()) as { access_token: string }).access_token;
  const auth = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  const api = `${keycloakUrl}/admin/realms/alliance`;
  const username = `bench-owner-${randomUUID().slice(0, 8)}`;
  const created = await fetch(`${api}/users`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({ username, enabled: true, firstName: 'Bench', lastName: 'Owner', email: `${username}@demo.alliance.local`, emailVerified: true, attributes: { alliance_id: ['demo'], merchant_ids: merchantIds }, credentials: [{ type: 'password', value: 'demo1234', temporary: false }] }),
  });
  if (created.status !== 201) throw new Error(`Keycloak did not make the bench owner: ${created.status} ${await created.text()}`);
  const id = created.headers.get('location')!.split('/').at(-1)!;
  const role = await (await fetch(`${api}/roles/merchant-owner`, { headers: auth })).json();
  const mapped = await fetch(`${api}/users/${id}/role-mappings/realm`, { method: 'POST', headers: auth, body: JSON.stringify([role]) });
  if (!mapped.ok) throw new Error(`Keycloak did not give the bench owner its role: ${mapped.status}`);
  return getToken(keycloakUrl, username);
}

/** A phone-camera-like photo: 1600×1200 JPEG, a gradient with noise (so it compresses like a photo) and the product's name. */
async function photoOf(name: string, hue: number): Promise<Buffer> {
  const w = 1600;
  const h = 1200;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,75%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},60%,45%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${w / 2}" cy="${h / 2}" r="380" fill="hsl(${hue},80%,60%)" opacity="0.85"/>
    <text x="50%" y="92%" font-size="96" text-anchor="middle" font-family="Noto Sans CJK SC, sans-serif" fill="#fff">${name.replace(/[<&>]/g, '')}</text></svg>`;
  const noise = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } }).png().toBuffer();
  return sharp(Buffer.from(svg)).composite([{ input: noise, blend: 'overlay' }]).jpeg({ quality: 85 }).toBuffer();
}

interface StorefrontRow {
  id: string;
  name: string;
  merchant: { id: string };
  images: { id: string }[];
}

async function must<T>(p: Promise<GqlResponse<T>>, what: string): Promise<T> {
  const r = await p;
  if (r.errors?.length || !r.data) throw new Error(`${what}: ${JSON.stringify(r.errors ?? r.status)}`);
  return r.data;
}

function lcpLine(label: string, runs: LcpRun[]): string {
  const lcp = median(runs.map((r) => r.lcpMs));
  const img = median(runs.map((r) => r.imageBytes));
  const total = median(runs.map((r) => r.totalBytes));
  const reqs = median(runs.map((r) => r.imageRequests));
  const el = runs.find((r) => r.lcpMs === lcp)?.lcpElement ?? '';
  return `  ${label.padEnd(28)} LCP p50 ${String(lcp).padStart(5)} ms (runs ${runs.map((r) => r.lcpMs).join(', ')})   images ${(img / 1024).toFixed(0).padStart(4)} KB in ${reqs} requests   page ${(total / 1024).toFixed(0).padStart(4)} KB   LCP element: ${el}`;
}

export async function benchStorefrontPhotos(stack: StackEndpoints, loads = 5): Promise<string> {
  const page = await must(
    gql<{ storefront: { edges: { node: StorefrontRow }[] } }>(stack.gatewayUrl, `query { storefront(first: ${24 * PAGES}) { edges { node { id name merchant { id } images { id } } } } }`, {}, ALLIANCE),
    'storefront',
  );
  const products = page.storefront.edges.map((e) => e.node);
  const before = await measureStorefrontLcp(stack.portalUrl, loads);

  const token = await ownerOfEveryShop(stack.keycloakUrl, [...new Set(products.map((p) => p.merchant.id))]);
  const attachMs: number[] = [];
  let photoBytes = 0;
  for (const [i, p] of products.entries()) {
    if (p.images.length) continue;
    const photo = await photoOf(p.name, (i * 47) % 360);
    photoBytes += photo.length;
    const up = await must(
      gql<{ createImageUpload: { upload: { id: string; url: string; headers: { name: string; value: string }[] } | null; userErrors: unknown[] } }>(
        stack.gatewayUrl,
        'mutation($p: ID!, $t: String!, $b: Int!) { createImageUpload(productId: $p, contentType: $t, bytes: $b) { upload { id url headers { name value } } userErrors { code message } } }',
        { p: p.id, t: 'image/jpeg', b: photo.length },
        { ...ALLIANCE, token },
      ),
      'createImageUpload',
    );
    if (!up.createImageUpload.upload) throw new Error(`createImageUpload refused: ${JSON.stringify(up.createImageUpload.userErrors)}`);
    const { id: uploadId, url, headers } = up.createImageUpload.upload;
    const put = await fetch(url, { method: 'PUT', headers: Object.fromEntries(headers.map((h) => [h.name, h.value])), body: new Uint8Array(photo) });
    if (!put.ok) throw new Error(`storage refused the presigned PUT: ${put.status}`);
    const started = performance.now();
    const attached = await must(
      gql<{ attachProductImage: { userErrors: unknown[] } }>(stack.gatewayUrl, 'mutation($p: ID!, $u: ID!) { attachProductImage(productId: $p, uploadId: $u) { userErrors { code message } } }', { p: p.id, u: uploadId }, { ...ALLIANCE, token }),
      'attachProductImage',
    );
    attachMs.push(performance.now() - started);
    if (attached.attachProductImage.userErrors.length) throw new Error(`attach refused: ${JSON.stringify(attached.attachProductImage.userErrors)}`);
  }
  const after = await measureStorefrontLcp(stack.portalUrl, loads);
  const sorted = attachMs.sort((a, b) => a - b);
  const ratio = median(after.map((r) => r.lcpMs)) / median(before.map((r) => r.lcpMs));
  return `
Storefront on a throttled phone (${PHONE.rttMs} ms RTT, ${PHONE.downKbps / 1000} Mbps down, ${PHONE.cpuSlowdown}× CPU slowdown, ${PHONE.viewport.width}×${PHONE.viewport.height} @${PHONE.deviceScaleFactor}x; ${loads} cold loads each, headless Chromium):
${lcpLine('letter tiles (no photos)', before)}
${lcpLine(`photos on the first ${products.length} cards`, after)}
  LCP with photos / without: ${ratio.toFixed(2)}×
Attaching a phone photo (1600×1200 JPEG, ${(photoBytes / Math.max(1, attachMs.length) / 1024).toFixed(0)} KB average; type check, 3 WebP renditions, storage), through the gateway:
  ${attachMs.length} photos: p50 ${pct(sorted, 50).toFixed(0)} ms, p95 ${pct(sorted, 95).toFixed(0)} ms
`;
}

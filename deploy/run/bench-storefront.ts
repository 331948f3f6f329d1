/**
 * The storefront with photos on every card, as a phone on a weak network sees it: LCP before and after
 * the first two pages of products got photos (one run, same stack), the image bytes a storefront page
 * costs, and the server's time to attach a photo (upload check, three WebP renditions, storage).
 * Photos go in the way a shop adds them: a presigned PUT straight to storage, then attachProductImage.
 */
import { gql, type GqlResponse, type StackEndpoints } from '@alliance/testing';
import { createTestUser } from '@alliance/testing/fixtures';
import { formatWaterfall, measureStorefrontLcp, median, PHONE, type LcpRun } from './bench-lcp.js';
import { pct } from './bench-load.js';
import { phonePhoto } from './bench-photo.js';

const ALLIANCE = { allianceId: 'demo' };
const PAGES = 2;

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
  const run = runs.find((r) => r.lcpMs === lcp);
  const el = run?.lcpElement ?? '';
  const waterfall = process.env.BENCH_LCP_WATERFALL === '1' && run ? `\n  the median load's requests (sent → response → done):\n${formatWaterfall(run.waterfall)}` : '';
  return `  ${label.padEnd(28)} LCP p50 ${String(lcp).padStart(5)} ms (runs ${runs.map((r) => r.lcpMs).join(', ')})   images ${(img / 1024).toFixed(0).padStart(4)} KB in ${reqs} requests   page ${(total / 1024).toFixed(0).padStart(4)} KB   LCP element: ${el}${waterfall}`;
}

/** The first pages' products, with whether each has a photo yet. */
export async function storefrontProducts(stack: Pick<StackEndpoints, 'gatewayUrl'>): Promise<StorefrontRow[]> {
  const page = await must(
    gql<{ storefront: { edges: { node: StorefrontRow }[] } }>(stack.gatewayUrl, `query { storefront(first: ${24 * PAGES}) { edges { node { id name merchant { id } images { id } } } } }`, {}, ALLIANCE),
    'storefront',
  );
  return page.storefront.edges.map((e) => e.node);
}

/**
 * A phone photo on every product of `products` that has none, the way a shop adds one (a presigned PUT
 * straight to storage, then attachProductImage): the attach times, and the photos' bytes.
 */
export async function attachBenchPhotos(stack: Pick<StackEndpoints, 'gatewayUrl' | 'keycloakUrl'>, products: readonly StorefrontRow[]): Promise<{ attachMs: number[]; photoBytes: number }> {
  // A bench-only owner of every shop on the first pages: only this setup acts for all of them at once.
  const owner = await createTestUser(stack, 'bench-owner', { firstName: 'Bench', lastName: 'Owner' }, { roles: ['merchant-owner'], merchantIds: [...new Set(products.map((p) => p.merchant.id))] });
  const attachMs: number[] = [];
  let photoBytes = 0;
  try {
    for (const [i, p] of products.entries()) {
      if (p.images.length) continue;
      const photo = await phonePhoto(1600, 1200, { hue: (i * 47) % 360, caption: p.name });
      photoBytes += photo.length;
      const token = await owner.token();
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
  } finally {
    await owner.remove();
  }
  return { attachMs, photoBytes };
}

export async function benchStorefrontPhotos(stack: StackEndpoints, loads = 5): Promise<string> {
  const products = await storefrontProducts(stack);
  const before = await measureStorefrontLcp(stack.portalUrl, loads);
  const { attachMs, photoBytes } = await attachBenchPhotos(stack, products);
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

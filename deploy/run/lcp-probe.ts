/**
 * `npm run bench:lcp-probe`: the storefront's phone LCP against the stack `npm start` runs, with each
 * load's requests and main-thread tasks, for working on the page's speed between full `npm run bench`
 * runs (which start a stack of their own each time). Puts a bench photo on the first pages' products
 * that have none, once. LCP_PROBE_LOADS (default 5), PORTAL_URL, GATEWAY_URL and KEYCLOAK_URL as
 * `npm start` prints them.
 */
import { formatWaterfall, measureStorefrontLcp, median } from './bench-lcp.js';
import { attachBenchPhotos, storefrontProducts } from './bench-storefront.js';

const stack = {
  portalUrl: process.env.PORTAL_URL ?? 'http://localhost:3000',
  gatewayUrl: process.env.GATEWAY_URL ?? 'http://localhost:4000/graphql',
  keycloakUrl: process.env.KEYCLOAK_URL ?? 'http://localhost:8080',
};
const loads = Number(process.env.LCP_PROBE_LOADS ?? 5);

const products = await storefrontProducts(stack);
const missing = products.filter((p) => !p.images.length);
if (missing.length) {
  console.log(`Putting a photo on ${missing.length} products…`);
  await attachBenchPhotos(stack, missing);
}
const runs = await measureStorefrontLcp(stack.portalUrl, loads, true);
for (const [i, r] of runs.entries()) {
  console.log(`\nload ${i + 1}: LCP ${r.lcpMs} ms, ${r.lcpElement}; page ${(r.totalBytes / 1024).toFixed(0)} KB, images ${(r.imageBytes / 1024).toFixed(0)} KB`);
  console.log(formatWaterfall(r.waterfall.filter((w) => w.startMs <= r.lcpMs)));
  console.log('  main thread:');
  console.log(r.mainThread);
}
console.log(`\nLCP p50 ${median(runs.map((r) => r.lcpMs))} ms (runs ${runs.map((r) => r.lcpMs).join(', ')})`);

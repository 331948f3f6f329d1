/**
 * Storefront Largest Contentful Paint on a throttled phone, in real headless Chromium: the network
 * of a weak 4G link (150 ms round trip, 1.6 Mbps down, 750 kbps up) and a 4× slower CPU, emulated
 * through the DevTools protocol, a 390×844 phone viewport at DPR 3. Every load is cold (a new
 * browser context: no HTTP cache, no service worker). Bounded: a fixed number of loads.
 */
import { chromium, type Browser, type CDPSession } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PHONE = {
  rttMs: 150,
  downKbps: 1600,
  upKbps: 750,
  cpuSlowdown: 4,
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
};

export interface LcpRun {
  lcpMs: number;
  /** What the LCP element was (tag and, for an image, which rendition the browser chose). */
  lcpElement: string;
  /** Bytes of images on the wire for the page, and how many were requested (lazy ones below the fold are not). */
  imageBytes: number;
  imageRequests: number;
  /** Bytes of everything on the wire. */
  totalBytes: number;
  /** Each request: when it was sent and finished (ms from navigation), its priority and bytes. */
  waterfall: WaterfallRow[];
  /** With `trace`: the page's main-thread tasks up to LCP, what each spent its time on. */
  mainThread?: string;
}

export interface WaterfallRow {
  url: string;
  type: string;
  priority: string;
  startMs: number;
  responseMs: number;
  endMs: number;
  bytes: number;
}

/** The rows as a table for the bench's output (BENCH_LCP_WATERFALL=1): what shares the phone's link when. */
export function formatWaterfall(rows: readonly WaterfallRow[]): string {
  return [...rows]
    .sort((a, b) => a.startMs - b.startMs)
    .map((r) => `    ${String(r.startMs).padStart(5)} → ${String(r.responseMs).padStart(5)} → ${String(r.endMs).padStart(5)} ms  ${(r.bytes / 1024).toFixed(1).padStart(6)} KB  ${r.priority.padEnd(8)} ${r.type.padEnd(10)} ${r.url.replace(/^https?:\/\/[^/]+/, '').slice(0, 90)}`)
    .join('\n');
}

async function throttle(cdp: CDPSession): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: PHONE.rttMs,
    downloadThroughput: (PHONE.downKbps * 1000) / 8,
    uploadThroughput: (PHONE.upKbps * 1000) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuSlowdown });
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; documentLoaderURL?: string } };
}

/**
 * The renderer main thread's tasks of 10 ms or more until `untilMs` (ms from navigation), each with
 * the events that took most of it: where a phone's slow CPU keeps a photo that has arrived from being
 * painted.
 */
export function mainThreadTasks(trace: { traceEvents: TraceEvent[] }, untilMs: number): string {
  const events = trace.traceEvents;
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const nav = events.find((e) => e.name === 'navigationStart' && mains.some((m) => m.pid === e.pid && m.tid === e.tid) && e.args?.data?.documentLoaderURL?.startsWith('http'));
  if (!nav) return '    (no navigation in the trace)';
  const onMain = events.filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === 'X' && e.dur !== undefined);
  const ms = (us: number) => Math.round((us - nav.ts) / 1000);
  const lines: string[] = [];
  let busy = 0;
  for (const task of onMain.filter((e) => e.name === 'RunTask' && ms(e.ts) <= untilMs)) {
    if (task.dur! < 10_000) continue;
    busy += task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= task.ts + task.dur! && e.dur! >= 2_000 && e.name !== 'RunTask');
    const what = inside
      .filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!))
      .map((e) => `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split('/').pop()!.slice(0, 28)}` : ''} ${Math.round(e.dur! / 1000)}`)
      .join(', ');
    lines.push(`    ${String(ms(task.ts)).padStart(5)} ms  ${String(Math.round(task.dur! / 1000)).padStart(4)} ms  ${what}`);
  }
  return `${lines.join('\n')}\n    busy in tasks of 10 ms or more until ${untilMs} ms: ${Math.round(busy / 1000)} ms`;
}

/** One cold load of `url`: LCP as the page's own PerformanceObserver reports it, and the bytes it took. */
async function oneLoad(browser: Browser, url: string, trace = false): Promise<LcpRun> {
  const context = await browser.newContext({ viewport: PHONE.viewport, deviceScaleFactor: PHONE.deviceScaleFactor, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await throttle(cdp);
    const rows = new Map<string, WaterfallRow>();
    let navigationStart = 0;
    const sinceStart = (seconds: number) => Math.round(seconds * 1000 - navigationStart);
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; timestamp: number; type?: string; request: { url: string; initialPriority: string } }) => {
      if (!navigationStart) navigationStart = e.timestamp * 1000;
      rows.set(e.requestId, { url: e.request.url, type: e.type ?? '', priority: e.request.initialPriority, startMs: sinceStart(e.timestamp), responseMs: 0, endMs: 0, bytes: 0 });
    });
    cdp.on('Network.responseReceived', (e: { requestId: string; timestamp: number; type: string }) => {
      const row = rows.get(e.requestId);
      if (row) Object.assign(row, { responseMs: sinceStart(e.timestamp), type: e.type });
    });
    let imageBytes = 0;
    let imageRequests = 0;
    let totalBytes = 0;
    cdp.on('Network.loadingFinished', (e: { requestId: string; timestamp: number; encodedDataLength: number }) => {
      totalBytes += e.encodedDataLength;
      const row = rows.get(e.requestId);
      if (row) Object.assign(row, { endMs: sinceStart(e.timestamp), bytes: e.encodedDataLength });
      if (row?.type === 'Image') {
        imageBytes += e.encodedDataLength;
        imageRequests += 1;
      }
    });
    // Registered before any script of the page runs, so no LCP entry is missed.
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: { ms: number; el: string } };
      w.__lcp = { ms: 0, el: '' };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { element?: Element | null; url?: string; loadTime?: number })[]) {
          const el = e.element;
          // For an image, when it had arrived: the rest up to LCP is the main thread's delay in painting it.
          const src = el instanceof HTMLImageElement ? ` ${el.currentSrc.split('/').pop()} (arrived ${Math.round(e.loadTime ?? 0)} ms)` : '';
          w.__lcp = { ms: e.startTime, el: `${el?.tagName.toLowerCase() ?? '?'}${src}` };
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    if (trace) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'loading', 'v8.execute'] });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    // LCP is final at the first input or when the page is hidden; a settled page after load is enough here.
    await page.waitForTimeout(1500);
    const lcp = await page.evaluate(() => (window as unknown as { __lcp: { ms: number; el: string } }).__lcp);
    const mainThread = trace ? mainThreadTasks(JSON.parse((await browser.stopTracing()).toString('utf8')), Math.round(lcp.ms)) : undefined;
    return { lcpMs: Math.round(lcp.ms), lcpElement: lcp.el, imageBytes, imageRequests, totalBytes, waterfall: [...rows.values()], mainThread };
  } finally {
    await context.close();
  }
}

/** `trace`: also record each measured load's main thread (LcpRun.mainThread). */
export async function measureStorefrontLcp(portalUrl: string, loads = 5, trace = false): Promise<LcpRun[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run'] });
  try {
    // The portal's first renders of the page (server caches, JIT), not measured: a cold portal made the
    // first measured loads up to twice as slow as the rest.
    for (let i = 0; i < 3; i++) await oneLoad(browser, portalUrl);
    const runs: LcpRun[] = [];
    for (let i = 0; i < loads; i++) runs.push(await oneLoad(browser, portalUrl, trace));
    return runs;
  } finally {
    await browser.close();
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

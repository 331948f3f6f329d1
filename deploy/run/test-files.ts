import { readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

const SKIP = new Set(['node_modules', '.next', '.data', '.git', 'test-results']);

/**
 * Test tiers are named by file: `*.integration.test.ts` (a real database), `*.api.test.ts` (the
 * gateway with real tokens), `*.e2e.test.ts` (headless Chromium). Every other `*.test.ts` is a unit
 * test: pure, or at most spawning a short-lived process, and it needs no stack.
 */
const NEEDS_STACK = /\.(integration|api|e2e)\.test\.ts$/;

export function findTests(dir = REPO_ROOT, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(path.relative(REPO_ROOT, p));
  }
  return out;
}

export const isUnitTest = (file: string): boolean => !NEEDS_STACK.test(file);

/** Unit tests first, end-to-end last, each tier in name order. */
export function tierOrder(a: string, b: string): number {
  const rank = (f: string) => (isUnitTest(f) ? 0 : f.includes('.e2e.') ? 2 : 1);
  return rank(a) - rank(b) || a.localeCompare(b);
}

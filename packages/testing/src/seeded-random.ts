/**
 * mulberry32: a small seeded PRNG for property tests, so a failure names the seed that replays it
 * exactly. No I/O, no dependency.
 */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const chance = (p: number) => next() < p;
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = xs.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  const subset = <T>(xs: readonly T[], min: number, max: number): T[] => shuffle(xs).slice(0, int(min, Math.min(max, xs.length)));
  return { next, int, pick, chance, shuffle, subset };
}
export type SeededRandom = ReturnType<typeof seededRandom>;

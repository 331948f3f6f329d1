/**
 * The photo part of `npm run bench`: the server's time to make the WebP renditions of one phone photo
 * (a 4032×3024 JPEG, 12 MP, as a phone camera takes it) and the bytes of each rendition. Pure sharp,
 * no stack: the same `makeRenditions` an attach runs (decode check, upright, 200/400/800 px, no
 * metadata). Bounded: a fixed number of runs.
 */
import sharp from 'sharp';
import { makeRenditions } from '../../subgraphs/merchants/src/media/renditions.js';
import { phonePhoto } from './bench-photo.js';

const RUNS = Number(process.env.BENCH_MEDIA_RUNS ?? 10);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export interface MediaBenchFigures {
  photoBytes: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  renditions: { width: number; height: number; bytes: number }[];
}

export async function measureRenditions(runs = RUNS): Promise<MediaBenchFigures> {
  const photo = await phonePhoto();
  const times: number[] = [];
  let renditions: MediaBenchFigures['renditions'] = [];
  await makeRenditions(photo); // warm-up: libvips loads its codecs once
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const made = await makeRenditions(photo);
    times.push(performance.now() - started);
    if ('error' in made) throw new Error(`renditions failed: ${made.error.message}`);
    renditions = made.renditions.map((r) => ({ width: r.width, height: r.height, bytes: r.data.length }));
  }
  return { photoBytes: photo.length, medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times), renditions };
}

/** The report's lines: what `npm run bench` prints and the README quotes. */
export async function benchMedia(): Promise<string> {
  const f = await measureRenditions();
  return `
Product photo renditions (one 4032×3024 phone JPEG, ${kb(f.photoBytes)}; decode check, upright, 3 WebP sizes, no metadata; ${RUNS} runs, sharp ${sharp.versions.sharp} / libvips ${sharp.versions.vips})
  time per photo: median ${f.medianMs.toFixed(0)} ms (min ${f.minMs.toFixed(0)}, max ${f.maxMs.toFixed(0)})
${f.renditions.map((r) => `  ${r.width}×${r.height} WebP: ${kb(r.bytes)}`).join('\n')}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchMedia());
}

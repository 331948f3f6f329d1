import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CACHE_DIR } from './paths.js';

/**
 * A writable copy of a Go module's source from the Go proxy, under the cache's src/ folder: for the
 * modules a plain `go install` cannot build (FerretDB needs a generated version file, SeaweedFS has
 * replace directives). The module cache itself is read-only, hence the copy.
 */
export function goModuleSource(module: string, version: string, name: string): string {
  const dl = spawnSync('go', ['mod', 'download', '-json', `${module}@${version}`], { encoding: 'utf8' });
  if (dl.status !== 0) throw new Error(`go mod download failed:\n${dl.stderr || dl.stdout}`);
  const dir = (JSON.parse(dl.stdout) as { Dir: string }).Dir;
  const src = path.join(CACHE_DIR, 'src', `${name}-${version}`);
  rmSync(src, { recursive: true, force: true });
  mkdirSync(path.dirname(src), { recursive: true });
  cpSync(dir, src, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', src]);
  return src;
}

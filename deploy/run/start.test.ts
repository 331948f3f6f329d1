/** The launcher fails fast and clearly instead of half-starting the stack. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';
import { DEV_PORTS } from './stack.js';
import { portInUse } from './prereqs.js';

const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');

test('a taken port stops `npm start` with a clear message and a non-zero exit', async (t) => {
  // Hold the members port ourselves, unless something (a running `npm start`) already does.
  let holder: net.Server | null = null;
  if (!(await portInUse(DEV_PORTS.members))) {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder!.listen(DEV_PORTS.members, '127.0.0.1', resolve));
  }
  t.after(() => holder?.close());
  const r = spawnSync(tsx, ['deploy/run/start.ts'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`already in use: .*${DEV_PORTS.members} \\(members\\)`));
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
});

test('a missing prerequisite is named', (t) => {
  // A PATH with node alone: no Go, Java or Maven, and no existing servers configured.
  const bin = mkdtempSync(path.join(os.tmpdir(), 'alliance-path-'));
  t.after(() => rmSync(bin, { recursive: true, force: true }));
  symlinkSync(process.execPath, path.join(bin, 'node'));
  const env = { ...process.env, PATH: bin, MONGODB_URI: '', NATS_URL: '', KEYCLOAK_URL: '' };
  const r = spawnSync(process.execPath, [tsx, 'deploy/run/start.ts'], { cwd: REPO_ROOT, encoding: 'utf8', env, timeout: 60_000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /Missing prerequisites/);
  assert.match(r.stderr, /Go \(to build FerretDB, nats-server and SeaweedFS once\)/);
  assert.match(r.stderr, /Java 17\+/);
  assert.match(r.stderr, /Maven/);
});

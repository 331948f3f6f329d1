import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { LaunchError } from './log.js';

function version(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return `${r.stdout}${r.stderr}`;
}

/** Fails with one clear message naming every missing tool. */
export function checkPrerequisites(need: { go: boolean; java: boolean }): void {
  const missing: string[] = [];
  if (need.go && !version('go', ['version'])) missing.push('Go (to build FerretDB, nats-server and SeaweedFS once): install Go 1.24+, or set MONGODB_URI, NATS_URL and S3_ENDPOINT to existing servers');
  if (need.java) {
    const out = version('java', ['-version']);
    const major = out ? Number(/version "(\d+)/.exec(out)?.[1] ?? 0) : 0;
    if (major < 17) missing.push(`Java 17+ (to run Keycloak)${out ? `: found Java ${major}` : ''}; or set KEYCLOAK_URL to an existing Keycloak`);
    if (!version('mvn', ['-v'])) missing.push('Maven (to download Keycloak from Maven Central once); or set KEYCLOAK_URL');
  }
  if (missing.length) throw new LaunchError(`Missing prerequisites:\n  - ${missing.join('\n  - ')}`);
}

/** True when something accepts connections on the port (IPv4 loopback). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ port, host: '127.0.0.1' });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve(false);
    });
    sock.once('error', () => resolve(false));
  });
}

export async function requireFreePorts(ports: Record<string, number>): Promise<void> {
  const taken: string[] = [];
  for (const [what, port] of Object.entries(ports)) if (await portInUse(port)) taken.push(`${port} (${what})`);
  if (taken.length) {
    throw new LaunchError(`Port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}. Stop whatever is listening there (is another \`npm start\` running?) and try again.`);
  }
}

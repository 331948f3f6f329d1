/** Launcher output: short progress lines people can follow while the first run provisions. */
const colors: Record<string, string> = { ferretdb: '36', keycloak: '35', merchants: '32', members: '34', promotions: '95', commissions: '94', gateway: '33', web: '96', seed: '90', test: '37' };

export function step(message: string): void {
  process.stdout.write(`\x1b[1m▸\x1b[0m ${message}\n`);
}

export function prefixFor(name: string): string {
  const c = colors[name] ?? '37';
  return process.stdout.isTTY ? `\x1b[${c}m${name.padEnd(9)}\x1b[0m│ ` : `${name.padEnd(9)}| `;
}

export class LaunchError extends Error {}

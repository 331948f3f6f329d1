/** Opaque cursors: clients page with them but must not build them. */
export function encodeCursor(key: string): string {
  return Buffer.from(`c:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  return raw.startsWith('c:') && raw.length > 2 ? raw.slice(2) : null;
}

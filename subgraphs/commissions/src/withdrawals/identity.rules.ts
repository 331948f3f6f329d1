import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { UserError } from '@alliance/runtime/domain-error';

/**
 * A member's payout identity: her real name and resident ID number, needed before a first withdrawal
 * (the payout goes to that person and the tax is withheld in her name). Stored encrypted, shown masked;
 * only the payout file decrypts.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** A mainland resident ID (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X). */
export function isResidentId(raw: string): boolean {
  const id = raw.toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(id[i]), 0);
  return CHECK[sum % 11] === id[17];
}

/** Letters of any script, with the middle dot, spaces, dots, hyphens and apostrophes of foreign names. */
const NAME = /^\p{L}[\p{L}\p{M}·• .'-]{0,49}$/u;

export function identityProblems(realName: string, idNumber: string): UserError[] {
  const out: UserError[] = [];
  if (!NAME.test(realName.trim())) out.push({ code: 'INVALID_REAL_NAME', message: 'the name on the ID card', field: ['realName'] });
  if (!isResidentId(idNumber.trim())) out.push({ code: 'INVALID_ID_NUMBER', message: 'an 18-character resident ID number with a valid check digit', field: ['idNumber'] });
  return out;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the first character only. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 110101199003074514 → 1101**********4514: the region and the last four. */
export function maskIdNumber(id: string): string {
  const v = id.trim().toUpperCase();
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/**
 * AES-256-GCM with a random 96-bit nonce; the owner (alliance and subject) is the associated data, so
 * a ciphertext copied to another member's record does not decrypt. `v1.<nonce>.<tag>.<ciphertext>`.
 */
export function sealField(key: Buffer, owner: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(owner, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openField(key: Buffer, owner: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed field');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(owner, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/**
 * The cryptography of WeChat Pay API v3, in one place: the production adapter and the development
 * sandbox (which plays WeChat's side) both use these, so the sandbox exercises the real checks.
 * https://pay.weixin.qq.com/doc/v3/partner/4012365342 (signing), 4013059044 (verifying), 4012071382 (decrypting).
 */
import { constants, createCipheriv, createDecipheriv, createSign, createVerify, publicEncrypt, randomBytes } from 'node:crypto';

/** WeChat refuses, and so do we, messages signed more than 5 minutes away from our clock. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
export const AUTH_SCHEMA = 'WECHATPAY2-SHA256-RSA2048';

/** A nonce of [0-9A-Z], 32 characters, as WeChat's own SDKs make them. */
export function randomNonce(length = 32): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const bytes = randomBytes(length);
  let out = '';
  // 256 % 36 is not 0, so the first letters are slightly likelier; a nonce needs uniqueness, not uniformity.
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** RSA-SHA256, PKCS#1 v1.5, base64: how both sides sign in API v3. */
export function rsaSign(message: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(message, 'utf8').sign(privateKeyPem, 'base64');
}

export function rsaVerify(message: string, signatureBase64: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(message, 'utf8').verify(publicKeyPem, signatureBase64, 'base64');
  } catch {
    return false;
  }
}

/** The lines signed for a request: every line, the last included, ends in `\n`; an empty body is an empty line. */
export function requestSigningMessage(method: string, pathWithQuery: string, timestamp: string, nonce: string, body: string): string {
  return `${method.toUpperCase()}\n${pathWithQuery}\n${timestamp}\n${nonce}\n${body}\n`;
}

/** The lines WeChat signs on its responses and callbacks. */
export function responseSigningMessage(timestamp: string, nonce: string, body: string): string {
  return `${timestamp}\n${nonce}\n${body}\n`;
}

export interface MerchantCredentials {
  mchId: string;
  serialNo: string;
  privateKeyPem: string;
}

/** The Authorization header value of one request, signed with the merchant's API certificate key. */
export function authorizationHeader(
  creds: MerchantCredentials,
  method: string,
  pathWithQuery: string,
  body: string,
  /** Unix seconds from the one clock. */
  timestamp: string,
  nonce: string = randomNonce(),
): string {
  const signature = rsaSign(requestSigningMessage(method, pathWithQuery, timestamp, nonce, body), creds.privateKeyPem);
  return `${AUTH_SCHEMA} mchid="${creds.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${creds.serialNo}"`;
}

/** Reads an Authorization header back into its fields (the verifying side: tests, the sandbox). */
export function parseAuthorizationHeader(value: string): Record<string, string> | null {
  if (!value.startsWith(`${AUTH_SCHEMA} `)) return null;
  const fields: Record<string, string> = {};
  for (const m of value.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) fields[m[1]!] = m[2]!;
  return fields;
}

/** Platform public keys by serial: a fixed map, or a lookup (e.g. a certificate cache that downloads new ones). */
export type PlatformKeys =
  | ReadonlyMap<string, string>
  | ((serial: string) => string | undefined | Promise<string | undefined>);

async function platformKey(keys: PlatformKeys, serial: string): Promise<string | undefined> {
  return typeof keys === 'function' ? keys(serial) : keys.get(serial);
}

/** The four headers WeChat signs with, read case-insensitively (Node lower-cases them, fetch too). */
export function wechatSignatureHeaders(headers: Record<string, string | undefined>): {
  timestamp?: string; nonce?: string; signature?: string; serial?: string;
} {
  const lower: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(headers)) lower[k.toLowerCase()] = v;
  return {
    timestamp: lower['wechatpay-timestamp'],
    nonce: lower['wechatpay-nonce'],
    signature: lower['wechatpay-signature'],
    serial: lower['wechatpay-serial'],
  };
}

export type SignatureCheck =
  | { ok: true; serial: string }
  | { ok: false; code: 'MISSING_SIGNATURE_HEADERS' | 'UNKNOWN_SERIAL' | 'STALE_TIMESTAMP' | 'SIGNATURE_MALFORMED' | 'SIGNATURE_INVALID'; message: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a response or callback signed by WeChat: known serial, fresh timestamp, then the RSA
 * signature over `timestamp\nnonce\nbody\n`. Returns a coded result rather than throwing, so each
 * caller raises its own kind of error. The body must be the exact bytes received, not re-serialized.
 */
export async function verifyWechatSignature(
  headers: Record<string, string | undefined>,
  body: string,
  keys: PlatformKeys,
  now: Date,
): Promise<SignatureCheck> {
  const { timestamp, nonce, signature, serial } = wechatSignatureHeaders(headers);
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, code: 'MISSING_SIGNATURE_HEADERS', message: 'Wechatpay-Timestamp, -Nonce, -Signature and -Serial are required' };
  }
  const publicKeyPem = await platformKey(keys, serial);
  if (!publicKeyPem) return { ok: false, code: 'UNKNOWN_SERIAL', message: `no platform key with serial ${serial}` };
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp));
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return { ok: false, code: 'STALE_TIMESTAMP', message: `signed ${skew}s away from our clock (limit ${MAX_CLOCK_SKEW_SECONDS}s)` };
  }
  // RSA-2048 signatures are 256 bytes: 344 base64 characters. WeChat's probes (WECHATPAY/SIGNTEST/…) land here too.
  if (!BASE64.test(signature) || Buffer.from(signature, 'base64').length !== 256) {
    return { ok: false, code: 'SIGNATURE_MALFORMED', message: 'Wechatpay-Signature is not a base64 RSA-2048 signature' };
  }
  if (!rsaVerify(responseSigningMessage(timestamp, nonce, body), signature, publicKeyPem)) {
    return { ok: false, code: 'SIGNATURE_INVALID', message: 'Wechatpay-Signature does not verify' };
  }
  return { ok: true, serial };
}

/** Signs a body as WeChat does (the sandbox's side): the headers to send with it. */
export function wechatSignatureHeadersFor(body: string, platform: { serial: string; privateKeyPem: string }, now: Date, nonce = randomNonce()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': rsaSign(responseSigningMessage(timestamp, nonce, body), platform.privateKeyPem),
    'Wechatpay-Serial': platform.serial,
  };
}

export interface EncryptedResource {
  algorithm: 'AEAD_AES_256_GCM';
  ciphertext: string;
  associated_data: string;
  nonce: string;
  original_type?: string;
}

const TAG_BYTES = 16;

function aesKey(apiV3Key: string | Buffer): Buffer {
  const key = typeof apiV3Key === 'string' ? Buffer.from(apiV3Key, 'utf8') : apiV3Key;
  if (key.length !== 32) throw new RangeError(`the APIv3 key must be 32 bytes, got ${key.length}`);
  return key;
}

/** AES-256-GCM with the APIv3 key; the ciphertext is base64 of encrypted bytes followed by the 16-byte tag. */
export function encryptResource(plaintext: string, apiV3Key: string | Buffer, associatedData: string, nonce: string = randomNonce(12), originalType = 'transaction'): EncryptedResource {
  const cipher = createCipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(nonce, 'utf8'));
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: encrypted.toString('base64'), associated_data: associatedData, nonce, original_type: originalType };
}

/** The plaintext, or null when GCM authentication fails (another key, or anything changed). */
export function decryptResource(resource: Pick<EncryptedResource, 'ciphertext' | 'associated_data' | 'nonce'>, apiV3Key: string | Buffer): string | null {
  const data = Buffer.from(resource.ciphertext, 'base64');
  if (data.length <= TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey(apiV3Key), Buffer.from(resource.nonce, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'));
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/**
 * A sensitive field (a receiver's name, …) as WeChat wants it: RSAES-OAEP (SHA-1, MGF1) under the
 * platform public key, base64; the request then names that key's serial in `Wechatpay-Serial`.
 */
export function encryptSensitive(plaintext: string, platformPublicKeyPem: string): string {
  return publicEncrypt({ key: platformPublicKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, Buffer.from(plaintext, 'utf8')).toString('base64');
}

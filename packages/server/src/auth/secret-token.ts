/**
 * Secrets handed to clients (API keys, session tokens): 256 random bits, base64url.
 * Only their SHA-256 is stored; lookups hash the presented value and compare hashes in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time equality of two hex digests of the same length. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A short, non-secret identifier of a key, safe to show in lists, errors and logs. */
export function fingerprintOf(secret: string): string {
  return hashSecret(secret).slice(0, 8);
}

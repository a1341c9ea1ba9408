/**
 * Capability secrets: the draft token, the report id and the owner key. Each is 32 random bytes
 * (256 bits) as base64url (43 characters); the store sees only its SHA-256 hash, so a copy of
 * the database opens nothing. Checks compare hashes in constant time.
 */
import { createHmac, hash, timingSafeEqual } from 'node:crypto';

export type RandomBytes = (size: number) => Buffer;

export const SECRET_BYTES = 32;
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSecret(randomBytes: RandomBytes): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** The two secrets of a new plan (report id and owner key) and the hashes the store keeps. */
export function newPlanSecrets(randomBytes: RandomBytes) {
  const id = newSecret(randomBytes);
  const ownerKey = newSecret(randomBytes);
  return { id, ownerKey, idHash: hashSecret(id), ownerKeyHash: hashSecret(ownerKey) };
}

/** Is this string shaped like one of our secrets? (Anything else is a 404 without a lookup.) */
export function isSecretShaped(s: unknown): s is string {
  return typeof s === 'string' && SECRET_PATTERN.test(s);
}

export function hashSecret(secret: string): string {
  // crypto.hash: the one-shot form, about 0.9 µs where a Hash object costs 2.2 (several a request).
  return hash('sha256', secret, 'hex');
}

/** Does `secret` hash to `expectedHash`? Constant time in the hash comparison. */
export function secretMatches(secret: unknown, expectedHash: string): boolean {
  if (!isSecretShaped(secret)) return false;
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * A draft that changes a plan must find its way back to the report, whose id the store keeps
 * only as a hash. So the id is stored sealed: XOR-ed with an HMAC keyed by the draft token,
 * which the store never sees. The database alone cannot open it; the draft link can.
 */
function pad(draftToken: string): Buffer {
  return createHmac('sha256', draftToken).update('kanal:report-id').digest();
}

export function sealReportId(draftToken: string, reportId: string): string {
  const id = Buffer.from(reportId, 'base64url');
  const p = pad(draftToken);
  return Buffer.from(id.map((byte, i) => byte ^ p[i]!)).toString('base64url');
}

export function openReportId(draftToken: string, sealed: string): string {
  // XOR is its own inverse.
  return sealReportId(draftToken, sealed);
}

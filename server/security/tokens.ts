// Random identifiers and secrets. Every secret handed out carries >= 128 random bits and only
// its SHA-256 is stored, so a database leak does not leak working links or keys.
import crypto from 'node:crypto';

/** 128-bit public id (registration uid, partner id): 32 lowercase hex characters, safe in paths and URLs. */
export function newUid(): string {
  return crypto.randomBytes(16).toString('hex');
}

/** A 256-bit bearer secret (resume links, PDF links, API keys). */
export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/**
 * Whether a string has the shape newSecret gives (43 base64url characters). Every place that looks
 * a secret up checks this first: a malformed value is answered "no such link" without a query.
 */
export function isSecretShaped(value: string): boolean {
  return SECRET_SHAPE.test(value);
}
const SECRET_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function sha256Hex(value: string | Buffer): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

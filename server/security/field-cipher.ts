// Seals a sensitive field at rest (ID numbers, TOTP and webhook secrets, the tokens kept to show a
// link again): AES-256-GCM, random 96-bit IV, as self-describing text.
//
//   v2.<key id>.<iv>.<tag>.<body>   written today: the version names the algorithm (AES-256-GCM,
//                                   the header `v2.<key id>` authenticated as associated data) and
//                                   the key id names the key (keyIdOf: a fingerprint, not the key)
//   v1.<iv>.<tag>.<body>            written before key rotation existed (no key id): still read,
//                                   by trying each configured key (GCM's tag tells a wrong key)
//
// Blind indexes (issue 16, ASVS 6.1.1): a sealed column that must still be found by exact value (a
// voter's name or email in the admin search) gets a keyed HMAC of its normalized text beside it,
// under a key derived from APP_KEY (never the sealing key itself). Equal values give equal indexes,
// so the index tells which rows share a value, never the value. During a rotation a search asks
// for the index under each configured key (blindIndexes); `rollcall keys reseal` rewrites them.
//
// Opening uses the key the value names: APP_KEY or one of APP_KEY_PREVIOUS (during a rotation).
// Any other version, an unknown key id or a value that fails authentication throws SealedValueError:
// never a wrong plaintext. A new algorithm is a new version here, read beside the old ones.
import crypto from 'node:crypto';

const CURRENT = 'v2';
const OLD_FORMAT = 'v1';

export class SealedValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedValueError';
  }
}

/** What a sealed value says about itself, without opening it. */
export interface SealedInfo {
  version: string;
  /** The key it names (v2); undefined for the old format, which names none. */
  keyId: string | undefined;
  /** Sealed in today's format under APP_KEY: re-sealing would change nothing. */
  current: boolean;
}

export interface FieldCipher {
  /** The current key's id, the one every new value names. */
  readonly keyId: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** A sealed column's text opened; plain text (written before the column was sealed) as it is. */
  openIfSealed(text: string): string;
  inspect(sealed: string): SealedInfo;
  /**
   * The value sealed under the current key in the current format: `changed` false (and the same
   * text) when it already is; `plain` is what it holds. Throws SealedValueError when no configured
   * key opens it.
   */
  reseal(sealed: string): { value: string; changed: boolean; plain: string };
  /** The searchable stand-in for a sealed value, under the current key (what a write stores). */
  blindIndex(plain: string): string;
  /** The value's blind index under every configured key, current first (what a search looks for). */
  blindIndexes(plain: string): string[];
}

/**
 * Whether a column's text is a sealed value rather than plain text written before the column was
 * sealed (a database upgraded to this release, until `rollcall keys reseal` ran): the exact shape
 * of v2 or v1, which no name, address, email (it has an @) or JSON text (it starts with {) has.
 */
export function isSealedValue(text: string): boolean {
  return SEALED_V2.test(text) || SEALED_V1.test(text);
}
const B64URL = '[A-Za-z0-9_-]';
const SEALED_V2 = new RegExp(`^v2\\.[0-9a-f]{8}\\.${B64URL}{16}\\.${B64URL}{22}\\.${B64URL}*$`);
const SEALED_V1 = new RegExp(`^v1\\.${B64URL}{16}\\.${B64URL}{22}\\.${B64URL}*$`);

/** What a blind index is computed over: the same name typed in another case or with stray spaces matches. */
function normalizeForIndex(plain: string): string {
  return plain.normalize('NFC').trim().toLowerCase();
}

/** The blind-index key derived from a sealing key (HMAC as a KDF: one key per purpose). */
function blindIndexKeyOf(key: Buffer): Buffer {
  return crypto.createHmac('sha256', key).update('rollcall blind index v1').digest();
}

/** A key's public name: 8 hex characters of an HMAC under it (reveals nothing of the key). */
export function keyIdOf(key: Buffer): string {
  return crypto.createHmac('sha256', key).update('rollcall key id v1').digest('hex').slice(0, 8);
}

/**
 * `key`: APP_KEY, which seals every new value. `previous`: APP_KEY_PREVIOUS, keys that only open
 * values sealed before a rotation (until `rollcall keys reseal` has moved them all).
 */
export function createFieldCipher(key: Buffer, previous: readonly Buffer[] = []): FieldCipher {
  const keys = new Map<string, Buffer>();
  for (const k of [key, ...previous]) {
    if (k.length !== 32) throw new Error('field cipher key must be 32 bytes');
    const id = keyIdOf(k);
    const known = keys.get(id);
    if (known && !known.equals(k)) throw new Error(`two configured keys share the key id ${id}; generate another key`);
    keys.set(id, k);
  }
  const keyId = keyIdOf(key);
  const indexKeys = [key, ...previous].map(blindIndexKeyOf);
  const indexUnder = (k: Buffer, plain: string) => crypto.createHmac('sha256', k).update(normalizeForIndex(plain)).digest('hex');

  const parse = (sealed: string): { version: string; keyId: string | undefined; iv: string; tag: string; body: string } => {
    if (typeof sealed !== 'string') throw new SealedValueError('sealed value is not text');
    const parts = sealed.split('.');
    const version = parts[0] ?? '';
    if (version === CURRENT && parts.length === 5 && parts.every((p, i) => i === 4 || p !== '')) {
      return { version, keyId: parts[1], iv: parts[2]!, tag: parts[3]!, body: parts[4]! };
    }
    if (version === OLD_FORMAT && parts.length === 4 && parts[1] && parts[2]) {
      return { version, keyId: undefined, iv: parts[1], tag: parts[2], body: parts[3]! };
    }
    if (version !== CURRENT && version !== OLD_FORMAT) {
      throw new SealedValueError(`sealed value of unknown version '${version.slice(0, 8)}' (this release reads v1 and v2)`);
    }
    throw new SealedValueError(`malformed ${version} sealed value`);
  };

  const open = (k: Buffer, iv: string, tag: string, body: string, aad: string | undefined): string => {
    const decipher = crypto.createDecipheriv('aes-256-gcm', k, Buffer.from(iv, 'base64url'));
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  };

  const cipher: FieldCipher = {
    keyId,
    encrypt(plain) {
      const iv = crypto.randomBytes(12);
      const header = `${CURRENT}.${keyId}`;
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(header, 'utf8'));
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return [header, iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const v = parse(sealed);
      if (v.keyId !== undefined) {
        const k = keys.get(v.keyId);
        if (!k) throw new SealedValueError(`sealed under key ${v.keyId}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`);
        try {
          return open(k, v.iv, v.tag, v.body, `${v.version}.${v.keyId}`);
        } catch {
          throw new SealedValueError(`sealed value under key ${v.keyId} fails authentication (altered or corrupt)`);
        }
      }
      // The old format names no key: the current one first, then each previous one.
      for (const k of keys.values()) {
        try {
          return open(k, v.iv, v.tag, v.body, undefined);
        } catch {
          // not this key (or altered): the next one
        }
      }
      throw new SealedValueError('sealed value in the old format (v1) opens with no configured key (APP_KEY, APP_KEY_PREVIOUS)');
    },
    openIfSealed(text) {
      return isSealedValue(text) ? cipher.decrypt(text) : text;
    },
    inspect(sealed) {
      const v = parse(sealed);
      return { version: v.version, keyId: v.keyId, current: v.version === CURRENT && v.keyId === keyId };
    },
    reseal(sealed) {
      const plain = cipher.decrypt(sealed); // proves it opens, even when it is current
      if (cipher.inspect(sealed).current) return { value: sealed, changed: false, plain };
      return { value: cipher.encrypt(plain), changed: true, plain };
    },
    blindIndex(plain) {
      return indexUnder(indexKeys[0]!, plain);
    },
    blindIndexes(plain) {
      return [...new Set(indexKeys.map((k) => indexUnder(k, plain)))];
    },
  };
  return cipher;
}

// Seals a voter's PDF before it goes to the storage volumes, and opens it after it is read back
// (issue 16, ASVS 6.1.1: the PDF holds everything: name, address, date of birth, ID number).
//
//   "rollcall-sealed v1 <key id>\n" <iv: 12 bytes> <tag: 16 bytes> <body>
//
// The header line names the format's version (v1: AES-256-GCM with a synthetic IV, the header
// authenticated as associated data) and the key (keyIdOf: the same id as field-cipher's for the
// same APP_KEY). Sealing and IV keys are derived from APP_KEY per purpose (HMAC as a KDF), never
// APP_KEY itself.
//
// DETERMINISTIC: the IV is an HMAC of the header and the plaintext under its own derived key, so
// the same PDF under the same key always seals to the same bytes. The storage layer depends on it:
// the row keeps the SHA-256 of the stored (sealed) bytes, and a PDF whose every copy is lost is
// rebuilt by rendering it again (the renderer is deterministic) and sealing it again, which must
// give the bytes the checksum names (PdfService.writeBack, PdfCatalog.rederive).
// Why this is safe here: GCM breaks only when one IV is used for two DIFFERENT plaintexts under one
// key. A synthetic IV is a function of the plaintext, so two different PDFs get different IVs
// (short of a collision of a 96-bit HMAC output, ~2^48 PDFs per key); an IV repeats only for the
// same PDF, and then the whole blob repeats: all it tells is that two stored PDFs are equal, which
// the checksum on the row tells already (and two registrations never render to the same PDF: each
// carries its own reference). This is the SIV construction (RFC 5297, AES-GCM-SIV) with HMAC-SHA256.
//
// A stored blob that is a plain PDF (`%PDF-`, written before this release) is served as it is;
// storage has checked it against the row's checksum, so it cannot be swapped for another. Anything
// else that does not open (another version, a key neither APP_KEY nor in APP_KEY_PREVIOUS, bytes
// that fail authentication) throws BlobCipherError: never wrong bytes.
import crypto from 'node:crypto';
import { keyIdOf } from './field-cipher.js';

const VERSION = 'v1';
const MAGIC = 'rollcall-sealed ';
const PLAIN_PDF = Buffer.from('%PDF-', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** "rollcall-sealed v1 " + 8 hex characters + "\n" */
const HEADER_BYTES = MAGIC.length + VERSION.length + 1 + 8 + 1;

export class BlobCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BlobCipherError';
  }
}

export interface BlobCipher {
  /** The current key's id, the one every new blob names. */
  readonly keyId: string;
  /** The blob to store: the same bytes for the same plaintext under the same key. */
  seal(plain: Buffer): Buffer;
  /** The plaintext of a stored blob; a plain PDF as it is. Throws BlobCipherError if it does not open. */
  open(stored: Buffer): Buffer;
  /**
   * The stored form of `plain` whose SHA-256 is `sha256`: the plain bytes (a PDF stored before this
   * release), or `plain` sealed under APP_KEY or one of APP_KEY_PREVIOUS (a PDF stored before a
   * rotation). Null when none is: the checksum names another PDF.
   */
  storedFormMatching(plain: Buffer, sha256: string): Buffer | null;
}

/** Whether stored bytes are a PDF written before PDFs were sealed. */
export function isPlainPdf(stored: Buffer): boolean {
  return stored.subarray(0, PLAIN_PDF.length).equals(PLAIN_PDF);
}

interface BlobKey {
  id: string;
  seal: Buffer;
  iv: Buffer;
}

function blobKeyOf(key: Buffer): BlobKey {
  if (key.length !== 32) throw new Error('blob cipher key must be 32 bytes');
  return {
    id: keyIdOf(key),
    seal: crypto.createHmac('sha256', key).update('rollcall blob seal v1').digest(),
    iv: crypto.createHmac('sha256', key).update('rollcall blob iv v1').digest(),
  };
}

const sha256Hex = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

function sealUnder(k: BlobKey, plain: Buffer): Buffer {
  const header = Buffer.from(`${MAGIC}${VERSION} ${k.id}\n`, 'latin1');
  const iv = crypto.createHmac('sha256', k.iv).update(header).update(plain).digest().subarray(0, IV_BYTES);
  const c = crypto.createCipheriv('aes-256-gcm', k.seal, iv);
  c.setAAD(header);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([header, iv, c.getAuthTag(), body]);
}

/** `key`: APP_KEY, which seals every new blob. `previous`: APP_KEY_PREVIOUS, which only open. */
export function createBlobCipher(key: Buffer, previous: readonly Buffer[] = []): BlobCipher {
  const current = blobKeyOf(key);
  const keys = new Map<string, BlobKey>();
  for (const k of [key, ...previous].map(blobKeyOf)) if (!keys.has(k.id)) keys.set(k.id, k);

  const parse = (stored: Buffer): { header: Buffer; keyId: string } => {
    const head = stored.subarray(0, HEADER_BYTES).toString('latin1');
    if (!head.startsWith(MAGIC)) throw new BlobCipherError('stored bytes are neither a sealed blob nor a PDF');
    const m = /^rollcall-sealed (v\d+) ([0-9a-f]{8})\n$/.exec(head);
    if (!m)
      throw new BlobCipherError(`sealed blob of unknown version '${head.slice(MAGIC.length, MAGIC.length + 4)}' (this release reads v1)`);
    if (m[1] !== VERSION) throw new BlobCipherError(`sealed blob of unknown version '${m[1]}' (this release reads v1)`);
    if (stored.length < HEADER_BYTES + IV_BYTES + TAG_BYTES) throw new BlobCipherError('sealed blob is truncated');
    return { header: stored.subarray(0, HEADER_BYTES), keyId: m[2]! };
  };

  return {
    keyId: current.id,
    seal: (plain) => sealUnder(current, plain),
    open(stored) {
      if (isPlainPdf(stored)) return stored;
      const { header, keyId } = parse(stored);
      const k = keys.get(keyId);
      if (!k) throw new BlobCipherError(`sealed blob under key ${keyId}, which is neither APP_KEY nor in APP_KEY_PREVIOUS`);
      const iv = stored.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
      const tag = stored.subarray(HEADER_BYTES + IV_BYTES, HEADER_BYTES + IV_BYTES + TAG_BYTES);
      try {
        const d = crypto.createDecipheriv('aes-256-gcm', k.seal, iv);
        d.setAAD(header);
        d.setAuthTag(tag);
        return Buffer.concat([d.update(stored.subarray(HEADER_BYTES + IV_BYTES + TAG_BYTES)), d.final()]);
      } catch {
        throw new BlobCipherError(`sealed blob under key ${keyId} fails authentication (altered or corrupt)`);
      }
    },
    storedFormMatching(plain, sha256) {
      if (sha256Hex(plain) === sha256) return plain;
      for (const k of keys.values()) {
        const sealed = sealUnder(k, plain);
        if (sha256Hex(sealed) === sha256) return sealed;
      }
      return null;
    },
  };
}

// A software authenticator for tests: what a security key does in navigator.credentials.create()
// and .get(), in Node. An ES256 (P-256) key from node:crypto, "none" attestation, the authenticator
// data and client data built byte for byte as WebAuthn level 2 says, the answer in the JSON form
// @simplewebauthn/browser posts. Tests can lie on purpose: another origin, rpID or challenge, or
// a counter that went back.
import crypto from 'node:crypto';

const b64url = (bytes: Buffer | Uint8Array): string => Buffer.from(bytes).toString('base64url');

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key: ints, bytes, text, maps. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65536) return Buffer.from([(major << 5) | 25, n >> 8, n & 255]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

export interface Lies {
  origin?: string;
  rpId?: string;
  challenge?: string;
  /** The counter to sign with instead of the next one. */
  counter?: number;
}

export class SoftAuthenticator {
  readonly credentialId = crypto.randomBytes(32);
  private readonly keys = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  /** Signatures made so far; the next one carries counter + 1 (unless `counts` is false: passkeys that always say 0). */
  counter = 0;

  constructor(
    private readonly origin: string,
    private readonly counts = true,
  ) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  private clientData(type: string, challenge: string, lies: Lies): Buffer {
    return Buffer.from(
      JSON.stringify({ type, challenge: lies.challenge ?? challenge, origin: lies.origin ?? this.origin, crossOrigin: false }),
    );
  }

  private authData(rpId: string, flags: number, counter: number, attested?: Buffer): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([crypto.createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  private coseKey(): Buffer {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x!, 'base64url');
    const y = Buffer.from(jwk.y!, 'base64url');
    // kty EC2, alg ES256, crv P-256, x, y
    return cbor(
      new Map<number, unknown>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, x],
        [-3, y],
      ]),
    );
  }

  /** The answer to registration options (as @simplewebauthn/browser's startRegistration returns it). */
  register(options: { challenge: string; rp: { id?: string } }, lies: Lies = {}): Record<string, unknown> {
    const rpId = lies.rpId ?? options.rp.id!;
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, this.coseKey()]);
    // user present (0x01), user verified (0x04), attested credential data (0x40)
    const authData = this.authData(rpId, 0x45, 0, attested);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, lies)),
        attestationObject: b64url(attestationObject),
        transports: ['usb'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }

  /** The answer to sign-in options (startAuthentication's result); signs with the next counter. */
  signIn(options: { challenge: string; rpId?: string }, lies: Lies = {}): Record<string, unknown> {
    if (this.counts && lies.counter === undefined) this.counter += 1;
    const authData = this.authData(lies.rpId ?? options.rpId!, 0x05, lies.counter ?? (this.counts ? this.counter : 0));
    const clientData = this.clientData('webauthn.get', options.challenge, lies);
    const signed = Buffer.concat([authData, crypto.createHash('sha256').update(clientData).digest()]);
    const signature = crypto.sign('sha256', signed, this.keys.privateKey); // DER, as authenticators send it
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: 'cross-platform',
    };
  }
}

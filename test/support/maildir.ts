// Reads what a real MTA delivered to a Maildir (test/integration/mail/mta.sh): waits for the next
// message to an address, and parses it — headers (unfolded, RFC 2047 words decoded), and the MIME
// tree our mailer (nodemailer) produces: a single text part, or multipart/alternative (text and
// HTML), possibly inside multipart/mixed or related, each part 7bit/8bit, quoted-printable or
// base64, in any charset TextDecoder knows. Not a general parser (no S/MIME, no message/rfc822
// recursion, no RFC 2231 parameter continuations): what it does not understand it throws on, so
// a change in what we send shows up as a failing test, not as a silently empty part.
import fs from 'node:fs';
import path from 'node:path';

export interface MailPart {
  /** Lower-cased media type, e.g. "text/plain". */
  type: string;
  /** Header names lower-cased; values unfolded, RFC 2047 words decoded. */
  headers: Map<string, string[]>;
  /** The decoded body (text parts as strings, in their charset; others as latin1 of the bytes). */
  body: string;
  bytes: Buffer;
}

export interface MaildirMessage {
  /** The file in new/ or cur/. */
  file: string;
  raw: string;
  headers: Map<string, string[]>;
  /** The first value of a header (case-insensitive name), or undefined. */
  header(name: string): string | undefined;
  subject: string;
  /** The envelope recipient (Postfix's Delivered-To), else the To header. */
  to: string;
  /** Every leaf part, in order. */
  parts: MailPart[];
  /** The text/plain part's body, if any. */
  text?: string;
  /** The text/html part's body, if any. */
  html?: string;
}

// ---------------------------------------------------------------------------------------------
// Headers

function splitHeadersAndBody(raw: Buffer): { head: string; body: Buffer } {
  const text = raw.toString('latin1');
  const m = /\r?\n\r?\n/.exec(text);
  if (!m) return { head: text, body: Buffer.alloc(0) };
  return { head: text.slice(0, m.index), body: raw.subarray(m.index + m[0].length) };
}

/** `=?charset?Q|B?text?=` words to text; whitespace between two encoded words is dropped (RFC 2047 §6.2). */
export function decodeEncodedWords(value: string): string {
  const word = /=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g;
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(word, (_m, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      return decodeCharset(bytes, charset.split('*')[0]!);
    });
}

function parseHeaders(head: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  // Raw header bytes as latin1; 8-bit (SMTPUTF8) header values are re-read as UTF-8.
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
  for (const line of unfolded) {
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeEncodedWords(Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8'));
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** A structured header's value and parameters: `text/plain; charset="utf-8"` → { value, params }. */
export function headerParams(value: string): { value: string; params: Record<string, string> } {
  const [first, ...rest] = splitOutsideQuotes(value, ';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    if (key.endsWith('*') || /\*\d+\*?$/.test(key)) throw new Error(`RFC 2231 parameter ${key} is not supported by this parser`);
    let v = p.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[key] = v;
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function splitOutsideQuotes(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && quoted) {
      cur += c + (s[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === sep && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Bodies

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.trim().toLowerCase(), { fatal: true }).decode(bytes);
  } catch (error) {
    throw new Error(`cannot decode ${bytes.length} bytes as ${charset}: ${(error as Error).message}`);
  }
}

export function decodeQuotedPrintable(body: Buffer): Buffer {
  const s = body
    .toString('latin1')
    .replace(/[ \t]+(?=\r?\n)/g, '') // trailing whitespace is not part of the content (RFC 2045 §6.7)
    .replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(s.charCodeAt(i));
  }
  return Buffer.from(out);
}

function decodeTransfer(body: Buffer, encoding: string): Buffer {
  switch (encoding.toLowerCase()) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return body;
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    default:
      throw new Error(`unknown Content-Transfer-Encoding: ${encoding}`);
  }
}

function parseEntity(raw: Buffer, into: MailPart[]): Map<string, string[]> {
  const { head, body } = splitHeadersAndBody(raw);
  const headers = parseHeaders(head);
  const ct = headerParams(headers.get('content-type')?.[0] ?? 'text/plain; charset=us-ascii');
  if (ct.value.startsWith('multipart/')) {
    const boundary = ct.params.boundary;
    if (!boundary) throw new Error(`${ct.value} without a boundary`);
    for (const part of splitMultipart(body, boundary)) parseEntity(part, into);
    return headers;
  }
  if (ct.value === 'message/rfc822') throw new Error('message/rfc822 parts are not supported by this parser');
  const bytes = decodeTransfer(body, (headers.get('content-transfer-encoding')?.[0] ?? '').trim());
  const text = ct.value.startsWith('text/');
  into.push({
    type: ct.value,
    headers,
    bytes,
    body: text ? decodeCharset(bytes, ct.params.charset ?? 'us-ascii') : bytes.toString('latin1'),
  });
  return headers;
}

/** The parts between `--boundary` lines (RFC 2046 §5.1.1): preamble and epilogue dropped; the CRLF before a delimiter belongs to it. */
function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: Buffer[] = [];
  let start = -1;
  let closed = false;
  for (let m = delimiter.exec(text); m; m = delimiter.exec(text)) {
    if (start >= 0) parts.push(Buffer.from(text.slice(start, m.index), 'latin1'));
    start = m.index + m[0].length;
    if (m[1]) {
      closed = true;
      break;
    }
  }
  if (!closed) throw new Error(`multipart body never closed with --${boundary}--`);
  return parts;
}

export function parseMessage(raw: Buffer, file = ''): MaildirMessage {
  const parts: MailPart[] = [];
  const headers = parseEntity(raw, parts);
  const header = (name: string) => headers.get(name.toLowerCase())?.[0];
  const first = (type: string) => parts.find((p) => p.type === type)?.body;
  return {
    file,
    raw: raw.toString('utf8'),
    headers,
    header,
    subject: header('subject') ?? '',
    to: (header('delivered-to') ?? header('to') ?? '').toLowerCase(),
    parts,
    text: first('text/plain'),
    html: first('text/html'),
  };
}

// ---------------------------------------------------------------------------------------------
// The Maildir

/** Every delivered message file (new/ and cur/), oldest first by Maildir name (its delivery time). */
export function maildirFiles(maildir: string): string[] {
  const files: string[] = [];
  for (const sub of ['new', 'cur']) {
    const dir = path.join(maildir, sub);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) if (!name.startsWith('.')) files.push(path.join(dir, name));
  }
  const time = (f: string) => Number(/^(\d+)/.exec(path.basename(f))?.[1] ?? 0);
  return files.sort((a, b) => time(a) - time(b) || fs.statSync(a).mtimeMs - fs.statSync(b).mtimeMs);
}

/** Every message to `address` delivered so far (the envelope recipient, else the To header). */
export function messagesTo(maildir: string, address: string): MaildirMessage[] {
  const want = address.toLowerCase();
  return maildirFiles(maildir)
    .map((f) => parseMessage(fs.readFileSync(f), f))
    .filter((m) => m.to === want || m.to.includes(`<${want}>`));
}

export interface WaitOptions {
  /** Give up after this long (default 20 s), naming what did arrive. */
  timeoutMs?: number;
  /** Only a message this predicate accepts (e.g. by subject or a header). */
  match?: (m: MaildirMessage) => boolean;
  /** Skip messages already seen (their files): returns only a new one. */
  seen?: Set<string>;
}

/**
 * The first message to `address` (matching `match`, not in `seen`) already delivered or arriving
 * within the timeout; adds its file to `seen`. Polls the Maildir every 100 ms: Postfix delivers
 * into tmp/ and renames into new/, so a file seen in new/ is complete.
 */
export async function waitForMail(maildir: string, address: string, options: WaitOptions = {}): Promise<MaildirMessage> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    const found = messagesTo(maildir, address).find((m) => !options.seen?.has(m.file) && (options.match?.(m) ?? true));
    if (found) {
      options.seen?.add(found.file);
      return found;
    }
    if (Date.now() > deadline) {
      const arrived = maildirFiles(maildir).map((f) => {
        const m = parseMessage(fs.readFileSync(f), f);
        return `${m.to}: ${m.subject}`;
      });
      throw new Error(
        `no message to ${address} within ${options.timeoutMs ?? 20_000} ms; the Maildir holds ${arrived.length}:\n  ${arrived.join('\n  ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The links (http/https URLs) in a text body, in order. */
export function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"')\]]+/g)].map((m) => m[0]);
}

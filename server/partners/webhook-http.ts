// One webhook POST over node's http/https, guarded against SSRF at the moment of connecting:
// the host name is resolved by publicOnlyLookup, and net.connect connects to exactly the address
// that lookup returned, so the address checked is the address connected to (DNS rebinding between
// the save-time check and now changes nothing). A literal IP (no lookup) is checked first. A fresh
// connection each time (no agent pool), so every delivery is checked. TLS keeps the host name for
// SNI and certificate checks. Redirects are never followed: a 3xx is just a non-2xx answer.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { NonPublicAddress, nonPublicKind, publicOnlyLookup } from '../security/public-address.js';

export interface PostOptions {
  allowPrivate: boolean;
  /**
   * The whole delivery's deadline, from connecting to the status line. Not an idle timeout: a
   * receiver that sends a byte of its headers every second never goes idle, and held a job slot
   * for as long as it liked.
   */
  timeoutMs: number;
}

export class DeliveryTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * The most a delivery reads: the status line and headers, at most this many bytes (node's parser
 * fails with HPE_HEADER_OVERFLOW past it, whatever --max-http-header-size says); the body is never
 * read. A receiver that streams headers or a body forever is read for at most this much.
 */
export const MAX_ANSWER_HEADER_BYTES = 8 * 1024;

/**
 * POSTs `body`; resolves with the answer's status code once the status line and headers are in
 * (at most MAX_ANSWER_HEADER_BYTES). The connection is then closed: the body is never read, so a
 * receiver that streams forever costs nothing.
 */
export function postWebhook(target: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(target);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivate && net.isIP(host)) {
      const kind = nonPublicKind(host);
      if (kind) return reject(new NonPublicAddress(host, kind));
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
      agent: false,
      maxHeaderSize: MAX_ANSWER_HEADER_BYTES,
      lookup: options.allowPrivate ? undefined : publicOnlyLookup,
    });
    const deadline = setTimeout(() => req.destroy(new DeliveryTimeout(`no answer in ${options.timeoutMs} ms`)), options.timeoutMs);
    req.on('error', (err) => {
      clearTimeout(deadline);
      reject(err);
    });
    req.on('response', (res) => {
      clearTimeout(deadline);
      resolve(res.statusCode ?? 0);
      res.on('error', () => {}); // closed on purpose: whatever the body would have said is not read
      res.destroy();
      req.destroy();
    });
    req.end(body);
  });
}

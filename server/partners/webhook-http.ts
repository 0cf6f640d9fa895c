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
  timeoutMs: number;
}

export class DeliveryTimeout extends Error {
  override name = 'TimeoutError';
}

/** POSTs `body`; resolves with the answer's status code (the body is discarded). */
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
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      lookup: options.allowPrivate ? undefined : publicOnlyLookup,
      timeout: options.timeoutMs,
    });
    req.on('timeout', () => req.destroy(new DeliveryTimeout(`no answer in ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.end(body);
  });
}

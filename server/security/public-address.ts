// Is an IP address on the public internet? Outgoing requests to addresses a partner chooses
// (webhooks) must never reach our own machine, our private network or the cloud's metadata
// service (SSRF). Refused: unspecified, loopback, private (RFC 1918, fc00::/7), link-local
// (169.254/16 with 169.254.169.254, fe80::/10), CGNAT 100.64/10, multicast, reserved and
// documentation ranges, local-use NAT64 64:ff9b:1::/48 (RFC 8215: translated by the operator's
// own gateway, so it reaches whatever IPv4 network that gateway serves), and IPv6 forms that carry
// an IPv4 address (mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4
// 2002::/16), judged by the IPv4 address inside.
import dns from 'node:dns';
import net from 'node:net';

const V4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (CGNAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];
const V6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved (IPv4-compatible)'],
  ['64:ff9b:1::', 48, 'private (local-use NAT64)'],
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'private (unique local)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const lists = new Map<string, net.BlockList>();
for (const [prefix, bits, kind] of V4) (lists.get(kind) ?? lists.set(kind, new net.BlockList()).get(kind)!).addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits, kind] of V6) (lists.get(kind) ?? lists.set(kind, new net.BlockList()).get(kind)!).addSubnet(prefix, bits, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (with or without a dotted IPv4 tail), or null. */
function groups6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    if (net.isIPv4(dotted[1]!) === false) return null;
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -dotted[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => parseInt(g, 16)) : []);
  const h = part(head);
  const t = part(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  return all.length === 8 && all.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? all : null;
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address stands for (mapped, translated, NAT64, 6to4), if any. */
function embeddedV4(address: string): string | null {
  const g = groups6(address);
  if (!g) return null;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return v4Of(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return v4Of(g[6]!, g[7]!); // ::ffff:0:a.b.c.d (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Of(g[6]!, g[7]!); // 64:ff9b::a.b.c.d
  if (g[0] === 0x2002) return v4Of(g[1]!, g[2]!); // 2002:AABB:CCDD::
  return null;
}

/** Why this IP may not be a webhook target ('loopback', 'private', …), or null for a public address. */
export function nonPublicKind(address: string): string | null {
  const family = net.isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const inner = embeddedV4(address);
    if (inner) return nonPublicKind(inner);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of lists) if (list.check(address.replace(/%.*$/, ''), type)) return kind;
  return null;
}

export class NonPublicAddress extends Error {
  constructor(
    readonly address: string,
    readonly kind: string,
  ) {
    super(`refused ${kind} address ${address}`);
    this.name = 'NonPublicAddress';
  }
}

/** Every address a host name resolves to (a literal IP is itself). */
export async function resolveAll(host: string): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIP(bare)) return [bare];
  return (await dns.promises.lookup(bare, { all: true, verbatim: true })).map((a) => a.address);
}

/**
 * A `lookup` for http(s).request/net.connect that refuses non-public answers, so the address
 * checked is the address connected to (a DNS answer that changes between the check at save
 * time and the delivery — rebinding — is caught here).
 */
export const publicOnlyLookup: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as (e: Error) => void)(err);
    const list = addresses as dns.LookupAddress[];
    for (const a of list) {
      const kind = nonPublicKind(a.address);
      if (kind) return (callback as (e: Error) => void)(new NonPublicAddress(a.address, kind));
    }
    if (!list.length)
      return (callback as (e: Error) => void)(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
    if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

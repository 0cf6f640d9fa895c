// Who a per-client limit counts: the client's address as express found it (`req.ip`: the socket's
// peer, or the address a trusted proxy forwarded; TRUSTED_PROXIES, docs/deploy.md). An IPv4
// address counts as itself. An IPv6 address counts as its /64: one subscriber's line or one
// server is given a whole /64, so counting single addresses would let anyone rotate through 2^64
// of them for free. An IPv4 address written as IPv6 (::ffff:192.0.2.1) counts as the IPv4.
import net from 'node:net';
import type { Request } from 'express';

export function clientKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names an interface, not a client
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!net.isIPv6(address)) return address;
  return `${hextets(address).slice(0, 4).join(':')}::/64`;
}

/**
 * "From where" for the audit and security logs without keeping a whole address: IPv4 cut to its
 * /24, IPv6 to its /48 (less than clientKey keeps: a log is kept longer than a rate-limit window).
 */
export function truncatedAddress(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const address = ip.replace(/%.*$/, '');
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/i.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (net.isIPv6(address)) return `${hextets(address).slice(0, 3).join(':')}::/48`;
  return 'unknown';
}

/** The client key of a request (see clientKey). */
export function clientOf(req: Request): string {
  return clientKey(req.ip);
}

/** The eight 16-bit groups of an IPv6 address, in lowercase hex without leading zeros. */
function hextets(address: string): string[] {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined) => (part ? part.split(':') : []).flatMap(fromGroup);
  const left = groups(head);
  const right = groups(tail);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right];
}

/** One group, or the two that an embedded IPv4 address (the last 32 bits) stands for. */
function fromGroup(group: string): string[] {
  if (!group.includes('.')) return [parseInt(group, 16).toString(16)];
  const [a, b, c, d] = group.split('.').map(Number) as [number, number, number, number];
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}

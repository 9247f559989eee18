import ipaddr from 'ipaddr.js';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';
import type { ClientInfo } from '../domain/models.js';

/**
 * The client of a request (HTTP, or a WebSocket's upgrade): the socket's
 * remote address, or, when TRUST_PROXY trusts the proxies in between, the
 * address they forwarded in X-Forwarded-For, computed as Express does.
 *
 * An IPv6 client counts as its /64: one machine usually holds a whole /64,
 * and would otherwise get a fresh allowance from each of its addresses.
 */
export function clientResolver(trust: TrustProxy): (request: IncomingMessage) => ClientInfo {
  const trusted =
    trust === false
      ? () => false
      : typeof trust === 'number'
        ? (_address: string, hop: number) => hop < trust
        : proxyaddr.compile([...trust]);
  return (request) => ({ address: addressKeyOf(proxyaddr(request, trusted)) });
}

/** One spelling per client: IPv4-mapped IPv6 as IPv4, IPv6 as its /64 prefix. */
export function addressKeyOf(raw: string | undefined): string {
  if (!raw || !ipaddr.isValid(raw)) return raw || 'unknown';
  const parsed = ipaddr.parse(raw);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const ipv6 = parsed as ipaddr.IPv6;
  if (ipv6.isIPv4MappedAddress()) return ipv6.toIPv4Address().toString();
  const prefix = ipv6.parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}

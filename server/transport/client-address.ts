import ipaddr from 'ipaddr.js';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';
import type { ClientInfo } from '../domain/models.js';

/**
 * What TRUST_PROXY decides about a request (HTTP, or a WebSocket's upgrade):
 * whether its X-Forwarded-* headers count at all, and so who the client is
 * and whether it came over HTTPS. Nothing else reads those headers.
 */
export interface ProxyTrust {
  /**
   * The client: the socket's remote address, or, when TRUST_PROXY trusts the
   * proxies in between, the address they forwarded in X-Forwarded-For,
   * computed as Express does.
   */
  clientOf(request: IncomingMessage): ClientInfo;
  /**
   * Whether the client reached us over HTTPS: TLS on this very socket, or a
   * trusted proxy that says so in X-Forwarded-Proto. From anyone else the
   * header is the client's own claim, and believing it would let a plain-HTTP
   * client pose as a secure one (a Secure cookie, HSTS).
   */
  isSecure(request: IncomingMessage): boolean;
  /** Whether a peer at this address is a proxy whose forwarded headers count. */
  trustsPeer(address: string | undefined): boolean;
}

/**
 * An IPv6 client counts as its /64: one machine usually holds a whole /64,
 * and would otherwise get a fresh allowance from each of its addresses.
 */
export function proxyTrust(trust: TrustProxy): ProxyTrust {
  const trusted: (address: string, hop: number) => boolean =
    trust === false ? () => false : typeof trust === 'number' ? (_address, hop) => hop < trust : proxyaddr.compile([...trust]);
  const trustsPeer = (address: string | undefined) => address !== undefined && trusted(address, 0);
  return {
    clientOf: (request) => ({ address: addressKeyOf(proxyaddr(request, trusted)) }),
    isSecure(request) {
      if ((request.socket as { encrypted?: boolean }).encrypted) return true;
      if (!trustsPeer(request.socket.remoteAddress)) return false;
      return forwardedProto(request) === 'https';
    },
    trustsPeer,
  };
}

/** Who sent a request: see ProxyTrust#clientOf. */
export const clientResolver = (trust: TrustProxy) => proxyTrust(trust).clientOf;

/** The scheme the nearest proxy names first in X-Forwarded-Proto, as Express reads it; undefined when absent. */
function forwardedProto(request: IncomingMessage): string | undefined {
  const header = request.headers['x-forwarded-proto'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(',')[0]?.trim().toLowerCase() || undefined;
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

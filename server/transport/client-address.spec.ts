import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKeyOf, clientResolver, proxyTrust } from './client-address.js';

const request = (remoteAddress: string, forwardedFor?: string) =>
  ({
    socket: { remoteAddress },
    connection: { remoteAddress },
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  }) as unknown as IncomingMessage;

describe('clientResolver', () => {
  it('should ignore X-Forwarded-For when no proxy is trusted', () => {
    expect(clientResolver(false)(request('10.0.0.2', '203.0.113.9')).address).toBe('10.0.0.2');
  });

  it('should believe the nearest proxy with a hop count of 1, and no further', () => {
    const resolve = clientResolver(1);
    expect(resolve(request('10.0.0.2', '203.0.113.9')).address).toBe('203.0.113.9');
    expect(resolve(request('10.0.0.2', '198.51.100.1, 203.0.113.9')).address).toBe('203.0.113.9');
  });

  it('should believe only the listed proxies', () => {
    const resolve = clientResolver(['loopback', '10.0.0.0/8']);
    expect(resolve(request('127.0.0.1', '203.0.113.9')).address).toBe('203.0.113.9');
    expect(resolve(request('10.1.2.3', '198.51.100.1, 10.0.0.7')).address).toBe('198.51.100.1');
    expect(resolve(request('192.0.2.1', '203.0.113.9')).address).toBe('192.0.2.1');
  });
});

const requestOver = (remoteAddress: string, headers: Record<string, string>, encrypted = false) =>
  ({ socket: { remoteAddress, encrypted }, connection: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('proxyTrust#isSecure', () => {
  it('should know a request came over TLS on its own socket, whatever TRUST_PROXY says', () => {
    expect(proxyTrust(false).isSecure(requestOver('203.0.113.9', {}, true))).toBe(true);
  });

  it('should ignore X-Forwarded-Proto from a client when no proxy is trusted', () => {
    const { isSecure } = proxyTrust(false);
    expect(isSecure(requestOver('127.0.0.1', { 'x-forwarded-proto': 'https' }))).toBe(false);
    expect(isSecure(requestOver('127.0.0.1', {}))).toBe(false);
  });

  it('should believe X-Forwarded-Proto from a trusted proxy only, as its first value', () => {
    const { isSecure } = proxyTrust(['10.0.0.0/8']);
    expect(isSecure(requestOver('10.0.0.2', { 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(isSecure(requestOver('10.0.0.2', { 'x-forwarded-proto': 'HTTPS, http' }))).toBe(true);
    expect(isSecure(requestOver('10.0.0.2', { 'x-forwarded-proto': 'http' }))).toBe(false);
    expect(isSecure(requestOver('10.0.0.2', {}))).toBe(false);
    expect(isSecure(requestOver('192.0.2.1', { 'x-forwarded-proto': 'https' }))).toBe(false);
  });

  it('should believe the nearest proxy with a hop count', () => {
    expect(proxyTrust(1).isSecure(requestOver('10.0.0.2', { 'x-forwarded-proto': 'https' }))).toBe(true);
  });
});

describe('addressKeyOf', () => {
  it('should spell an IPv4-mapped IPv6 address as IPv4', () => {
    expect(addressKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('should count an IPv6 client as its /64', () => {
    expect(addressKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
  });
});

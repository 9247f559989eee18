import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { addressKeyOf, clientResolver } from './client-address.js';

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

describe('addressKeyOf', () => {
  it('should spell an IPv4-mapped IPv6 address as IPv4', () => {
    expect(addressKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });

  it('should count an IPv6 client as its /64', () => {
    expect(addressKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKeyOf('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
  });
});

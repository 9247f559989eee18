import { describe, expect, it } from 'vitest';
import { withWebSocketOrigin } from './content-security-policy.js';

const POLICY = "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self'; frame-ancestors 'none'";

describe('withWebSocketOrigin', () => {
  it("should add the page's own ws: origin to connect-src over plain HTTP", () => {
    expect(withWebSocketOrigin(POLICY, 'localhost:4000', false)).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc'; connect-src 'self' ws://localhost:4000; frame-ancestors 'none'",
    );
  });

  it('should add the wss: origin when the request came over HTTPS', () => {
    expect(withWebSocketOrigin(POLICY, 'Chat.Example.com', true)).toContain("connect-src 'self' wss://chat.example.com;");
  });

  it('should accept an IPv6 host', () => {
    expect(withWebSocketOrigin(POLICY, '[::1]:4000', false)).toContain('ws://[::1]:4000');
  });

  it('should leave the policy as it is for a Host that is not a plain host', () => {
    expect(withWebSocketOrigin(POLICY, "evil.example; script-src 'unsafe-inline'", false)).toBe(POLICY);
    expect(withWebSocketOrigin(POLICY, 'a b', false)).toBe(POLICY);
    expect(withWebSocketOrigin(POLICY, '', false)).toBe(POLICY);
  });

  it('should leave a policy without connect-src alone', () => {
    expect(withWebSocketOrigin("default-src 'self'", 'localhost', false)).toBe("default-src 'self'");
  });
});

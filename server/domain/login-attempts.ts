// PLACEHOLDER until the attempt limiter lands.
export interface LoginAttemptOptions { freeAttempts: number; baseDelayMs: number; maxDelayMs: number; forgetAfterMs: number }
export class LoginAttempts {
  constructor(_options: LoginAttemptOptions, _now: () => number = Date.now) {}
  check(_keys: readonly string[]): void {}
  fail(_keys: readonly string[]): void {}
  succeed(_keys: readonly string[]): void {}
}

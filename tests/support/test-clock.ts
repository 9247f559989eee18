import { FakeClock } from '../../server/domain/testing/fake-clock.js';

/**
 * The clock of a test server (`startTestServer(env, dir, { clock: clock.now })`):
 * it stands still until the test moves it, so a test of idle sessions or of
 * a wait that lifts advances it rather than sleeping. It starts at the real
 * time, so that the dates the server hands out look like today's; `now` and
 * `nowMs` are bound and can be handed over as they are.
 *
 * The server's timers still run on real time: a rule that a timer drives
 * (the keep-alive of connected sessions) is run by the test itself, through
 * `RunningServer.connectedSessions`.
 */
export class TestClock extends FakeClock {
  constructor(start: Date | string = new Date()) {
    super(start);
  }
}

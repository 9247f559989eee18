import type { PresenceTracker } from '../domain/ports/presence.port.js';
import type { EventBus } from '../domain/ports/events.port.js';

/** How events and presence travel: within one process, or through Redis. */
export interface EventTransport {
  bus: EventBus;
  presence: PresenceTracker;
  /** Throws when events cannot travel: part of /healthz. */
  check(): Promise<void>;
  /**
   * Calls `listener` whenever events may have been lost in transit (Redis
   * came back after an outage), so that live subscribers can be told to
   * resume from what they hold. Never, for events within one process.
   */
  onInterrupted(listener: () => void): void;
}

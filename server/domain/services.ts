import type { ChannelService } from './channel.service.js';
import type { DirectMessageService } from './direct-message.service.js';
import type { MessageService } from './message.service.js';
import type { ReadMarkerService } from './read-marker.service.js';
import type { PresenceTracker } from './ports/presence.port.js';
import type { SearchService } from './search.service.js';
import type { SessionService } from './session.service.js';
import type { TypingService } from './typing.service.js';

/** The domain as the transports and the schema see it: one object, built in index.ts. */
export interface Services {
  readonly sessions: SessionService;
  readonly channels: ChannelService;
  readonly messages: MessageService;
  readonly directMessages: DirectMessageService;
  readonly readMarkers: ReadMarkerService;
  readonly presence: PresenceTracker;
  readonly typing: TypingService;
  readonly search: SearchService;
}

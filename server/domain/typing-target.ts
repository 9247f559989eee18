import type { User } from './models.js';

/**
 * Where someone is typing: a channel, or a direct message to one user.
 * Exactly one of the two ids is set.
 */
export type TypingTarget =
  { readonly channelId: string; readonly recipientId: null } | { readonly channelId: null; readonly recipientId: string };

export const typingTarget = {
  channel: (channelId: string): TypingTarget => ({ channelId, recipientId: null }),
  user: (recipientId: string): TypingTarget => ({ channelId: null, recipientId }),
};

/** What a send tells the typing indicator: the author's typing there ends with the message. */
export interface TypingEnds {
  sent(author: User, target: TypingTarget): Promise<void>;
}

/** For services built without typing (specs that do not need it). */
export const NO_TYPING: TypingEnds = { sent: async () => {} };

export { TYPING_LAPSE_MS } from '../api/codes.js';

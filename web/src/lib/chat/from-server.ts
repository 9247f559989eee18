import type { ChannelMessageFragment, DirectMessageFieldsFragment, ReactionFieldsFragment } from '../graphql/generated/graphql.js';
import type { ChatMessage, ChatReaction } from './timeline.js';

/** Channel messages and direct messages, as the one shape the conversation view shows. */
export const fromChannelMessage = (m: ChannelMessageFragment): ChatMessage => ({
  id: m.id,
  clientId: m.clientId,
  authorId: m.author.id,
  authorName: m.author.name,
  body: m.body,
  createdAt: m.createdAt,
  status: 'sent',
  editedAt: m.editedAt,
  deleted: m.deleted,
  reactions: m.reactions.map(fromReaction),
  mentions: m.mentions.map(({ id, name }) => ({ id, name })),
  version: m.version,
});

export const fromDirectMessage = (m: DirectMessageFieldsFragment): ChatMessage => ({
  id: m.id,
  clientId: m.clientId,
  authorId: m.from.id,
  authorName: m.from.name,
  body: m.body,
  createdAt: m.createdAt,
  status: 'sent',
  editedAt: m.editedAt,
  deleted: m.deleted,
  reactions: m.reactions.map(fromReaction),
  mentions: [],
  version: m.version,
});

const fromReaction = (r: ReactionFieldsFragment): ChatReaction => ({
  emoji: r.emoji,
  users: r.users.map(({ id, name }) => ({ id, name })),
});

/** The other person of a direct message (oneself, for a note to self). */
export const partnerOf = <U extends { id: string }>(message: { from: U; to: U }, meId: string): U =>
  message.from.id === meId ? message.to : message.from;

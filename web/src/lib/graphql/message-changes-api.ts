import type { Client } from '@urql/svelte';
import { handleError } from '../chat/errors.js';
import { fromChannelMessage, fromDirectMessage } from '../chat/from-server.js';
import type { Target } from '../chat/target.js';
import type { ChatMessage } from '../chat/timeline.js';
import type { Outcome } from './chat-api.js';
import {
  DeleteDirectMessageDocument,
  DeleteMessageDocument,
  EditDirectMessageDocument,
  EditMessageDocument,
  ReactDocument,
  ReactToDirectMessageDocument,
} from './generated/graphql.js';

/** A change to one message, for channels and direct messages alike. */
export type MessageChange =
  | { readonly kind: 'edit'; readonly body: string }
  | { readonly kind: 'delete' }
  | { readonly kind: 'react'; readonly emoji: string; readonly on: boolean };

const FALLBACK: Record<MessageChange['kind'], string> = {
  edit: 'The edit was not saved. Try again.',
  delete: 'The message was not deleted. Try again.',
  react: 'The reaction was not saved. Try again.',
};

/** Sends the change; resolves with the message's new state from the server, or what to tell the person. */
export async function changeMessage(
  client: Client,
  target: Target,
  id: string,
  change: MessageChange,
): Promise<Outcome<{ message: ChatMessage }>> {
  const result = await (target.kind === 'channel'
    ? changeChannelMessage(client, target.channelId, id, change)
    : changeDirect(client, id, change));
  if (result.message) return { message: result.message };
  return { error: handleError(result.error, FALLBACK[change.kind]) ?? FALLBACK[change.kind] };
}

type Answer = { message: ChatMessage | null; error?: Parameters<typeof handleError>[0] };

async function changeChannelMessage(client: Client, channelId: string, id: string, change: MessageChange): Promise<Answer> {
  if (change.kind === 'edit') {
    const r = await client.mutation(EditMessageDocument, { channelId, id, body: change.body }).toPromise();
    return { message: r.data ? fromChannelMessage(r.data.editMessage) : null, error: r.error };
  }
  if (change.kind === 'delete') {
    const r = await client.mutation(DeleteMessageDocument, { channelId, id }).toPromise();
    return { message: r.data ? fromChannelMessage(r.data.deleteMessage) : null, error: r.error };
  }
  const r = await client.mutation(ReactDocument, { channelId, messageId: id, emoji: change.emoji, on: change.on }).toPromise();
  return { message: r.data ? fromChannelMessage(r.data.react) : null, error: r.error };
}

async function changeDirect(client: Client, id: string, change: MessageChange): Promise<Answer> {
  if (change.kind === 'edit') {
    const r = await client.mutation(EditDirectMessageDocument, { id, body: change.body }).toPromise();
    return { message: r.data ? fromDirectMessage(r.data.editDirectMessage) : null, error: r.error };
  }
  if (change.kind === 'delete') {
    const r = await client.mutation(DeleteDirectMessageDocument, { id }).toPromise();
    return { message: r.data ? fromDirectMessage(r.data.deleteDirectMessage) : null, error: r.error };
  }
  const r = await client.mutation(ReactToDirectMessageDocument, { id, emoji: change.emoji, on: change.on }).toPromise();
  return { message: r.data ? fromDirectMessage(r.data.reactToDirectMessage) : null, error: r.error };
}

import type { Client } from '@urql/svelte';
import type { Target } from '../chat/target.js';
import { TypingDocument } from './generated/graphql.js';

/**
 * Says that the signed-in user is typing in the conversation. A refusal
 * (said too often, or offline) is not worth a word: the next keystrokes say
 * it again, and a lost one only shortens what the others see.
 */
export async function sayTyping(client: Client, target: Target): Promise<void> {
  const variables = target.kind === 'channel' ? { channelId: target.channelId } : { to: target.person };
  await client.mutation(TypingDocument, variables).toPromise();
}

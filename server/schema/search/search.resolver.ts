import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { DirectMessage, Message } from '../../domain/models.js';
import { SEARCH_RESULTS_DEFAULT } from '../../domain/search-rules.js';
import type { SignedInContext } from '../context.js';
import { DirectMessageType } from '../direct-message/direct-message.type.js';
import { MessageType } from '../message/message.type.js';

@Resolver()
export class SearchResolver {
  @Authorized()
  @Query(() => [MessageType], {
    description:
      'Retained channel messages (not deleted) whose body contains every word of `text`, compared without regard to case or accents, each word matching the start of a word of the body ("caf" finds "Café"), newest first; only in one channel when channelId is given. `text` is plain words: 1 to 200 characters with a letter or digit. At most 50 results.',
  })
  searchMessages(
    @Arg('text', () => String) text: string,
    @Arg('channelId', () => ID, { nullable: true }) channelId: string | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: SEARCH_RESULTS_DEFAULT }) first: number | null,
    @Ctx() context: SignedInContext,
  ): Promise<Message[]> {
    return context.services.search.messages({ text, channelId, first });
  }

  @Authorized()
  @Query(() => [DirectMessageType], {
    description: "The same over the signed-in user's own direct messages only; with `with`, only the conversation with the named user.",
  })
  searchDirectMessages(
    @Arg('text', () => String) text: string,
    @Arg('with', () => String, { nullable: true }) withName: string | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: SEARCH_RESULTS_DEFAULT }) first: number | null,
    @Ctx() context: SignedInContext,
  ): Promise<DirectMessage[]> {
    return context.services.search.directMessages(context.session.user, { text, with: withName, first });
  }
}

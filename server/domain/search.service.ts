import type { ChannelService } from './channel.service.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DirectMessage, Message, User } from './models.js';
import type { Store } from './ports/store.port.js';
import { parseSearchFirst, parseSearchText } from './search-rules.js';
import { nameKey, nameSkeleton } from './text-rules.js';

/**
 * Finds retained messages that are not deleted by their words (see
 * search-rules.ts), newest first: in every channel or one, and in the
 * signed-in user's own direct conversations only.
 */
export class SearchService {
  constructor(
    private readonly store: Store,
    private readonly channels: ChannelService,
  ) {}

  async messages(input: { text: unknown; channelId?: unknown; first?: unknown }): Promise<Message[]> {
    const words = parseSearchText(input.text);
    const first = parseSearchFirst(input.first);
    const hasChannel = input.channelId !== undefined && input.channelId !== null;
    const channelId = hasChannel ? (await this.channels.get(input.channelId)).id : null;
    return this.store.searchMessages({ words, first, channelId });
  }

  /** Only messages the user sent or received; with `with`, only those of that conversation. */
  async directMessages(user: User, input: { text: unknown; with?: unknown; first?: unknown }): Promise<DirectMessage[]> {
    const words = parseSearchText(input.text);
    const first = parseSearchFirst(input.first);
    const hasPartner = input.with !== undefined && input.with !== null;
    const otherUserId = hasPartner ? (await this.userNamed(input.with)).id : null;
    return this.store.searchDirectMessages({ words, first, userId: user.id, otherUserId });
  }

  /** The user a name refers to now, or the one it last referred to, as for reading a conversation. */
  private async userNamed(rawName: unknown): Promise<User> {
    if (typeof rawName !== 'string' || rawName.trim() === '')
      throw new DomainError(ErrorCode.BadUserInput, 'Name the user.', { field: 'with' });
    const name = rawName.trim().replace(/ {2,}/g, ' ');
    const found = await this.store.findUserByName(nameKey(name), nameSkeleton(name));
    if (!found) throw new DomainError(ErrorCode.NotFound, `There is no user named "${name.slice(0, 40)}".`, { field: 'with' });
    return found.user;
  }
}

import type { User } from './models.js';
import type { Store } from './ports/store.port.js';
import { parseMentions } from './mention-rules.js';
import { nameKey, nameSkeleton } from './text-rules.js';

/**
 * The live users a body mentions, in the order first mentioned, each once:
 * names are compared as everywhere (case and look-alikes aside), so "@ADA"
 * and "@аda" (Cyrillic а) mention ada. A name nobody holds now, or whose user
 * signed out for good, is plain text.
 */
export async function resolveMentions(store: Pick<Store, 'findUserByName'>, body: string): Promise<User[]> {
  const names = parseMentions(body);
  // At most MAX_MENTIONS_PER_MESSAGE look-ups, side by side.
  const found = await Promise.all(names.map((name) => store.findUserByName(nameKey(name), nameSkeleton(name))));
  const users = new Map<string, User>();
  for (const match of found) if (match && !match.ended && !users.has(match.user.id)) users.set(match.user.id, match.user);
  return [...users.values()];
}

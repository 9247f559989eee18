import { DomainError, ErrorCode } from './errors.js';
import type { User } from './models.js';
import type { Store } from './ports/store.port.js';
import { nameKey, nameSkeleton } from './text-rules.js';

/**
 * The user a name refers to now, or the one it last referred to (whose
 * conversations can still be read); NOT_FOUND when there is none.
 */
export async function findNamedUser(store: Store, rawName: unknown, field: string): Promise<{ user: User; ended: boolean }> {
  if (typeof rawName !== 'string' || rawName.trim() === '')
    throw new DomainError(ErrorCode.BadUserInput, 'Name the user to write to.', { field });
  const name = rawName.trim().replace(/ {2,}/g, ' ');
  const user = await store.findUserByName(nameKey(name), nameSkeleton(name));
  if (!user) throw new DomainError(ErrorCode.NotFound, `There is no user named "${rawName.trim().slice(0, 40)}".`, { field });
  return user;
}

import { isConversationPath } from './conversation-key.js';

/**
 * The conversation a user had open last, per user name, so that reopening the
 * browser lands there. Only the path is kept; the session itself lives in an
 * HttpOnly cookie that page scripts never see.
 */
type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const storageKey = (userName: string) => `flask-chat:last-conversation:${userName.toLowerCase()}`;

export function rememberConversation(userName: string, path: string, storage: StorageLike | undefined = safeStorage()): void {
  if (!storage || !isConversationPath(path)) return;
  try {
    storage.setItem(storageKey(userName), path);
  } catch {
    // Private mode or a full quota: landing on the default channel is fine.
  }
}

/** Forgets `path` as the one to reopen at (a channel or user that does not exist), unless another was remembered since. */
export function forgetConversation(userName: string, path: string, storage: StorageLike | undefined = safeStorage()): void {
  if (!storage) return;
  try {
    if (storage.getItem(storageKey(userName)) === path) storage.removeItem(storageKey(userName));
  } catch {
    // As above: nothing to forget where nothing could be kept.
  }
}

export function recallConversation(userName: string, storage: StorageLike | undefined = safeStorage()): string | null {
  if (!storage) return null;
  try {
    const path = storage.getItem(storageKey(userName));
    return path && isConversationPath(path) ? path : null;
  } catch {
    return null;
  }
}

function safeStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

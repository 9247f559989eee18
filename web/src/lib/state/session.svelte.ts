import type { Client } from '@urql/svelte';
import { errorCode, handleError } from '../chat/errors.js';
import type { UserRef } from '../chat/people.js';
import { createHttpClient } from '../graphql/client.js';
import { ErrorCode } from '../graphql/codes.js';
import { LoginDocument, LogoutDocument, MeDocument, SetPasswordDocument } from '../graphql/generated/graphql.js';

/** Signed in as this user, or what to tell the person; `needsPassword`: the name is protected, ask for its password. */
export type SignInOutcome = { readonly user: UserRef } | { readonly error: string | null; readonly needsPassword: boolean };

/** Who is signed in (null: nobody), or why it could not be read; `offline`: the server could not be reached at all. */
export type WhoAmIOutcome = { readonly user: UserRef | null } | { readonly error: string; readonly offline: boolean };

const START_FAILED = 'The chat could not start.';
const SIGN_IN_FAILED = 'Signing in failed. Try again.';
const PASSWORD_NOT_SAVED = 'The password could not be saved. Try again.';

/**
 * The browser's session: who is signed in, and whether a password protects
 * their name. The session itself is an HttpOnly cookie that the server sets
 * at sign-in and this page never sees, so every question goes to the server
 * over HTTP.
 */
export class SessionState {
  #user = $state<UserRef | null>(null);

  constructor(private readonly client: Client = createHttpClient()) {}

  /** The signed-in user, once `whoAmI` or `signIn` has said; null before and after. */
  get user(): UserRef | null {
    return this.#user;
  }

  /** Whether a password protects the signed-in user's name. */
  get protected(): boolean {
    return this.#user?.protected ?? false;
  }

  /** Asks the server whom the session cookie belongs to. */
  async whoAmI(): Promise<WhoAmIOutcome> {
    const result = await this.client.query(MeDocument, {}).toPromise();
    if (result.error)
      return { error: handleError(result.error, START_FAILED) ?? START_FAILED, offline: Boolean(result.error.networkError) };
    const me = result.data?.me;
    this.#user = me ? { id: me.id, name: me.name, protected: me.protected } : null;
    return { user: this.#user };
  }

  /** Signs in with a name, and its password when the name is protected. */
  async signIn(name: string, password?: string): Promise<SignInOutcome> {
    const result = await this.client.mutation(LoginDocument, { name, password }).toPromise();
    const user = result.data?.login.user;
    if (user) {
      this.#user = { id: user.id, name: user.name, protected: user.protected };
      return { user: this.#user };
    }
    return { error: handleError(result.error, SIGN_IN_FAILED), needsPassword: errorCode(result.error) === ErrorCode.WrongPassword };
  }

  /** Ends the session on the server. The page goes to sign-in whatever the answer: a failure is only logged. */
  async signOut(): Promise<void> {
    const result = await this.client.mutation(LogoutDocument, {}).toPromise();
    this.#user = null;
    if (result.error) handleError(result.error);
  }

  /** Sets or changes the password of one's name; resolves with what to tell the person, or null once saved. */
  async setPassword(password: string, currentPassword?: string): Promise<string | null> {
    const result = await this.client.mutation(SetPasswordDocument, { password, currentPassword }).toPromise();
    if (result.data) {
      if (this.#user) this.#user = { ...this.#user, protected: result.data.setPassword.protected };
      return null;
    }
    return handleError(result.error, PASSWORD_NOT_SAVED) ?? 'The password could not be saved.';
  }
}

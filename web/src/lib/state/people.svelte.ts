import { applyPresence, listPeople, withPartner, type Person, type UserRef } from '../chat/people.js';

/** Who is online, and the people one has a conversation with: what the sidebar lists and mentions are offered from. */
export class People {
  #online = $state<UserRef[]>([]);
  #partners = $state<readonly UserRef[]>([]);

  constructor(private readonly meId: string) {}

  /** Online users and conversation partners (offline ones too), by name; not oneself. */
  get list(): readonly Person[] {
    return listPeople(this.#online, this.#partners, this.meId);
  }

  /** The lists as the server gave them; null for one that could not be loaded, which keeps what it was. */
  loaded(online: UserRef[] | null, partners: readonly UserRef[] | null): void {
    if (online) this.#online = online;
    if (partners) this.#partners = partners;
  }

  presenceChanged(user: UserRef & { online: boolean }): void {
    this.#online = applyPresence(this.#online, user);
  }

  /** A direct message with this person was sent or received. */
  wroteWith(partner: UserRef): void {
    this.#partners = withPartner(this.#partners, { id: partner.id, name: partner.name });
  }
}

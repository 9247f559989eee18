/** A user as the app refers to them. */
export interface UserRef {
  readonly id: string;
  readonly name: string;
  /** A password protects the name, where known. */
  readonly protected?: boolean;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly online: boolean;
  /** A password protects the name. */
  readonly protected: boolean;
  /** One has a conversation with them: listed under direct messages rather than just online. */
  readonly partner: boolean;
}

type UserLike = { readonly id: string; readonly name: string; readonly protected?: boolean };

// One collator for every comparison: localeCompare with options builds one per call, which sorting 5,000 channels feels.
const collator = new Intl.Collator(undefined, { sensitivity: 'base' });

export const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/**
 * Everyone one can write to: the users online now, and the people one has a
 * conversation with even when they are offline (shown greyed), once each, by
 * name, oneself left out.
 */
export function listPeople(online: readonly UserLike[], partners: readonly UserLike[], meId: string): Person[] {
  const byId = new Map<string, Person>();
  const person = (user: UserLike, isOnline: boolean, partner: boolean): Person => ({
    id: user.id,
    name: user.name,
    online: isOnline,
    protected: Boolean(user.protected),
    partner,
  });
  for (const partner of partners) byId.set(partner.id, person(partner, false, true));
  for (const user of online) byId.set(user.id, person(user, true, byId.has(user.id)));
  byId.delete(meId);
  return [...byId.values()].sort(byName);
}

/** The online list after a presence change: the user is added or removed. */
export function applyPresence<U extends { id: string }>(online: readonly U[], user: U & { online: boolean }): U[] {
  const others = online.filter((u) => u.id !== user.id);
  return user.online ? [...others, user] : others;
}

/** The conversation partners after a direct message with this person: a new partner comes first, a known one stays in place. */
export function withPartner<U extends { id: string }>(partners: readonly U[], partner: U): readonly U[] {
  return partners.some((p) => p.id === partner.id) ? partners : [partner, ...partners];
}

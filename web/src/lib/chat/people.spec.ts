import { describe, expect, it } from 'vitest';
import { applyPresence, listPeople, withPartner } from './people.js';

const ada = { id: '1', name: 'Ada' };
const bob = { id: '2', name: 'bob' };
const cy = { id: '3', name: 'Cy', protected: true };

describe('listPeople', () => {
  it('should list online users and offline conversation partners once each, by name, without oneself', () => {
    expect(listPeople([ada, cy], [bob, cy], ada.id)).toEqual([
      { ...bob, online: false, protected: false, partner: true },
      { ...cy, online: true, protected: true, partner: true },
    ]);
    expect(listPeople([bob], [], ada.id)).toEqual([{ ...bob, online: true, protected: false, partner: false }]);
  });
});

describe('applyPresence', () => {
  it('should add a user who came online and remove one who went offline', () => {
    const online = applyPresence([ada], { ...bob, online: true });
    expect(online.map((u) => u.id)).toEqual(['1', '2']);
    expect(applyPresence(online, { ...ada, online: false }).map((u) => u.id)).toEqual(['2']);
    expect(applyPresence(online, { ...bob, online: true }).map((u) => u.id)).toEqual(['1', '2']);
  });
});

describe('withPartner', () => {
  it('should put a new partner first and keep the list as it is for a known one', () => {
    const partners = withPartner([bob], cy);
    expect(partners).toEqual([cy, bob]);
    expect(withPartner(partners, { ...bob })).toBe(partners);
  });
});

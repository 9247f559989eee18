import { describe, expect, it } from 'vitest';
import { dmKey } from '../chat/conversation-key.js';
import { DesktopNotifications, type NotificationHost } from './notifications.svelte.js';

function fakeHost(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  const raised: { title: string; options?: NotificationOptions; onclick: (() => void) | null; closed: boolean }[] = [];
  const stored = new Map<string, string>();
  let asked = 0;
  let focused = 0;
  class FakeNotification {
    static permission = permission;
    static requestPermission = async () => {
      asked++;
      FakeNotification.permission = answer;
      return answer;
    };
    onclick: (() => void) | null = null;
    constructor(title: string, options?: NotificationOptions) {
      raised.push(this as never);
      Object.assign(this, { title, options, closed: false });
    }
    close() {
      (this as unknown as { closed: boolean }).closed = true;
    }
  }
  const host = {
    Notification: FakeNotification as unknown as NotificationHost['Notification'],
    document: { visibilityState: 'hidden' as DocumentVisibilityState },
    storage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => void stored.set(k, v),
      removeItem: (k: string) => void stored.delete(k),
    },
    focus: () => void focused++,
  };
  return { host, raised, asked: () => asked, focused: () => focused };
}

const bobWrites = { key: dmKey('bob'), path: '/dm/bob', title: 'bob', body: 'are you there?' };

describe('DesktopNotifications', () => {
  it('should stay off until turned on, asking the browser only then, and be remembered for the user', async () => {
    const { host, raised, asked } = fakeHost('default');
    const notifications = new DesktopNotifications('Ada', () => {}, host);
    expect(notifications.setting).toBe('off');
    notifications.raise(bobWrites);
    expect(raised).toHaveLength(0);
    expect(asked()).toBe(0);

    await notifications.turnOn();
    expect(asked()).toBe(1);
    expect(notifications.setting).toBe('on');
    expect(new DesktopNotifications('ada', () => {}, host).setting).toBe('on');
    notifications.turnOff();
    expect(new DesktopNotifications('Ada', () => {}, host).setting).toBe('off');
  });

  it('should raise one only while the page is hidden, and open the conversation when clicked', async () => {
    const { host, raised, focused } = fakeHost('granted');
    const opened: string[] = [];
    const notifications = new DesktopNotifications('Ada', (path) => opened.push(path), host);
    await notifications.turnOn();
    host.document.visibilityState = 'visible';
    notifications.raise(bobWrites);
    expect(raised).toHaveLength(0);

    host.document.visibilityState = 'hidden';
    notifications.raise(bobWrites);
    expect(raised).toMatchObject([{ title: 'bob', options: { body: 'are you there?', tag: dmKey('bob') } }]);
    raised[0]!.onclick!();
    expect(focused()).toBe(1);
    expect(opened).toEqual(['/dm/bob']);
    expect(raised[0]!.closed).toBe(true);
  });

  it('should say so when the browser blocks them or has none', async () => {
    const blocked = fakeHost('default', 'denied');
    const notifications = new DesktopNotifications('Ada', () => {}, blocked.host);
    await notifications.turnOn();
    expect(notifications.setting).toBe('blocked');
    const none = { ...blocked.host, Notification: undefined };
    expect(new DesktopNotifications('Ada', () => {}, none).setting).toBe('unsupported');
  });
});

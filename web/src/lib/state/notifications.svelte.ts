import type { Notable } from '../chat/notable.js';

export type NotificationSetting = 'unsupported' | 'off' | 'on' | 'blocked';

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What the browser offers, as far as these notifications need it; a stand-in in specs. */
export interface NotificationHost {
  readonly Notification?: {
    readonly permission: NotificationPermission;
    requestPermission(): Promise<NotificationPermission>;
    new (title: string, options?: NotificationOptions): Notification;
  };
  readonly document: Pick<Document, 'visibilityState'>;
  readonly storage?: StorageLike;
  focus(): void;
}

const storageKey = (userName: string) => `flask-chat:notifications:${userName.toLowerCase()}`;
const BODY_LENGTH = 180;

/**
 * Desktop notifications, opt-in: asked for only from a control the person
 * clicks (never on load), remembered per user in this browser, and raised
 * only while the page is hidden, for direct messages and mentions. A click
 * on one brings the window forward and opens the conversation.
 */
export class DesktopNotifications {
  #wanted = $state(false);
  #permission = $state<NotificationPermission | 'unsupported'>('unsupported');

  constructor(
    private readonly userName: string,
    private readonly open: (path: string) => void,
    private readonly host: NotificationHost = browserHost(),
  ) {
    this.#permission = host.Notification?.permission ?? 'unsupported';
    this.#wanted = this.#read() === 'on';
  }

  get setting(): NotificationSetting {
    if (this.#permission === 'unsupported') return 'unsupported';
    if (this.#permission === 'denied') return 'blocked';
    return this.#wanted && this.#permission === 'granted' ? 'on' : 'off';
  }

  /** Asks the browser for permission (it may ask the person) and turns them on when granted. */
  async turnOn(): Promise<void> {
    const api = this.host.Notification;
    if (!api) return;
    this.#permission = api.permission === 'granted' ? 'granted' : await api.requestPermission();
    this.#wanted = this.#permission === 'granted';
    if (this.#wanted) this.#write('on');
  }

  turnOff(): void {
    this.#wanted = false;
    this.#write(null);
  }

  /** Tells of a message while the page is hidden, if turned on; one notification per conversation, the newest. */
  raise(notable: Notable): void {
    const api = this.host.Notification;
    if (!api || this.setting !== 'on' || this.host.document.visibilityState !== 'hidden') return;
    const body = notable.body.length > BODY_LENGTH ? `${notable.body.slice(0, BODY_LENGTH - 1)}…` : notable.body;
    const notification = new api(notable.title, { body, tag: notable.key });
    notification.onclick = () => {
      this.host.focus();
      this.open(notable.path);
      notification.close();
    };
  }

  #read(): string | null {
    try {
      return this.host.storage?.getItem(storageKey(this.userName)) ?? null;
    } catch {
      return null;
    }
  }

  #write(value: 'on' | null): void {
    try {
      if (value) this.host.storage?.setItem(storageKey(this.userName), value);
      else this.host.storage?.removeItem(storageKey(this.userName));
    } catch {
      // Private mode or a full quota: the setting lasts for this page only.
    }
  }
}

function browserHost(): NotificationHost {
  return {
    Notification: typeof Notification === 'undefined' ? undefined : Notification,
    document,
    storage: safeStorage(),
    focus: () => window.focus(),
  };
}

function safeStorage(): StorageLike | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

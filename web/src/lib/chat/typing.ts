/** Someone typing in the open conversation, until `until` (ms since the epoch) unless they say it again. */
export interface Typist {
  readonly id: string;
  readonly name: string;
  readonly until: number;
}

/**
 * How long a "typing" lasts here without news: the server's 5 s lapse and a
 * little more, so that a stop lost with a dropped connection does not leave
 * the line up for good.
 */
export const TYPING_LAPSE_MS = 6_000;

/** The list after someone started (again) or stopped typing. */
export function withTyping(list: readonly Typist[], user: { id: string; name: string }, typing: boolean, now: number): Typist[] {
  const others = list.filter((t) => t.id !== user.id);
  return typing ? [...others, { id: user.id, name: user.name, until: now + TYPING_LAPSE_MS }] : others;
}

/** The ones still typing at `now`. */
export const stillTyping = (list: readonly Typist[], now: number): Typist[] => list.filter((t) => t.until > now);

/** "bob is typing…", "bob and carol are typing…", "bob, carol and 2 others are typing…"; empty for nobody. */
export function typingLine(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`;
  return `${names[0]}, ${names[1]} and ${names.length - 2} others are typing…`;
}

/** The composer says "typing" at most once per interval while text is being typed, never for an empty box. */
export const TYPING_EVERY_MS = 3_000;

/** Decides when the composer tells the server that the user is typing: throttled, and reset by a send. */
export class TypingThrottle {
  #last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly say: () => void,
    private readonly now: () => number = Date.now,
    private readonly every = TYPING_EVERY_MS,
  ) {}

  /** The text changed to this. */
  input(text: string): void {
    if (text.trim() === '') return;
    const now = this.now();
    if (now - this.#last < this.every) return;
    this.#last = now;
    this.say();
  }

  /** A send ends the typing on the server: the next keystroke says it again at once. */
  sent(): void {
    this.#last = Number.NEGATIVE_INFINITY;
  }
}

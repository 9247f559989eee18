/** From how many characters before the limit the count shows: enough warning to shorten a long message in time. */
export const COUNT_SHOWN_BEFORE = 500;

export interface TextCount {
  /** Characters as the server counts them: code points, once the outer white space is trimmed. */
  readonly length: number;
  /** Whether the count is shown: near the limit or over it. */
  readonly shown: boolean;
  /** How many characters too many; 0 within the limit. */
  readonly over: number;
}

export function countText(text: string, max: number): TextCount {
  const length = [...text.trim()].length;
  return { length, shown: length >= max - COUNT_SHOWN_BEFORE, over: Math.max(0, length - max) };
}

const number = (value: number) => value.toLocaleString('en');

/** What the count line says: "3,612 / 4,000", or why the message cannot be sent as it is. */
export function countLine(count: TextCount, max: number): string {
  if (count.over === 0) return `${number(count.length)} / ${number(max)}`;
  return `${number(count.length)} / ${number(max)}: ${number(count.over)} ${count.over === 1 ? 'character' : 'characters'} too many`;
}

/** Why a message over the limit is not sent, with what to do. */
export const refusalLine = (count: TextCount, max: number) =>
  `Not sent: a message has at most ${number(max)} characters and this one has ${number(count.length)}. Shorten it by ${number(count.over)} to send it.`;

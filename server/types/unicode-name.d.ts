// unicode-name ships no types; only what we call is declared.
declare module 'unicode-name' {
  /** The character's name, its correction or an alias, or a label such as "<private-use-E000>". */
  export function unicodeReadableName(char: string): string | undefined;
}

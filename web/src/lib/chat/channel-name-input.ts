/**
 * The channel name a person means when they type in the creation field:
 * "#design" and " design " both mean "design", as the sidebar writes the "#"
 * itself. Only the leading "#"s and the outer spaces go; the server judges the
 * rest (length, characters, duplicates).
 */
export function channelNameFromInput(typed: string): string {
  return typed.trim().replace(/^#+/, '').trim();
}

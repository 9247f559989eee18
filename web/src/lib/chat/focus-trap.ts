/**
 * Where Tab goes inside a trap (an open drawer): the next or previous of its
 * focusable elements, wrapping around at both ends, so that the focus never
 * leaves for the inert page behind. Null when nothing in it can be focused.
 */
export function nextInTrap<T>(focusables: readonly T[], current: T | null, backwards: boolean): T | null {
  if (focusables.length === 0) return null;
  const at = current === null ? -1 : focusables.indexOf(current);
  if (at === -1) return backwards ? focusables[focusables.length - 1]! : focusables[0]!;
  const step = backwards ? -1 : 1;
  return focusables[(at + step + focusables.length) % focusables.length]!;
}

/** What Tab can reach in a container: the usual interactive elements, minus the disabled, hidden or negative-tabindex ones. */
export const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

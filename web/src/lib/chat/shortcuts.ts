/** Ctrl+Enter (Windows, Linux) and Cmd+Enter (macOS) send; Enter alone inserts a line break. */
export function isSendShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'isComposing'>): boolean {
  return event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing;
}

/** The tab's icon: the app's, with a red dot while anything is unread. */
export const faviconFor = (unread: number): string => (unread > 0 ? 'favicon-unread.svg' : 'favicon.svg');

/** Points the page's icon link at the right file, resolved beside the one it names (the app may be served under a base path). */
export function showFavicon(doc: Document, unread: number): void {
  const link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) return;
  const next = new URL(faviconFor(unread), link.href).href;
  if (link.href !== next) link.href = next;
}

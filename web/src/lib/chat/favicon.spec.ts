import { describe, expect, it } from 'vitest';
import { faviconFor, showFavicon } from './favicon.js';

describe('favicon', () => {
  it('should show a dot while anything is unread', () => {
    expect(faviconFor(0)).toBe('favicon.svg');
    expect(faviconFor(3)).toBe('favicon-unread.svg');
  });

  it('should point the icon link beside the icon it named', () => {
    const link = { href: 'https://chat.example/app/favicon.svg' };
    const doc = { querySelector: () => link } as unknown as Document;
    showFavicon(doc, 2);
    expect(link.href).toBe('https://chat.example/app/favicon-unread.svg');
    showFavicon(doc, 0);
    expect(link.href).toBe('https://chat.example/app/favicon.svg');
  });
});

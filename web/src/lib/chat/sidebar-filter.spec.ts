import { describe, expect, it } from 'vitest';
import { sidebarFilter } from './sidebar-filter.js';

describe('sidebarFilter', () => {
  it('should match names containing the text, ignoring case and accents', () => {
    const matches = sidebarFilter('CAFE');
    expect(matches('le café')).toBe(true);
    expect(matches('Cafeteria')).toBe(true);
    expect(matches('tea')).toBe(false);
  });

  it('should leave out a leading "#" or "@" and the outer spaces', () => {
    expect(sidebarFilter(' #gen ')('general')).toBe(true);
    expect(sidebarFilter('@ad')('Ada')).toBe(true);
  });

  it('should match everything when empty', () => {
    expect(sidebarFilter('  ')('anything')).toBe(true);
  });
});

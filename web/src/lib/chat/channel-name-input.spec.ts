import { describe, expect, it } from 'vitest';
import { channelNameFromInput } from './channel-name-input.js';

describe('channelNameFromInput', () => {
  it('should drop a leading "#" and the outer spaces', () => {
    expect(channelNameFromInput('#design')).toBe('design');
    expect(channelNameFromInput('  ## design  ')).toBe('design');
    expect(channelNameFromInput(' design ')).toBe('design');
  });

  it('should keep a "#" inside the name and the inner spaces', () => {
    expect(channelNameFromInput('c# and f#')).toBe('c# and f#');
    expect(channelNameFromInput('#team  one')).toBe('team  one');
  });

  it('should give an empty name for nothing but "#" and spaces', () => {
    expect(channelNameFromInput(' # ')).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from './errors.js';
import { checkMarkerTarget } from './read-marker-rules.js';

const codeOf = (call: () => void) => {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
  return null;
};

describe('checkMarkerTarget', () => {
  const position = { retained: false, oldestId: '10', newestId: '20' };

  it('should allow a retained message', () => {
    expect(codeOf(() => checkMarkerTarget({ ...position, retained: true }, '15'))).toBeNull();
  });

  it('should allow an id below the oldest retained one, which the cap may have removed', () => {
    expect(codeOf(() => checkMarkerTarget(position, '3'))).toBeNull();
  });

  it('should refuse an id above the newest message with BAD_USER_INPUT', () => {
    expect(codeOf(() => checkMarkerTarget(position, '21'))).toBe(ErrorCode.BadUserInput);
  });

  it('should compare ids as numbers, not as text', () => {
    expect(codeOf(() => checkMarkerTarget({ retained: false, oldestId: '9', newestId: '10' }, '100'))).toBe(ErrorCode.BadUserInput);
    expect(codeOf(() => checkMarkerTarget({ retained: false, oldestId: '90', newestId: '100' }, '9'))).toBeNull();
  });

  it('should refuse an id among the retained ones that is not one of them with NOT_FOUND', () => {
    expect(codeOf(() => checkMarkerTarget(position, '15'))).toBe(ErrorCode.NotFound);
  });

  it('should refuse any id where no message is retained with NOT_FOUND', () => {
    expect(codeOf(() => checkMarkerTarget({ retained: false, oldestId: null, newestId: null }, '1'))).toBe(ErrorCode.NotFound);
  });
});

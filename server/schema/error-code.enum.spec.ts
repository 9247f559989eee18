import { isEnumType, isScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ErrorCode, INTERNAL_SERVER_ERROR } from '../api/codes.js';
import { buildChatSchema } from './build-schema.js';

describe('the schema for generated clients', () => {
  it('should list every error code with a description in the ErrorCode enum', async () => {
    const type = (await buildChatSchema()).getType('ErrorCode');
    expect(isEnumType(type)).toBe(true);
    const values = isEnumType(type) ? type.getValues() : [];
    expect(values.map((value) => value.name).sort()).toEqual([...Object.values(ErrorCode), INTERNAL_SERVER_ERROR].sort());
    for (const value of values) expect(value.description, value.name).toMatch(/\w{3,}/);
  });

  it('should name the DateTime format with @specifiedBy', async () => {
    const type = (await buildChatSchema()).getType('DateTime');
    expect(isScalarType(type) && type.specifiedByURL).toBe('https://scalars.graphql.org/andimarek/date-time');
  });
});

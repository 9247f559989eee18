import { buildSchema, specifiedRules } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './document-cache.js';

const schema = buildSchema('type Query { hello: String, world: String }');

describe('DocumentCache', () => {
  it('should hand out one document for the same query text', () => {
    const cache = new DocumentCache(schema, specifiedRules);
    const first = cache.check('{ hello }');
    expect(first.document).toBeDefined();
    expect(cache.check('{ hello }').document).toBe(first.document);
  });

  it('should refuse a query that does not parse or does not validate, every time', () => {
    const cache = new DocumentCache(schema, specifiedRules);
    expect(cache.check('{ hello').errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(cache.check('{ nope }').errors?.[0]?.message).toMatch(/Cannot query field "nope"/);
    expect(cache.check('{ nope }').errors).toHaveLength(1);
  });

  it('should evict the least recently used query beyond its capacity', () => {
    const cache = new DocumentCache(schema, specifiedRules, 2);
    const hello = cache.check('{ hello }').document;
    const world = cache.check('{ world }').document;
    cache.check('{ hello }');
    cache.check('{ hello world }');
    expect(cache.check('{ hello }').document).toBe(hello);
    expect(cache.check('{ world }').document).not.toBe(world);
  });

  it('should not keep a query longer than the limit', () => {
    const cache = new DocumentCache(schema, specifiedRules, 10, 5);
    const query = '{ hello }';
    expect(cache.check(query).document).not.toBe(cache.check(query).document);
  });
});

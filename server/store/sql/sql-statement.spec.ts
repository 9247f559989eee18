import { describe, expect, it } from 'vitest';
import { compile, positional, postgresDialect, sqliteDialect, statement } from './sql-statement.js';

describe('compiling a statement for each engine', () => {
  const send = statement<{ channel: string; keep: number }>(
    'prune',
    `DELETE FROM messages WHERE channel_id = :channel AND id <= (
       SELECT id FROM messages WHERE channel_id = :channel ORDER BY id DESC LIMIT 1 OFFSET :keep)`,
  );

  it('should give better-sqlite3 named parameters, each name as written', () => {
    const { text, order } = compile(send, sqliteDialect);
    expect(text).toContain('channel_id = @channel AND');
    expect(text).toContain('OFFSET @keep)');
    expect(order).toEqual(['channel', 'keep']);
  });

  it('should number the parameters for PostgreSQL, a name used twice by one number', () => {
    const compiled = compile(send, postgresDialect);
    expect(compiled.text).toMatch(/channel_id = \$1 AND id <= \(\s+SELECT id FROM messages WHERE channel_id = \$1 .* OFFSET \$2\)/s);
    expect(positional(compiled, { keep: 100, channel: '7' }, send.name)).toEqual(['7', 100]);
  });

  it('should leave casts and quoted text alone', () => {
    const cast = statement<{ ids: readonly string[] }>('cast', `SELECT ':not_a_parameter', 'it''s :x' WHERE id = ANY(:ids::bigint[])`);
    expect(compile(cast, postgresDialect).text).toBe(`SELECT ':not_a_parameter', 'it''s :x' WHERE id = ANY($1::bigint[])`);
    expect(compile(cast, sqliteDialect).text).toBe(`SELECT ':not_a_parameter', 'it''s :x' WHERE id = ANY(@ids::bigint[])`);
  });

  it('should write the fragments that differ per engine', () => {
    const ordered = statement('ordered', (d) => `SELECT name FROM channels ORDER BY name_key${d.byteOrder}`);
    expect(compile(ordered, sqliteDialect).text).toBe('SELECT name FROM channels ORDER BY name_key');
    expect(compile(ordered, postgresDialect).text).toBe('SELECT name FROM channels ORDER BY name_key COLLATE "C"');
  });

  it('should refuse a missing parameter rather than send NULL', () => {
    const compiled = compile(send, postgresDialect);
    expect(() => positional(compiled, { channel: '7' } as never, send.name)).toThrow('Statement prune needs the parameter :keep.');
  });

  it('should send a NULL that is given', () => {
    const insert = statement<{ clientId: string | null }>('insert', `INSERT INTO messages (client_id) VALUES (:clientId)`);
    expect(positional(compile(insert, postgresDialect), { clientId: null }, insert.name)).toEqual([null]);
  });
});

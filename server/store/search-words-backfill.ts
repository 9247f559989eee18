import { indexedWords } from '../domain/search-rules.js';

/** The words of messages stored before search existed, for the migration that adds them. */
export function fillSearchWords<Id>(rows: readonly { id: Id; body: string }[]): { id: Id; words: string }[] {
  return rows.map((row) => ({ id: row.id, words: indexedWords(row.body) }));
}

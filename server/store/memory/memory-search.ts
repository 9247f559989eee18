import { matchesSearch, searchWords } from '../../domain/search-rules.js';
import type { ChangeableRow } from './memory-tables.js';

/**
 * Search in the memory store, by the domain's own word rule, as the SQL
 * stores' indexes hold it: a body is read as words when searched (the
 * memory store serves specs, where a scan is what an index would be).
 * Newest first (ids only grow), deleted messages never.
 */
export function newestMatching<R extends ChangeableRow & { readonly id: string }>(
  rows: Iterable<R>,
  words: readonly string[],
  first: number,
): R[] {
  const found: R[] = [];
  for (const row of rows) if (!row.deleted && matchesSearch(searchWords(row.body), words)) found.push(row);
  return found.sort((a, b) => Number(b.id) - Number(a.id)).slice(0, first);
}

/** node's and node-postgres's ways of saying that no connection came about at all. */
const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

function parts(url: string): { user: string; database: string } {
  try {
    const parsed = new URL(url);
    return { user: decodeURIComponent(parsed.username) || 'the default user', database: decodeURIComponent(parsed.pathname.slice(1)) };
  } catch {
    return { user: 'the configured user', database: 'the configured database' };
  }
}

/**
 * Why PostgreSQL could not be used at start-up, as a sentence that names
 * DATABASE_URL (never its password) and says what to do: unreachable, no
 * such database, the user refused, or anything else it said.
 */
export function describePostgresOpenFailure(url: string, error: unknown): Error {
  const where = describePostgres(url);
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message || String(error);
  const { user, database } = parts(url);
  if ((typeof code === 'string' && UNREACHABLE_ERRNO.has(code)) || /timeout|Connection terminated/i.test(message))
    return new Error(`Cannot reach PostgreSQL at ${where} (${message}). Check DATABASE_URL and that the server is running.`);
  if (code === '3D000')
    return new Error(
      `PostgreSQL at ${where} has no database "${database}" (${message}). Create it (createdb ${database}), or fix the database name in DATABASE_URL.`,
    );
  if (code === '28P01' || code === '28000')
    return new Error(
      `PostgreSQL at ${where} refused the user "${user}" (${message}). Check the user name and password in DATABASE_URL, and that pg_hba.conf lets this user in.`,
    );
  if (code === '42501')
    return new Error(
      `PostgreSQL at ${where} does not let the user "${user}" create or change the tables (${message}). Grant it rights on the database (or run npm run migrate as its owner), or fix DATABASE_URL.`,
    );
  return new Error(`Cannot use PostgreSQL at ${where}: ${message}${typeof code === 'string' ? ` (${code})` : ''}. Check DATABASE_URL.`);
}

/** DATABASE_URL without its password, for messages and logs. */
export function describePostgres(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the configured PostgreSQL server';
  }
}

import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../server/store/postgres/postgres.store.js';
import { POSTGRES_ADMIN_URL, servicesAvailable } from './test-services.js';

const postgres = await servicesAvailable('The PostgreSQL start-up failure tests', { postgres: true });

/** The admin URL with another user or database. */
function variant(change: (url: URL) => void): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  change(url);
  return url.toString();
}

describe('PostgreSQL at start-up', () => {
  it('should say it cannot reach a server that is not there', async () => {
    await expect(PostgresStore.open('postgres://postgres@127.0.0.1:1/chat')).rejects.toThrow(
      /^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/chat \(.*ECONNREFUSED.*\)\. Check DATABASE_URL and that the server is running\.$/,
    );
  });

  it.skipIf(!postgres)('should name a database that does not exist and say how to create it', async () => {
    const url = variant((u) => (u.pathname = '/no_such_flask_chat_db'));
    await expect(PostgresStore.open(url)).rejects.toThrow(
      /has no database "no_such_flask_chat_db" .*Create it \(createdb no_such_flask_chat_db\), or fix the database name in DATABASE_URL\./,
    );
  });

  it.skipIf(!postgres)('should name a user that PostgreSQL refuses, without its password', async () => {
    const url = variant((u) => {
      u.username = 'no_such_flask_chat_user';
      u.password = 'secret-password';
    });
    const error = await PostgresStore.open(url).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /refused the user "no_such_flask_chat_user" .*Check the user name and password in DATABASE_URL, and that pg_hba\.conf lets this user in\./,
    );
    expect((error as Error).message).not.toContain('secret-password');
  });
});

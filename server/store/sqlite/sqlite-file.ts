import Database from 'better-sqlite3';
import { accessSync, closeSync, constants, mkdirSync, openSync, readSync, statfsSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * What must hold before the server trusts a SQLite file, checked at start-up
 * so that every failure names DATABASE_URL and the file and says what to do,
 * instead of SQLite's "unable to open database file" (or, under /proc, a
 * mkdir that never returns).
 */
export class DatabaseFileError extends Error {
  constructor(databaseUrl: string, path: string, problem: string) {
    const named = resolve(databaseUrl) === databaseUrl ? path : `${path}, resolved from ${JSON.stringify(databaseUrl)}`;
    super(`DATABASE_URL names the SQLite file ${named}, which ${problem}`);
    this.name = 'DatabaseFileError';
  }
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Filesystems made up by the kernel, where no database can live: opening a
 * file there fails in confusing ways, and creating a directory may never
 * return. Magic numbers from Linux's include/uapi/linux/magic.h.
 */
const VIRTUAL_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x1cd1, 'devpts'],
]);

const uid = () => (typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : '');

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function canWrite(path: string, mode = constants.R_OK | constants.W_OK): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** The nearest part of `path` that exists: the file itself, or a directory above it. */
function nearestExisting(path: string): string {
  let current = path;
  while (statOrNull(current) === null) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/**
 * Checks the file DATABASE_URL names and the directory around it, creating
 * the directory when missing. Returns the file's absolute path. Throws a
 * DatabaseFileError that says what is wrong and what to do; opens nothing.
 */
export function prepareDatabaseFile(databaseUrl: string): string {
  const path = resolve(databaseUrl);
  const fail = (problem: string) => new DatabaseFileError(databaseUrl, path, problem);

  const existing = nearestExisting(path);
  const filesystem = VIRTUAL_FILESYSTEMS.get(statfsSync(existing).type);
  if (filesystem)
    throw fail(
      `is on ${filesystem}, a virtual filesystem of the kernel where no database can be kept. Point DATABASE_URL at a file on a disk, such as data/flask-chat.db.`,
    );

  const file = statOrNull(path);
  if (file?.isDirectory()) throw fail(`is a directory. Point DATABASE_URL at a file, such as ${resolve(path, 'flask-chat.db')}.`);
  if (file && !file.isFile())
    throw fail('is not a regular file (a device, a pipe or a socket). Point DATABASE_URL at a regular file, such as data/flask-chat.db.');

  const directory = dirname(path);
  if (!statOrNull(directory)) {
    try {
      mkdirSync(directory, { recursive: true });
    } catch (error) {
      throw fail(
        `cannot be created: creating its directory ${directory} failed (${(error as Error).message}). Create the directory, writable by the user that runs Flask-Chat${uid()}, or point DATABASE_URL elsewhere.`,
      );
    }
  } else if (!statSync(directory).isDirectory()) {
    throw fail(`cannot exist: ${directory} is not a directory. Point DATABASE_URL at a file in a directory.`);
  }
  if (!canWrite(directory, constants.W_OK | constants.X_OK))
    throw fail(
      `is in a directory that is read-only for the user that runs Flask-Chat${uid()}: ${directory}. SQLite keeps its -wal and -shm files beside the database, and Flask-Chat its instance lock; make the directory writable (chown or chmod), or point DATABASE_URL at a file in a writable directory.`,
    );

  if (file) {
    if (!canWrite(path))
      throw fail(
        `is read-only for the user that runs Flask-Chat${uid()}. Make it readable and writable by that user (chown or chmod u+rw), or point DATABASE_URL at another file.`,
      );
    for (const companion of [`${path}-wal`, `${path}-shm`]) {
      if (statOrNull(companion) && !canWrite(companion))
        throw fail(
          `has a companion file ${companion} that is read-only for the user that runs Flask-Chat${uid()}. Make it writable by that user, as the database is.`,
        );
    }
    if (file.size > 0 && !hasSqliteHeader(path))
      throw fail(
        'is not a SQLite database (its first bytes are not "SQLite format 3"). Point DATABASE_URL at a Flask-Chat database, or at a path where none exists yet to start a new one.',
      );
  }
  return path;
}

function hasSqliteHeader(path: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** Held while the server runs; released when it closes, or by the OS when the process dies. */
export interface InstanceLock {
  readonly path: string;
  release(): void;
}

/**
 * Makes sure only one server uses the database: a second instance on the
 * same file would be a second writer, with its own view of presence, and
 * events that never cross to the first one's clients.
 *
 * The lock is an exclusive lock on a small file beside the database, taken
 * through SQLite's own file locking (POSIX advisory locks, which the OS
 * releases when the process dies, even by kill -9, so a crash never leaves a
 * stale lock behind). SQLite's `locking_mode=EXCLUSIVE` on the database
 * itself would do the same, but it also shuts out every other reader: no
 * `sqlite3 chat.db .backup` while the server runs, no reading the rows from
 * beside it. Taking the lock with a timeout of zero makes a second instance
 * fail at once.
 */
export function lockDatabaseFile(databaseUrl: string, path: string): InstanceLock {
  const lockPath = `${path}.lock`;
  let lock: Database.Database | undefined;
  try {
    lock = new Database(lockPath, { timeout: 0 });
    // In memory: the lock file never holds anything, and no journal appears beside it.
    lock.pragma('journal_mode = MEMORY');
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock?.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new DatabaseFileError(
        databaseUrl,
        path,
        `is in use by another Flask-Chat instance (it holds ${lockPath}). A SQLite database serves one instance only: stop the other instance, or, to run several, give every instance the same PostgreSQL database (DATABASE_URL=postgres://…) and Redis (REDIS_URL).`,
      );
    throw new DatabaseFileError(
      databaseUrl,
      path,
      `cannot be locked for this instance: ${lockPath} failed (${(error as Error).message}). Make the directory and that file writable by the user that runs Flask-Chat${uid()}.`,
    );
  }
  const held = lock;
  return {
    path: lockPath,
    release() {
      if (held.open) held.close();
    },
  };
}

/**
 * Refuses a damaged database before anything writes to it. quick_check reads
 * every page but skips the slow index-to-table cross-check of
 * integrity_check, and `(1)` stops at the first problem; it runs on a
 * read-only connection, which can never write the file, not even a
 * checkpoint, so a refused file is left byte for byte as it was.
 */
export function checkDatabaseIntegrity(databaseUrl: string, path: string): void {
  const file = statOrNull(path);
  if (!file || file.size === 0) return;
  let problem: string;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const result = db.pragma('quick_check(1)', { simple: true });
      if (result === 'ok') return;
      problem = String(result).replace(/\s+/g, ' ').replace('*** in database main *** ', '');
    } finally {
      db.close();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test(code)) throw error;
    problem = (error as Error).message;
  }
  throw new DatabaseFileError(
    databaseUrl,
    path,
    `is damaged: SQLite's quick_check found "${problem}". It was left untouched. Restore it from a backup, or salvage what is readable with \`sqlite3 ${path} .recover | sqlite3 recovered.db\` and point DATABASE_URL at the result.`,
  );
}

/** A SQLite failure while opening or migrating, as a sentence that names the file and what to do. */
export function describeOpenFailure(databaseUrl: string, path: string, error: unknown): Error {
  if (error instanceof DatabaseFileError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  const hint = /^SQLITE_(FULL|IOERR)/.test(code)
    ? 'Make room on its disk (or check the disk), then start again.'
    : /^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code)
      ? `Make the file and its directory readable and writable by the user that runs Flask-Chat${uid()}, or point DATABASE_URL at another file.`
      : /^SQLITE_(BUSY|LOCKED)/.test(code)
        ? 'Another program holds it locked (a backup, the sqlite3 shell): let it finish, then start again.'
        : /^SQLITE_(CORRUPT|NOTADB)/.test(code)
          ? 'Restore it from a backup, or point DATABASE_URL at another file.'
          : '';
  return new DatabaseFileError(databaseUrl, path, `could not be opened: ${message}${code ? ` (${code})` : ''}.${hint ? ` ${hint}` : ''}`);
}

import { describe, expect, it } from 'vitest';
import { DataFileError } from './data-file-error.js';
import { importSqliteStore, MISSING_SQLITE } from './open.js';

/** An error like the one Node's import throws for a package that is not installed. */
function notFound(pkg: string): Error {
  return Object.assign(new Error(`Cannot find package '${pkg}' imported from /app/dist/simulator/store/sqlite.js`), { code: 'ERR_MODULE_NOT_FOUND' });
}

describe('importSqliteStore', () => {
  it('loads the store module where better-sqlite3 is installed', async () => {
    const { SqliteStore } = await importSqliteStore();
    expect(typeof SqliteStore.open).toBe('function');
  });

  it('turns a missing better-sqlite3 into one DataFileError saying what to install', async () => {
    const e = await importSqliteStore(() => Promise.reject(notFound('better-sqlite3'))).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataFileError);
    expect((e as Error).message).toBe(MISSING_SQLITE);
    expect(MISSING_SQLITE).not.toContain('\n');
  });

  it('lets any other failure through as it is', async () => {
    const other = notFound('bindings');
    await expect(importSqliteStore(() => Promise.reject(other))).rejects.toBe(other);
  });
});

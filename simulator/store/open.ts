/**
 * Loads the SQLite store, for DATA_FILE only. better-sqlite3 is an optional
 * dependency: a native module that npm skips where it cannot be built (no
 * prebuilt binary for the platform and no compiler), and the simulator runs
 * in memory without it. DATA_FILE then stops start-up with one line saying
 * what to install.
 */
import { DataFileError } from './data-file-error.js';

export const MISSING_SQLITE =
  'DATA_FILE (--data) needs better-sqlite3, an optional package that is not installed (npm skips it where it cannot be built): ' +
  'run npm install better-sqlite3 (where no prebuilt binary fits, that needs a C++ compiler, make and python3), ' +
  'or leave DATA_FILE unset to keep state in memory';

type SqliteModule = typeof import('./sqlite.js');

/** The store module; `load` is for tests. Throws DataFileError when better-sqlite3 is not installed. */
export async function importSqliteStore(load: () => Promise<SqliteModule> = () => import('./sqlite.js')): Promise<SqliteModule> {
  try {
    return await load();
  } catch (e) {
    // Node: "Cannot find package 'better-sqlite3' imported from …/store/sqlite.js"
    const missing = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String((e as Error).message).includes("'better-sqlite3'");
    if (missing) throw new DataFileError(MISSING_SQLITE);
    throw e;
  }
}

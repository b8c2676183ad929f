/**
 * The project's own folders (views/, locales/, fixtures/), found from this module's place
 * both when run from source (simulator/) and compiled (dist/simulator/).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'views'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the simulator package root (package.json beside views/)');
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot();
export const VIEWS_DIR = join(PROJECT_ROOT, 'views');
export const LOCALES_DIR = join(PROJECT_ROOT, 'locales');

/** The package's version (package.json), as the health endpoint gives it. */
export const PACKAGE_VERSION: string = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

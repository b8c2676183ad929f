/**
 * Starting the browser of the end-to-end tests: playwright-core's Chromium,
 * never downloaded. Which executable:
 *  1. the environment variable CHROMIUM_PATH, if set;
 *  2. else the system Chromium at /usr/bin/chromium (Debian, Ubuntu), if present;
 *  3. else Playwright's own browser (installed with `npx playwright install chromium`).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, headless Chromium in a container (no sandbox, no GPU, no background traffic). */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export interface ChromiumChoice {
  /** undefined: Playwright's own browser. */
  executablePath?: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright';
}

/** Which Chromium launchBrowser() uses, given the environment and the file system. */
export function chooseChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): ChromiumChoice {
  const fromEnv = env['CHROMIUM_PATH']?.trim();
  if (fromEnv) return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
  if (exists(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'system' };
  return { source: 'playwright' };
}

const HOW_TO_FIX =
  'Install Chromium (e.g. `apt-get install chromium`, or `npx playwright install chromium`) ' +
  'or set CHROMIUM_PATH to the path of a Chromium or Chrome executable.';

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n').find((l) => l.trim() !== '')?.trim() ?? msg;
}

/**
 * Launches a headless Chromium; throws an Error saying how to get one if none can start.
 * `extraArgs` are added to CHROMIUM_ARGS (e.g. --host-resolver-rules).
 */
export async function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  const choice = chooseChromium();
  if (choice.source === 'CHROMIUM_PATH' && !existsSync(choice.executablePath!)) {
    throw new Error(`CHROMIUM_PATH is ${JSON.stringify(choice.executablePath)}, but no such file exists. ${HOW_TO_FIX}`);
  }
  const options: LaunchOptions = {
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    ...(choice.executablePath !== undefined && { executablePath: choice.executablePath }),
  };
  try {
    return await chromium.launch(options);
  } catch (e) {
    const where =
      choice.source === 'playwright'
        ? `No system Chromium at ${SYSTEM_CHROMIUM} and Playwright's own Chromium could not start`
        : `Chromium at ${choice.executablePath} (from ${choice.source === 'system' ? 'the system' : 'CHROMIUM_PATH'}) could not start`;
    throw new Error(`${where}: ${firstLine(e)}. ${HOW_TO_FIX}`, { cause: e });
  }
}

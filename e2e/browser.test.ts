/** Which Chromium the end-to-end tests use (no browser is started here). */
import { describe, expect, it } from 'vitest';
import { chooseChromium, SYSTEM_CHROMIUM } from './browser.js';

describe('chooseChromium', () => {
  it('prefers CHROMIUM_PATH', () => {
    expect(chooseChromium({ CHROMIUM_PATH: '/opt/chrome/chrome' }, () => true)).toEqual({ executablePath: '/opt/chrome/chrome', source: 'CHROMIUM_PATH' });
  });
  it('then the system Chromium', () => {
    expect(chooseChromium({ CHROMIUM_PATH: '  ' }, (p) => p === SYSTEM_CHROMIUM)).toEqual({ executablePath: SYSTEM_CHROMIUM, source: 'system' });
  });
  it("then Playwright's own browser", () => {
    expect(chooseChromium({}, () => false)).toEqual({ source: 'playwright' });
  });
});

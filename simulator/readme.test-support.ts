/**
 * The README's examples, as the tests that run them read them: a fenced block is found by the
 * HTML comment just above it, `<!-- README example "name": … -->` (or `README list "name"`), so
 * that what a reader copies is what CI runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './paths.js';

export function readme(): string {
  return readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
}

/** The text after the marker `<!-- README example|list "name"` up to the next blank line or fence end. */
function afterMarker(text: string, name: string): string {
  const marker = new RegExp(`<!-- README (example|list) "${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*-->\\n`);
  const m = marker.exec(text);
  if (!m) throw new Error(`README.md has no marker <!-- README example "${name}" … -->`);
  return text.slice(m.index + m[0].length);
}

/** The content of the fenced code block right after the marker `<!-- README example "name" … -->`. */
export function readmeExample(name: string, text = readme()): string {
  const rest = afterMarker(text, name);
  const fence = /^```[a-z]*\n([\s\S]*?)\n```$/m.exec(rest);
  if (!fence || fence.index !== 0) throw new Error(`the marker of README example "${name}" is not right above a fenced block`);
  return fence[1]!;
}

/** The rows of the Markdown table right after the marker `<!-- README list "name" … -->`, header and rule left out. */
export function readmeTable(name: string, text = readme()): string[][] {
  const rest = afterMarker(text, name);
  const lines = rest.split('\n');
  const end = lines.findIndex((l) => !l.startsWith('|'));
  return lines
    .slice(2, end)
    .map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
}

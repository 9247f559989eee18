import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
// Evaluated rather than added as a <script>: the app's CSP runs no inline script, rightly, and the test keeps it on.
let axeSource: string | undefined;
/** Where the screenshots of the main screens go (git-ignored, with the other test results). */
export const SCREENSHOTS_DIR = resolve('test-results/screenshots');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  /** The offending elements' selectors and axe's summary of what is wrong with each. */
  readonly nodes: readonly string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules) in the page as it is now and gives
 * the serious and critical violations, each with the elements at fault, so
 * that a failing test says what to fix. The script is injected when the page
 * lacks it: a navigation since the last call drops it.
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    axeSource ??= readFileSync(require.resolve('axe-core'), 'utf8');
    await page.evaluate(axeSource);
  }
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    .then((result) => result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + ': ' + n.failureSummary),
    })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a screenshot of a main screen under test-results/screenshots/, e.g. `channel-phone-dark.png`. */
export async function screenshotScreen(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

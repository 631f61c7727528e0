// Headless Chromium (Debian's, or $CHROMIUM) for the pages' tests: a tab whose requests may go
// only to `server`; anything else is refused and listed in `elsewhere`, and page errors and
// console errors (but those `ignore` matches) in `problems`.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

export async function withTab(server, run, { ignore = null, context: contextOptions = {} } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext(contextOptions);
    const elsewhere = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.base)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const tab = await context.newPage();
    const problems = [];
    tab.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    tab.on('console', (m) => {
      if (m.type() === 'error' && !(ignore && ignore.test(m.text()))) problems.push(`console: ${m.text()}`);
    });
    await run({ context, tab, elsewhere, problems });
  } finally {
    await browser.close();
  }
}

// Signs `tab` in to the dashboard with `key`, at the page `at` ("#/agents"), and waits for it.
export async function signIn(tab, server, key, at = '') {
  await tab.goto(`${server.base}/${at}`);
  await tab.getByLabel('API key').fill(key);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.getByRole('navigation', { name: 'Pages' }).waitFor();
  await settled(tab);
}

// Waits until the page shows its heading and nothing is loading any more.
export async function settled(tab) {
  await tab.locator('h1').first().waitFor();
  await tab.waitForFunction(() => document.querySelectorAll('[aria-busy="true"]').length === 0);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical violations on the page as it stands: [{id, help, nodes}].
export async function axeViolations(tab) {
  if (!(await tab.evaluate(() => 'axe' in window))) await tab.evaluate(axeSource);
  const result = await tab.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

// Keeps a screenshot of the page as a test artifact (artifacts/<dir>/<name>.png, or under
// $AGENTRY_ARTIFACTS): looked at by people, not compared by the tests.
export async function keepScreenshot(tab, dir, name) {
  const root = process.env.AGENTRY_ARTIFACTS ?? path.resolve('artifacts');
  mkdirSync(path.join(root, dir), { recursive: true });
  const file = path.join(root, dir, `${name}.png`);
  await tab.screenshot({ path: file, fullPage: true });
  return file;
}

// Headless Chromium (Debian's, or $CHROMIUM) for the pages' tests: a tab whose requests may go
// only to `server`; anything else is refused and listed in `elsewhere`, and page errors and
// console errors (but those `ignore` matches) in `problems`.
import { chromium } from 'playwright-core';

export async function withTab(server, run, { ignore = null } = {}) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext();
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

// Opens metadata pages in headless Chromium, saves a full-page screenshot
// of each and checks that every link on it answers 200
// and that the page logged no errors (a blocked style, a broken resource).
// Usage: node screenshot.js OUTDIR NAME=URL...
// Prints one JSON report on stdout; exits 1 when a check fails.
const { chromium } = require('playwright-core');
const path = require('path');

(async () => {
  const [outDir, ...pages] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const report = { pages: [], failures: [] };
  try {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    for (const arg of pages) {
      const eq = arg.indexOf('=');
      const name = arg.slice(0, eq), url = arg.slice(eq + 1);
      const page = await context.newPage();
      const errors = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      page.on('pageerror', (e) => errors.push(String(e)));
      const resp = await page.goto(url, { waitUntil: 'load' });
      if (!resp || resp.status() !== 200) report.failures.push(`${name}: status ${resp && resp.status()}`);
      const file = path.join(outDir, name + '.png');
      await page.screenshot({ path: file, fullPage: true });
      const links = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
      // Fetched by the browser context, not by page script: the pages'
      // Content-Security-Policy rightly forbids scripts to connect.
      for (const h of links) {
        const s = (await context.request.get(h)).status();
        if (s !== 200) report.failures.push(`${name}: link ${h} answered ${s}`);
      }
      for (const e of errors) report.failures.push(`${name}: console: ${e}`);
      const title = await page.title();
      const h1 = await page.$eval('h1', (e) => e.textContent).catch(() => '');
      report.pages.push({ name, url, file, title, h1, links: links.length });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(report));
  process.exit(report.failures.length ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(2); });

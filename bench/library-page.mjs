// The library's first page in Chromium (docs/performance.md, "Library first page"): opens BASE_URL/ signed out in a
// fresh browser context RUNS times (each one cold: no HTTP cache, no service worker) and prints, as medians and ranges,
//   - first contentful paint (the browser's paint timing),
//   - first useful paint: the first library card (li.card) in the DOM and laid out, from navigation start,
//   - time to interactive: the end of the last long task (> 50 ms, Long Tasks API) before a 2 s quiet window that starts
//     no earlier than the first useful paint (the usual TTI rule, with the first card in place of FCP),
// and the first-load JavaScript: every script the page fetched until then, gzipped here with zlib level 9 (what the
// bytes cost on the wire; the app itself serves them uncompressed unless a proxy compresses).
// Env: BASE_URL, RUNS (default 7), CHROMIUM (default /usr/bin/chromium). Run from web/ (for playwright-core).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

// playwright-core is web/'s dependency: resolve it from the working directory (web/), not from this file's
const { chromium } = createRequire(join(process.cwd(), 'package.json'))('playwright-core');

const base = process.env.BASE_URL;
if (!base) throw new Error('BASE_URL is not set');
const runs = Number(process.env.RUNS || 7);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;
const fcp = [];
const useful = [];
const tti = [];
let js = null;
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration);
      }).observe({ type: 'longtask', buffered: true });
      window.__firstCard = null;
      new MutationObserver((_, observer) => {
        const card = document.querySelector('li.card');
        if (card && card.getBoundingClientRect().height > 0) {
          window.__firstCard = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    const scripts = [];
    page.on('response', async (r) => {
      if (r.request().resourceType() === 'script') scripts.push(r.body().then((b) => ({ url: r.url(), raw: b.length, gz: gzipSync(b, { level: 9 }).length })));
    });
    await page.goto(`${base}/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__firstCard != null, null, { timeout: 60_000 });
    // TTI: wait for a 2 s window without a long task that starts at or after the first card
    const t = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => {
            const last = Math.max(window.__firstCard, ...window.__longTasks);
            if (performance.now() - last >= 2000) resolve({ last, card: window.__firstCard });
            else setTimeout(check, 100);
          };
          check();
        }),
    );
    const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    fcp.push(paint);
    useful.push(t.card);
    tti.push(t.last);
    if (js == null) {
      const all = await Promise.all(scripts);
      js = { files: all.length, raw: all.reduce((s, x) => s + x.raw, 0), gz: all.reduce((s, x) => s + x.gz, 0) };
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`library first page, ${runs} cold loads in Chromium (${base}):`);
console.log(`  first contentful paint: ${fmt(fcp)}`);
console.log(`  first useful paint (first card): ${fmt(useful)}`);
console.log(`  time to interactive: ${fmt(tti)}`);
console.log(`  first-load JavaScript: ${js.files} file(s), ${(js.raw / 1024).toFixed(1)} KB, ${(js.gz / 1024).toFixed(1)} KB gzipped`);

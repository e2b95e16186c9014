// Frame times while scrolling the run page's virtualized results table in Debian's Chromium (playwright-core from
// web/node_modules), for bench/run-page.sh. Signs in with an API token, opens /runs/RUN_ID, waits for the table, then
// scrolls it by STEP px every animation frame for FRAMES frames (the table loads its next page of 200 trials by cursor
// as it goes), recording the time between frames and the long tasks (> 50 ms) the page ran. Prints one JSON line.
// Env: BASE_URL, RUN_ID, API_TOKEN, FRAMES (default 1200), STEP (default 102 px: 3 rows a frame), CHROMIUM.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const web = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const { chromium } = createRequire(join(web, 'package.json'))('playwright-core');
const need = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const base = need('BASE_URL');
const runId = need('RUN_ID');
const token = need('API_TOKEN');
const frames = Number(process.env.FRAMES ?? 1200);
const step = Number(process.env.STEP ?? 102);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(60_000);
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(`/runs/${runId}`)}`);
  await page.getByText('Use an API token instead').click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByRole('grid', { name: /Space selects/ }).waitFor();
  await page.waitForTimeout(2000);
  const result = await page.evaluate(
    ({ frames, step }) =>
      new Promise((resolve) => {
        const grid = document.querySelector('[role="grid"][aria-label*="Space selects"]');
        const longTasks = [];
        const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration)));
        try {
          observer.observe({ type: 'longtask', buffered: false });
        } catch {
          // no long task timing: the frame times still tell
        }
        const gaps = [];
        let maxRows = 0;
        let last = performance.now();
        let n = 0;
        const tick = (now) => {
          gaps.push(now - last);
          last = now;
          maxRows = Math.max(maxRows, grid.querySelectorAll('[role="row"]').length);
          grid.scrollTop += step;
          if (++n < frames) requestAnimationFrame(tick);
          else {
            observer.disconnect();
            resolve({
              gaps: gaps.slice(1),
              longTasks,
              maxRows,
              scrollTop: grid.scrollTop,
              loaded: Number(grid.getAttribute('aria-rowcount')) - 1,
              status: document.querySelector('.results .toolbar .muted')?.textContent ?? '',
            });
          }
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(tick);
        });
      }),
    { frames, step },
  );
  const sorted = [...result.gaps].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const over = (ms) => result.gaps.filter((g) => g > ms).length;
  const round = (x) => Math.round(x * 10) / 10;
  console.log(
    JSON.stringify({
      frames: result.gaps.length,
      stepPx: step,
      scrolledRows: Math.round(result.scrollTop / 34),
      trialsLoaded: result.loaded,
      status: result.status,
      maxRowsInDom: result.maxRows,
      frameMs: { p50: round(pct(50)), p95: round(pct(95)), p99: round(pct(99)), max: round(sorted[sorted.length - 1]), mean: round(result.gaps.reduce((a, b) => a + b, 0) / result.gaps.length) },
      framesOver17ms: over(17.5),
      framesOver33ms: over(34),
      longTasks: result.longTasks.length,
      longestTaskMs: round(Math.max(0, ...result.longTasks)),
    }),
  );
} finally {
  await browser.close();
}

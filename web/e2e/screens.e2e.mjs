// Drives the web app in Debian's Chromium (playwright-core, no downloaded browser) as a person would, against a
// running app that api's WebAppEndToEndTest started and seeded. Takes a screenshot of each screen.
// Env: BASE_URL, BENCHMARK_ID, BENCHMARK_TITLE, RUN_ID, API_TOKEN, SCREENSHOTS (a directory), CHROMIUM (optional).
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env('BASE_URL');
const benchmarkId = env('BENCHMARK_ID');
const title = env('BENCHMARK_TITLE');
const runId = env('RUN_ID');
const token = env('API_TOKEN');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

/** Fails on serious or critical accessibility violations (axe-core) on the page as it is now. */
async function accessible(page, screen) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = bad.map((v) => `${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  check(bad.length === 0, `${screen} has no serious accessibility violation${bad.length ? ': ' + detail.join('; ') : ''}`);
}

function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
  console.log(`ok - ${message}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  // nothing may be fetched from another origin: no CDN, no fonts
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) failures.push(`request to another origin: ${r.url()}`);
  });

  // 1. The library, signed out
  await page.goto(`${base}/`);
  const search = page.getByRole('combobox', { name: 'Search benchmarks' });
  await search.fill(title);
  await page.getByText(`1 benchmark for “${title}”`).waitFor();
  const card = page.getByRole('link', { name: title, exact: true });
  await card.waitFor();
  check(true, 'the library lists the public benchmark, signed out');
  const item = page.locator('li.card', { has: card });
  check((await item.textContent()).includes('Cases5'), 'its card shows the case count');
  await page.screenshot({ path: join(shots, '1-library.png'), fullPage: true });
  await accessible(page, 'the library');

  await search.fill('zzzz-no-such-benchmark');
  await page.getByText('No benchmark matches.').waitFor();
  check(true, 'a search without results says so');
  await page.screenshot({ path: join(shots, '2-library-empty.png') });
  await page.getByRole('button', { name: 'Clear the search and filters' }).click();
  await page.locator('body').click({ position: { x: 5, y: 400 } });
  await page.keyboard.press('/');
  check(await search.evaluate((el) => el === document.activeElement), '"/" puts the focus in the search box');
  await search.fill(title);
  // the list changes under the pointer until the type-ahead has answered
  await page.getByText(`1 benchmark for “${title}”`).waitFor();

  // 2. The benchmark page: the leaderboard with intervals, by keyboard through the tabs
  await card.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  check(page.url() === `${base}/benchmarks/${benchmarkId}`, 'the card opens the benchmark page');
  await page.getByRole('checkbox', { name: 'Include simulated models' }).check();
  await page.getByLabel(/^sim\/echo score: /).first().waitFor();
  const rows = await page.locator('.leaderboard tbody tr').count();
  check(rows === 3, `the leaderboard ranks the three simulated models (${rows})`);
  check(await page.getByRole('img', { name: /Cost against quality/ }).isVisible(), 'the cost-quality scatter is drawn');
  await page.screenshot({ path: join(shots, '3-benchmark-leaderboard.png'), fullPage: true });
  await accessible(page, 'the leaderboard');

  await page.getByRole('tab', { name: 'Leaderboard' }).focus();
  await page.keyboard.press('ArrowRight');
  const cases = page.getByRole('tab', { name: 'Cases', selected: true });
  await cases.waitFor();
  check(true, 'ArrowRight moves to the Cases tab');
  await page.waitForFunction(() => document.activeElement?.textContent === 'Cases');
  check(true, 'and the focus follows');
  await page.getByRole('cell', { name: '7*6' }).waitFor();
  await page.screenshot({ path: join(shots, '4-benchmark-cases.png'), fullPage: true });
  await accessible(page, 'the cases tab');

  // a client-side route loaded directly (a reload, a shared link) is served index.html by the app
  await page.goto(`${base}/benchmarks/${benchmarkId}?tab=history`);
  await page.getByRole('tab', { name: 'History', selected: true }).waitFor();
  await page.locator('.history').getByText('v1', { exact: true }).waitFor();
  check(true, 'a deep link to the History tab loads');

  // 3. The run page needs a signed-in user (runs are their owner's)
  await page.goto(`${base}/runs/${runId}`);
  await page.getByRole('alert').filter({ hasText: 'Sign in needed.' }).waitFor();
  check(true, 'a run signed out asks to sign in');
  await page.getByRole('button', { name: 'Sign in with an API token' }).click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Results per model' }).waitFor();
  await page.getByLabel(/^sim\/random-1 score: /).waitFor();
  check((await page.locator('.run tbody tr').count()) === 3, 'the run shows its three models');
  await page.locator('.verdict-word').waitFor();
  const verdict = await page.locator('.verdict-word').textContent();
  check(['SHIP', 'SHIP WITH CAVEATS', "DON'T SHIP"].includes(verdict), `the run shows a verdict (${verdict})`);
  await page.screenshot({ path: join(shots, '5-run.png'), fullPage: true });
  await accessible(page, 'the run page');

  await page.goto(`${base}/no/such/page`);
  await page.getByText('This page does not exist.').waitFor();
  check(true, 'an unknown page says so');
  await context.close();
} catch (e) {
  failures.push(e.stack || String(e));
  for (const context of browser.contexts()) {
    for (const open of context.pages()) {
      failures.push(`the page was ${open.url()}; see failure.png`);
      await open.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('all screens passed');

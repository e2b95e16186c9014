// Known failure modes in Debian's Chromium (playwright-core), against a running app that api's FailureModeEndToEndTest
// started with a private benchmark, a completed run of sim/echo and sim/upper on it (upper shouts: it fails the quiet
// cases) and one failure mode already tagged. Signed in with a token: the run page lists the known failure mode per
// model; trials are selected by keyboard and tagged with a new failure mode (the existing name suggested); each model's
// status shows; the compare page lists the failure mode only the candidate has. axe-core on each screen; screenshots
// fm1-… to fm3-….png.
// Env: BASE_URL, RUN_ID, API_TOKEN, SCREENSHOTS, CHROMIUM.
import { accessible, check, env, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const runId = env('RUN_ID');
const token = env('API_TOKEN');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));

  // 1. Signed in with a token, the run page lists the benchmark's known failure mode with each model's status
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(`/runs/${runId}`)}`);
  await page.getByText('Use an API token instead').click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByRole('heading', { name: 'Known failure modes' }).waitFor();
  const known = page.getByRole('region', { name: 'Known failure modes per model' });
  await known.getByRole('row', { name: /Repeats the question/ }).waitFor();
  check(true, 'the run page lists the failure mode tagged before');

  // 2. Select sim/upper's two quiet trials by keyboard and tag them
  await page.getByRole('combobox', { name: /^Model/ }).selectOption('sim/upper');
  const grid = page.getByRole('grid', { name: /Space selects/ });
  await grid.getByRole('row', { name: /quiet-2/ }).waitFor();
  await grid.focus();
  // sim/upper's trials in case order: loud, quiet-1, quiet-2
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Space');
  await page.getByText('2 cases selected').waitFor();
  check(true, 'Space selects two trials');
  await page.getByRole('button', { name: 'Tag failure mode…' }).click();
  const form = page.getByRole('region', { name: 'Tag a failure mode' });
  await form.getByText(/The same name adds these cases to it: Repeats the question/).waitFor();
  check((await form.textContent()).includes('quiet-1, quiet-2'), 'the form names the selected cases');
  await page.keyboard.type('Shouts the answer');
  await form.getByLabel('Note (optional)').fill('answers in capitals');
  await page.screenshot({ path: join(shots, 'fm1-tag-form.png'), fullPage: true });
  await accessible(page, 'the run page with the tag form');
  await form.getByLabel('Name').press('Enter');
  await form.getByText('Tagged 2 case(s) as “Shouts the answer”.').waitFor();
  check(true, 'the cases are tagged');
  const row = known.getByRole('row', { name: /Shouts the answer/ });
  await row.waitFor();
  const cells = await row.getByRole('cell').allTextContents();
  // columns: tagged cases, then the run's models in order (sim/echo, sim/upper)
  check(
    cells[2].includes('still shows') && cells[2].includes('fails 2 of 2'),
    `sim/upper still shows it (${cells.join(' | ')})`,
  );
  check(cells[1].includes('fixed') && cells[1].includes('fails 0 of 2'), 'sim/echo does not');
  await known.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'fm2-run-failure-modes.png'), fullPage: true });
  await accessible(page, 'the run page with its failure modes');

  // 3. The compare page: the failure mode only the candidate has
  await page.goto(`${base}/runs/${runId}/compare?baseline=sim%2Fecho&candidate=sim%2Fupper`);
  await page.getByText(/The candidate has 1 known failure mode the baseline has not/).waitFor();
  const table = page.getByRole('table', { name: /Known failure modes of the benchmark/ });
  check(
    ((await table.getByRole('row').nth(1).textContent()) ?? '').includes('Shouts the answer candidate only'),
    'compare marks it candidate only',
  );
  await page.screenshot({ path: join(shots, 'fm3-compare.png'), fullPage: true });
  await accessible(page, 'the compare page');
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
console.log('all failure mode screens passed');

// The model leaderboard (/models) in Debian's Chromium (playwright-core), against a running app that api's
// ModelsEndToEndTest started with public benchmarks tagged TAG and runs of simulated models on them.
// Signed out: the top bar's Models link by keyboard, the ranking filtered by the tag from the address (empty
// without simulated models), the simulated toggle by keyboard, the rows against the API's ranking, a reload, and the
// page at 390 px. axe-core on each state; screenshots n1-… to n3-….png.
// Env: BASE_URL, TAG, MODELS (comma-separated, the simulated models run), BENCHMARKS, RUNS, SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const tag = env('TAG');
const models = env('MODELS').split(',');
const benchmarks = Number(env('BENCHMARKS'));
const runs = Number(env('RUNS'));
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const score = (x) => x.toFixed(2);

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
      failures.push(`request to another origin: ${r.url()}`);
  });
  const ranking = async (query) => (await page.request.get(`${base}/api/leaderboards/models?${query}`)).json();

  // 1. From the library, the top bar's Models link, by keyboard, signed out
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Models', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Model leaderboard' }).waitFor();
  check(new URL(page.url()).pathname === '/models', 'the Models link opens /models');
  await page.locator('.models-page .state-loading').waitFor({ state: 'detached' });
  check(
    await page.getByText(/models? ranked over \d+ public benchmarks?/).isVisible(),
    'the page says how many models and benchmarks are ranked',
  );

  // 2. A shared link with the tag: these benchmarks have only simulated models, so nothing is ranked without them
  await page.goto(`${base}/models?tag=${encodeURIComponent(tag)}`);
  await page.getByText('No model is ranked on these benchmarks.').waitFor();
  check(
    (await page.getByRole('combobox', { name: 'Tag' }).inputValue()) === tag,
    'the tag from the address is the chosen filter',
  );
  await accessible(page, 'the empty filtered ranking');

  // 3. The simulated toggle, by keyboard: the three models, ranked as the API ranks them, with their intervals
  await page.getByRole('checkbox', { name: 'Include simulated models' }).focus();
  await page.keyboard.press('Space');
  await page
    .locator('.models-table tbody tr')
    .nth(models.length - 1)
    .waitFor();
  check(new URL(page.url()).searchParams.get('sim') === 'true', 'the toggle is in the address');
  const api = await ranking(`tag=${encodeURIComponent(tag)}&includeSimulated=true`);
  check(api.models.length === models.length, `the API ranks ${models.length} models on the tag`);
  const rows = page.locator('.models-table tbody tr');
  check((await rows.count()) === models.length, `the page shows ${models.length} rows`);
  for (let i = 0; i < api.models.length; i++) {
    const m = api.models[i];
    const row = rows.nth(i);
    const rank = m.rank.best === m.rank.worst ? `${m.rank.best}` : `${m.rank.best}–${m.rank.worst}`;
    const cells = await row.locator('td, th').allTextContents();
    check(
      cells[0] === rank && cells[1].startsWith(m.model) && cells[1].includes('sim'),
      `row ${i + 1} is ${m.model}, rank ${rank}, marked simulated`,
    );
    const label = `${m.model} strength: ${score(m.strength)} (95% CI ${score(m.ci95[0])}–${score(m.ci95[1])})`;
    check(
      await row.getByRole('img', { name: label }).isVisible(),
      `its strength is drawn with its interval (${label})`,
    );
    check(
      cells[3] === String(benchmarks) && cells[4] === String(runs),
      `${benchmarks} benchmarks and ${runs} runs stand behind it`,
    );
  }
  check(
    await page
      .getByText(new RegExp(`${models.length} models ranked over ${benchmarks} public benchmarks tagged “${tag}”`))
      .isVisible(),
    'the summary names the filter',
  );
  await page.screenshot({ path: join(shots, 'n1-models.png'), fullPage: true });
  await accessible(page, 'the model leaderboard');

  // 4. A reload keeps the filters (they live in the address)
  await page.reload();
  await page
    .locator('.models-table tbody tr')
    .nth(models.length - 1)
    .waitFor();
  check(
    await page.getByRole('checkbox', { name: 'Include simulated models' }).isChecked(),
    'after a reload the toggle is still on',
  );

  // 5. Clearing the filters by keyboard keeps the simulated toggle and ranks over every public benchmark
  await page.getByRole('button', { name: 'Clear filters' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => !url.searchParams.has('tag'));
  check(new URL(page.url()).search === '?sim=true', 'the tag is gone from the address, the toggle stays');
  await page.getByText(/models? ranked over \d+ public benchmarks?;/).waitFor();
  await page.screenshot({ path: join(shots, 'n2-models-all.png'), fullPage: true });

  // 6. On a phone
  await page.goto(`${base}/models?tag=${encodeURIComponent(tag)}&sim=true`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page
    .locator('.models-table tbody tr')
    .nth(models.length - 1)
    .waitFor();
  await fitsPhone(page, 'the model leaderboard');
  const table = await page
    .locator('.models-page .table-scroll')
    .evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  check(
    table.scroll <= table.client,
    `the whole table fits without scrolling sideways (${table.scroll} of ${table.client} px)`,
  );
  check(
    await page
      .locator('.models-table tbody tr')
      .first()
      .getByText(`${benchmarks} benchmarks · ${runs} runs`)
      .isVisible(),
    'on a phone the benchmarks and runs behind a model are written under it',
  );
  await page.screenshot({ path: join(shots, 'n3-models-phone.png'), fullPage: true });
  await accessible(page, 'the model leaderboard on a phone');
} catch (e) {
  failures.push(e.stack || String(e));
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('all model leaderboard screens passed');

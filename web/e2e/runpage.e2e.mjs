// The run page's last pieces in Debian's Chromium (playwright-core), against a running app that api's RunPageEndToEndTest
// started with a public benchmark whose three simulated judges split on some trials, a completed run of sim/echo and
// sim/upper, and a fork of a fork. Signed in with a token: the results table's "Judges disagree" filter and a trial's
// prompt sent, verdicts and rationales; Compare's cases lost opened as a side-by-side diff; the benchmark's Forks tab as a
// tree walked by keyboard; New run's BYOK key kept in this browser across a reload, then forgotten; dark mode (the system's
// preference) with axe-core; a phone at 390×844. Screenshots rp1-… to rp7-….png.
// Env: BASE_URL, RUN_ID, BENCHMARK_ID, FORK_ID, FORK_OF_FORK_ID, DISAGREE (how many trials the API says split),
// FIRST_DISAGREE ("model caseId" of the first), API_TOKEN, SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const runId = env('RUN_ID');
const benchmarkId = env('BENCHMARK_ID');
const forkId = env('FORK_ID');
const forkOfForkId = env('FORK_OF_FORK_ID');
const disagree = Number(env('DISAGREE'));
const [firstModel, firstCase] = env('FIRST_DISAGREE').split(' ');
const token = env('API_TOKEN');
const shots = env('SCREENSHOTS');
const KEY = 'sk-e2e-kept-key';
mkdirSync(shots, { recursive: true });

async function signIn(page, next) {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByText('Use an API token instead').click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
}

function watch(page, failures) {
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
      failures.push(`request to another origin: ${r.url()}`);
    if (r.url().includes(KEY)) failures.push('the provider key is in a URL');
  });
  page.on('console', (m) => {
    if (m.text().includes(KEY)) failures.push('the provider key is in the console');
  });
}

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  watch(page, failures);

  // 1. Judges disagree: the server's filter, then a trial's prompt, answer, graders and each judge's verdict
  await signIn(page, `/runs/${runId}`);
  const grid = page.getByRole('grid', { name: /Space selects/ });
  await grid.waitFor();
  await page.getByLabel('Judges disagree').check();
  await page.getByText(new RegExp(`^${disagree} trials?$`)).waitFor();
  check(true, `the filter shows the ${disagree} trials the API says split`);
  await grid.focus();
  await page.keyboard.press('Enter');
  const trial = page.getByRole('region', { name: new RegExp(`Case ${firstCase} · ${firstModel.replace('/', '\\/')}`) });
  await trial.waitFor();
  const prompt = await trial
    .getByRole('heading', { name: 'Prompt sent' })
    .locator('xpath=following-sibling::*[1]')
    .textContent();
  check(/Repeat exactly: /.test(prompt), `the drill-down shows the prompt sent (${prompt.trim().slice(0, 60)})`);
  check(
    (await trial.getByRole('heading', { name: /Judges/ }).textContent()).includes('judges disagree'),
    'the judges are marked as disagreeing',
  );
  const judges = await trial.locator('h4:has-text("Judges") + ul li').allTextContents();
  check(
    judges.length === 3 && judges.every((j) => /sim\/judge-\d: \d\.\d\d/.test(j) && j.includes('Simulated verdict')),
    `each judge's verdict and rationale (${judges.join(' | ').slice(0, 120)})`,
  );
  check((await trial.getByRole('heading', { name: 'Graders' }).count()) === 1, 'the graders are listed');
  await page.screenshot({ path: join(shots, 'rp1-judges-disagree.png'), fullPage: true });
  await accessible(page, 'the run page filtered to judges that disagree');

  // 2. Compare: the cases lost open a side-by-side diff of the two answers, from one bulk read
  const caseReads = [];
  page.on('request', (r) => {
    if (r.url().includes('/compare/cases')) caseReads.push(r.url());
  });
  await page.goto(`${base}/runs/${runId}/compare?baseline=sim%2Fecho&candidate=sim%2Fupper`);
  const lost = page.getByRole('button', { name: /^Lost \(\d+\)$/ });
  await lost.waitFor();
  const lostCount = Number((await lost.textContent()).match(/\d+/)[0]);
  check(lostCount > 0, `the candidate lost ${lostCount} cases`);
  await lost.focus();
  await page.keyboard.press('Enter');
  const summaries = page.locator('#compared-cases summary');
  await summaries.first().waitFor();
  check((await summaries.count()) === lostCount, 'each lost case is listed');
  check(caseReads.length === 1, 'one request for all of them');
  await summaries.first().focus();
  await page.keyboard.press('Enter');
  const left = page.locator('.side-by-side').first();
  await left.waitFor();
  const sides = await left.locator('pre').allTextContents();
  check(
    sides.length === 2 && /Repeat exactly/.test(sides[0]) && /REPEAT EXACTLY/.test(sides[1]),
    'the two answers side by side',
  );
  check(
    (await left.locator('.diff-from').count()) > 0 && (await left.locator('.diff-to').count()) > 0,
    'the differing lines are marked',
  );
  await page.screenshot({ path: join(shots, 'rp2-compare-diff.png'), fullPage: true });
  await accessible(page, 'compare with a side-by-side diff');

  // 3. The Forks tab: a tree walked by keyboard, each node a link with its version and owner
  await page.goto(`${base}/benchmarks/${benchmarkId}?tab=forks`);
  const tree = page.getByRole('tree');
  await tree.waitFor();
  const items = tree.getByRole('treeitem');
  check((await items.count()) === 3, 'the tree holds the benchmark and both forks');
  check((await tree.locator('[aria-level="3"]').count()) === 1, 'the fork of the fork is on the third level');
  await tree.locator('[tabindex="0"]').focus();
  await page.keyboard.press('ArrowDown');
  const bob = tree.getByRole('treeitem', { name: /Bob's greetings/ });
  check(await bob.evaluate((el) => el === document.activeElement), 'ArrowDown moves to the fork');
  check(/v1 · by \S+/.test(await bob.textContent()), 'the fork shows its version and owner');
  await page.keyboard.press('ArrowLeft');
  check((await bob.getAttribute('aria-expanded')) === 'false', 'ArrowLeft closes it');
  check((await tree.getByRole('treeitem', { name: /Carol's greetings/ }).count()) === 0, 'its fork is hidden');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const carol = tree.getByRole('treeitem', { name: /Carol's greetings/ });
  check(await carol.evaluate((el) => el === document.activeElement), 'ArrowRight opens it and moves to its fork');
  await page.screenshot({ path: join(shots, 'rp3-forks.png'), fullPage: true });
  await accessible(page, 'the Forks tab');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/benchmarks/${forkOfForkId}`);
  await page.getByRole('heading', { name: "Carol's greetings" }).waitFor();
  check(true, 'Enter opens the fork of the fork');
  void forkId;

  // 4. BYOK: kept in this browser only when asked, across a reload, until forgotten; sent only as X-Provider-Key
  const keyHeaders = [];
  page.on('request', (r) => {
    if (r.headers()['x-provider-key']) keyHeaders.push(r.url());
  });
  await page.goto(`${base}/benchmarks/${benchmarkId}/run`);
  await page.getByLabel('sim/echo', { exact: true }).check();
  await page.getByLabel(/My own provider key/).check();
  await page.getByLabel('Provider key', { exact: true }).fill(KEY);
  check(!(await page.evaluate((k) => JSON.stringify(localStorage).includes(k), KEY)), 'not kept before opting in');
  await page.getByLabel('Keep the key in this browser').check();
  check(await page.evaluate((k) => JSON.stringify(localStorage).includes(k), KEY), 'kept after opting in');
  await page.reload();
  await page.getByLabel('Provider key', { exact: true }).waitFor();
  check((await page.getByLabel('Provider key', { exact: true }).inputValue()) === KEY, 'the key survives a reload');
  await page.getByLabel('sim/echo', { exact: true }).check();
  for (let i = 0; i < 50 && keyHeaders.length === 0; i++) await page.waitForTimeout(100);
  check(
    keyHeaders.length > 0 && keyHeaders.every((u) => u.endsWith('/api/runs/estimate')),
    'the key travels only as X-Provider-Key on the estimate',
  );
  await page.getByRole('term').filter({ hasText: 'Trials' }).waitFor();
  check(
    (await page.getByText('The run cannot start as it is.').count()) === 0,
    'the estimate of the picked model, no refusal',
  );
  await page.screenshot({ path: join(shots, 'rp4-byok.png'), fullPage: true });
  await accessible(page, 'New run with a kept key');
  await page.getByRole('button', { name: 'Forget the key' }).click();
  await page.getByText('The key is forgotten').waitFor();
  check(!(await page.evaluate((k) => JSON.stringify(localStorage).includes(k), KEY)), 'forgotten: not in localStorage');
  await page.reload();
  await page.getByRole('heading', { name: 'New run' }).waitFor();
  check(
    await page.getByRole('radio', { name: 'Credits' }).isChecked(),
    'after a reload the page is back to credits, no key',
  );
  await context.close();

  // 5. Dark mode, following the system: contrast checked by axe-core
  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
  const night = await dark.newPage();
  watch(night, failures);
  await signIn(night, `/runs/${runId}`);
  await night.getByRole('grid', { name: /Space selects/ }).waitFor();
  const bg = await night.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  check(bg === 'rgb(13, 17, 23)', `the page is dark (${bg})`);
  await night.getByLabel('Judges disagree').check();
  await night.getByRole('grid', { name: /Space selects/ }).focus();
  await night.keyboard.press('Enter');
  await night.getByRole('heading', { name: 'Prompt sent' }).waitFor();
  await night.screenshot({ path: join(shots, 'rp5-dark-run.png'), fullPage: true });
  await accessible(night, 'the run page in dark mode');
  await night.goto(`${base}/runs/${runId}/compare?baseline=sim%2Fecho&candidate=sim%2Fupper`);
  await night.getByRole('button', { name: /^Lost/ }).click();
  await night.locator('#compared-cases summary').first().click();
  await night.locator('.side-by-side').first().waitFor();
  await night.screenshot({ path: join(shots, 'rp6-dark-compare.png'), fullPage: true });
  await accessible(night, 'compare in dark mode');
  await night.goto(`${base}/`);
  await night.getByRole('combobox', { name: 'Search benchmarks' }).waitFor();
  await accessible(night, 'the library in dark mode');
  await night.goto(`${base}/benchmarks/${benchmarkId}?tab=forks`);
  await night.getByRole('tree').waitFor();
  await accessible(night, 'the Forks tab in dark mode');
  await dark.close();

  // 6. A phone: compare with a diff open fits 390 px
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  watch(small, failures);
  await signIn(small, `/runs/${runId}/compare?baseline=sim%2Fecho&candidate=sim%2Fupper`);
  await small.getByRole('button', { name: /^Lost/ }).click();
  await small.locator('#compared-cases summary').first().click();
  await small.locator('.side-by-side').first().waitFor();
  await small.screenshot({ path: join(shots, 'rp7-compare-phone.png'), fullPage: true });
  await fitsPhone(small, 'compare with a side-by-side diff');
  await small.goto(`${base}/runs/${runId}`);
  await small.getByRole('grid', { name: /Space selects/ }).waitFor();
  await fitsPhone(small, 'the run page');
  await phone.close();

  check(
    failures.length === 0,
    `no page errors or foreign requests${failures.length ? ': ' + failures.join('; ') : ''}`,
  );
  console.log('all run page screens passed');
} finally {
  await browser.close();
}

// The operator console in Debian's Chromium (playwright-core), against a running app that api's ConsoleEndToEndTest
// seeded: a completed run, a planted contamination flag, a pending verification request, and a second user (bob).
// Signed in with the bootstrap admin's token: the user menu leads to the console; the KPIs; the flag is dismissed with a
// reason; the verification request is approved; bob becomes an analyst; a projection is rebuilt and its outcome shown;
// the hash chain is verified; finance and audit read. Then alice (a plain user) gets "admins only". axe-core on each
// screen; screenshots c1-… to c8-….png (1280×800, the last at 390×844 with no horizontal overflow).
// Env: BASE_URL, ADMIN_TOKEN, USER_TOKEN, FLAG_BENCHMARK, FLAG_MODEL, VERIFY_BENCHMARK, BOB, SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const adminToken = env('ADMIN_TOKEN');
const userToken = env('USER_TOKEN');
const flagBenchmark = env('FLAG_BENCHMARK');
const flagModel = env('FLAG_MODEL');
const verifyBenchmark = env('VERIFY_BENCHMARK');
const bob = env('BOB');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

async function signInWithToken(page, token, next) {
  await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByText('Use an API token instead').click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
}

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
      failures.push(`request to another origin: ${r.url()}`);
  });

  // 1. The admin opens the console from the user menu, by keyboard
  await signInWithToken(page, adminToken, '/');
  const menu = page.getByRole('button', { name: /account menu/ });
  await menu.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Operator console' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Operator console' }).waitFor();
  const runs = page.getByTestId('kpi-runs');
  await runs.waitFor();
  check(
    Number((await runs.textContent()).replace(/,/g, '')) >= 1,
    `the KPIs show this week's runs (${await runs.textContent()})`,
  );
  const success = await page.getByTestId('kpi-success').textContent();
  check(/ of \d+; 95% CI /.test(success), `the run success rate is shown with its count and interval: ${success}`);
  check((await page.locator('.kpi-target-line').count()) >= 9, 'the targets are drawn in');
  check(
    (await page.getByRole('img', { name: /^Judge–human correlation/ }).count()) === 1,
    'the judge–human correlation has its chart',
  );
  const mrr = await page.getByTestId('kpi-mrr').textContent();
  check(/^\$[\d,]+/.test(mrr), `MRR is shown in dollars: ${mrr}`);
  const conversion = await page.getByTestId('kpi-conversion').textContent();
  check(
    / of \d+; 95% CI /.test(conversion) || conversion === 'no figure yet',
    `Pro conversion is shown with its count and interval: ${conversion}`,
  );
  await page.screenshot({ path: join(shots, 'c1-kpis.png'), fullPage: true });
  await accessible(page, 'the KPIs');

  // 2. Integrity: dismiss the planted flag with a reason, approve the verification request
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Integrity' }).click();
  const flag = page.getByRole('listitem', { name: `${flagModel} on ${flagBenchmark}` });
  await flag.waitFor();
  check(/z = \d/.test(await flag.textContent()), 'the flag shows observed, expected ± σ and z');
  const request = page.getByRole('listitem', { name: 'To verify' });
  await request.waitFor();
  await page.screenshot({ path: join(shots, 'c2-integrity.png'), fullPage: true });
  await accessible(page, 'the integrity queues');
  await flag.getByRole('button', { name: 'Dismiss…' }).click();
  await flag
    .getByLabel('Reason (shown with the flag)')
    .fill('Checked: the model was trained before the benchmark existed');
  await flag.getByLabel('Reason (shown with the flag)').press('Enter');
  await flag.waitFor({ state: 'detached' });
  check(true, 'the flag is dismissed and leaves the queue');
  await request.getByRole('button', { name: 'Approve' }).click();
  await request.waitFor({ state: 'detached' });
  check(true, 'the verification request is approved and leaves the pending queue');

  // 3. Users: bob becomes an analyst
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Users' }).click();
  await page.getByLabel('Search users').fill(bob);
  await page.getByLabel('Search users').press('Enter');
  const row = page.getByRole('row', { name: bob, exact: true });
  await row.waitFor();
  await row.getByLabel(`Role of ${bob}`).selectOption('ANALYST');
  await row.getByRole('status').filter({ hasText: 'Saved.' }).waitFor({ state: 'attached' });
  check((await row.getByLabel(`Role of ${bob}`).inputValue()) === 'ANALYST', `${bob} is an analyst`);
  await page.screenshot({ path: join(shots, 'c3-users.png'), fullPage: true });
  await accessible(page, 'the users');

  // 4. Projections: rebuild one and see it finish
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Projections' }).click();
  const forks = page.getByRole('row', { name: 'benchmark-forks', exact: true });
  await forks.waitFor();
  await forks.getByRole('button', { name: 'Rebuild benchmark-forks' }).click();
  await forks.getByText('Identical to the live read model.').waitFor({ timeout: 120_000 });
  check(true, 'the rebuild of benchmark-forks finishes, identical to the live read model');
  await page.screenshot({ path: join(shots, 'c4-projections.png'), fullPage: true });
  await accessible(page, 'the projections');

  // 5. Finance reads (margin and reconciliation)
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Finance' }).click();
  await page.getByRole('heading', { name: 'Reconciliation' }).waitFor();
  await page.locator('.state-loading').first().waitFor({ state: 'detached' });
  const subscriptions = await page.getByTestId('subscription-totals').textContent();
  check(
    subscriptions.startsWith('MRR at the period’s end: $'),
    `subscription revenue is shown beside the margin: ${subscriptions}`,
  );
  await page.screenshot({ path: join(shots, 'c5-finance.png'), fullPage: true });
  await accessible(page, 'finance');

  // 6. Audit: the hash chain verifies; the dismissal is in the benchmark's events; the benchmark as of now
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('button', { name: 'Verify the hash chain' }).click();
  const verdict = page.locator('.chain-ok, .chain-broken');
  await verdict.waitFor();
  check(
    (await verdict.textContent()).includes('The chain is intact'),
    `the hash chain verifies: ${await verdict.textContent()}`,
  );
  await page.getByLabel('Aggregate id').fill(flagBenchmark);
  await page.getByLabel('Event type').fill('ContaminationDismissed');
  await page.getByRole('button', { name: 'Show events' }).click();
  await page.getByText('ContaminationDismissed', { exact: true }).waitFor();
  check(true, 'the audit stream shows the dismissal on that benchmark');
  await page.getByLabel('Benchmark id').fill(verifyBenchmark);
  await page.getByRole('button', { name: 'Show it' }).click();
  await page
    .locator('.asof-result')
    .getByText(/version 1/)
    .waitFor();
  check(true, 'the benchmark as of an instant is shown');
  await page.screenshot({ path: join(shots, 'c6-audit.png'), fullPage: true });
  await accessible(page, 'the audit browser');

  // 7. On a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'KPIs' }).click();
  await page.getByTestId('kpi-runs').waitFor();
  await fitsPhone(page, 'the KPIs');
  await page.screenshot({ path: join(shots, 'c8-kpis-phone.png'), fullPage: true });

  // 8. A plain user is told the console is for admins, and has no link to it
  const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const userPage = await other.newPage();
  userPage.setDefaultTimeout(30_000);
  userPage.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  await signInWithToken(userPage, userToken, '/console/users');
  const refusal = userPage.getByRole('alert');
  await refusal.waitFor();
  check(
    (await refusal.textContent()).includes('This section is for admins only.'),
    `a plain user reads: ${await refusal.textContent()}`,
  );
  await userPage.getByRole('button', { name: /account menu/ }).click();
  await userPage.getByRole('link', { name: 'Account and tokens' }).waitFor();
  check(
    (await userPage.getByRole('link', { name: 'Operator console' }).count()) === 0,
    'the user menu has no console link for a plain user',
  );
  await userPage.keyboard.press('Escape');
  await userPage.screenshot({ path: join(shots, 'c7-admins-only.png'), fullPage: true });
  await accessible(userPage, 'the console for a plain user');

  check(failures.length === 0, `no page error or foreign request${failures.length ? ': ' + failures.join('; ') : ''}`);
  console.log('all console screens passed');
} finally {
  await browser.close();
}

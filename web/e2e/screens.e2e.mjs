// Drives the web app in Debian's Chromium (playwright-core, no downloaded browser) as a person would, against a
// running app that api's WebAppEndToEndTest started and seeded. Takes a screenshot of each screen.
// Env: BASE_URL, BENCHMARK_ID, BENCHMARK_TITLE, RUN_ID, API_TOKEN, SCREENSHOTS (a directory), SIGN_UP_HANDLE,
// PAGED_TAG (a tag on 21 public benchmarks), SIGN_UP_EMAIL, MAILBOX (a directory where the test writes the verification link once the SMTP server got it),
// CHROMIUM (optional).
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const benchmarkId = env('BENCHMARK_ID');
const title = env('BENCHMARK_TITLE');
// the count, not 1: the tests' shared database may hold other benchmarks with similar titles (the search is fuzzy)
const resultsFor = new RegExp(`\\d+ benchmarks? for “${title}”`);
const runId = env('RUN_ID');
const pagedTag = env('PAGED_TAG');
const token = env('API_TOKEN');
const shots = env('SCREENSHOTS');
const handle = env('SIGN_UP_HANDLE');
const email = env('SIGN_UP_EMAIL');
const mailbox = env('MAILBOX');
const PASSPHRASE = 'copper kettle under a quiet bridge';

/** The verification link's path and query, once the real SMTP server has received the mail (at most 60 s). */
async function verificationLink() {
  const file = join(mailbox, 'verify-link.txt');
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(file)) throw new Error('no verification mail reached the SMTP server');
  return readFileSync(file, 'utf8').trim();
}
mkdirSync(shots, { recursive: true });

/** Fails on serious or critical accessibility violations (axe-core) on the page as it is now. */
const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  // nothing may be fetched from another origin: no CDN, no fonts
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
      failures.push(`request to another origin: ${r.url()}`);
  });

  // 1. The library, signed out
  await page.goto(`${base}/`);
  const search = page.getByRole('combobox', { name: 'Search benchmarks' });
  await search.fill(title);
  await page.getByText(resultsFor).waitFor();
  const card = page.getByRole('link', { name: title, exact: true });
  await card.waitFor();
  check(true, 'the library lists the public benchmark, signed out');
  const item = page.locator('li.card', { has: card });
  check((await item.textContent()).includes('Cases5'), 'its card shows the case count');
  await page.screenshot({ path: join(shots, '1-library.png'), fullPage: true });
  await accessible(page, 'the library');

  // 1b. Paging by the API's cursor, by keyboard: the count and the facets are the first page's
  await page.goto(`${base}/?tag=${pagedTag}&sort=recent`);
  await page.getByText('Page 1 of 2').waitFor();
  check(await page.getByText('21 benchmarks').isVisible(), 'the first page counts all 21');
  await page.getByRole('button', { name: 'Next →' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Page 2 of 2').waitFor();
  // the first page's cards stay until the second page's have come (aria-busy meanwhile)
  await page.locator('section.results[aria-busy="false"]').waitFor();
  check(new URL(page.url()).searchParams.has('cursor'), 'Next follows the cursor the API gave');
  check((await page.locator('li.card').count()) === 1, 'the second page holds the 21st benchmark');
  check(await page.getByText('21 benchmarks').isVisible(), 'a cursor page still shows the count');
  check(
    await page.getByRole('checkbox', { name: new RegExp(pagedTag) }).isChecked(),
    'a cursor page still shows the facets',
  );
  await page.screenshot({ path: join(shots, '1b-library-page-2.png'), fullPage: true });
  await accessible(page, 'the library, second page');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the library, second page');
  await page.screenshot({ path: join(shots, '1c-library-page-2-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('button', { name: '← Previous' }).focus();
  await page.keyboard.press('Enter');
  await page.getByText('Page 1 of 2').waitFor();
  await page.locator('section.results[aria-busy="false"]').waitFor();
  check((await page.locator('li.card').count()) === 20, 'Previous goes back to the first 20');
  await page.goto(`${base}/`);

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
  await page.getByText(resultsFor).waitFor();

  // 2. The benchmark page: the leaderboard with intervals, by keyboard through the tabs
  await card.click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  check(page.url() === `${base}/benchmarks/${benchmarkId}`, 'the card opens the benchmark page');
  // the box mirrors the address, which the router updates in a transition: click, then wait for the rows
  await page.getByRole('checkbox', { name: 'Include simulated models' }).click();
  await page
    .getByLabel(/^sim\/echo score: /)
    .first()
    .waitFor();
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
  // the header's Sign in keeps where the person was; the token is for people who have one but no password
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  check(
    new URL(page.url()).searchParams.get('next') === `/runs/${runId}`,
    'Sign in remembers the page to come back to',
  );
  await page.getByText('Use an API token instead').click();
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Use this token' }).click();
  await page.getByRole('heading', { name: 'Results per model' }).waitFor();
  await page.getByLabel(/^sim\/random-1 score: /).waitFor();
  const perModel = page.getByRole('table', { name: /^Per model: score and pass rate/ });
  check((await perModel.locator('tbody tr').count()) === 3, 'the run shows its three models');
  await page.locator('.verdict-word').waitFor();
  const verdict = await page.locator('.verdict-word').textContent();
  check(['SHIP', 'SHIP WITH CAVEATS', "DON'T SHIP"].includes(verdict), `the run shows a verdict (${verdict})`);
  await page.screenshot({ path: join(shots, '5-run.png'), fullPage: true });
  await accessible(page, 'the run page');

  // 4. The results table: by keyboard to a trial, its grader results, a human grade with a key
  const trials = page.getByRole('grid', { name: /arrow keys move/ });
  await trials.waitFor();
  const shown = await trials.getByRole('row').count();
  check(shown > 0 && shown <= 30, `the results table renders a window of rows (${shown} of 30 trials)`);
  await trials.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const trial = page.getByRole('region', { name: /^Case / });
  await trial.getByRole('heading', { name: 'Graders' }).waitFor();
  check((await trial.textContent()).includes('exact'), 'Enter opens the trial with its grader results');
  await trial.getByLabel('Comment (optional)').fill('checked by hand');
  await trial.getByRole('heading', { name: /^Case / }).focus();
  await page.keyboard.press('1');
  await trial.getByText('Recorded 1.').waitFor();
  await trial.getByRole('listitem').filter({ hasText: 'checked by hand' }).waitFor();
  check(true, 'the key 1 records a human grade, shown on the trial');
  await page.screenshot({ path: join(shots, '6-run-trial.png'), fullPage: true });
  await accessible(page, 'the trial drill-down');

  // 5. Compare: each rubric line and the verdict, copied as Markdown
  await page.goto(`${base}/runs/${runId}/compare?baseline=sim%2Fecho&candidate=sim%2Frandom-1`);
  await page.getByRole('heading', { name: 'Compare two models' }).waitFor();
  const rubric = page.getByRole('table', { name: /decision rubric/ });
  await rubric.waitFor();
  check((await rubric.textContent()).includes('passRate ≥ 0.5'), 'the rubric line is listed with whether it is met');
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.getByRole('button', { name: 'Copy as Markdown' }).click();
  await page.getByText('Copied as Markdown.').waitFor();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  check(
    markdown.startsWith('## sim/random-1 vs sim/echo: ') && markdown.includes('| passRate ≥ 0.5 | MUST |'),
    'the Markdown report has the verdict and the rubric line',
  );
  await page.screenshot({ path: join(shots, '7-compare.png'), fullPage: true });
  await accessible(page, 'the compare page');

  // 6. New run: three simulated models from the catalogue, the estimate, start, and the run page
  await page.goto(`${base}/benchmarks/${benchmarkId}`);
  await page.getByRole('link', { name: 'Run against models…' }).click();
  await page.getByRole('heading', { name: 'New run' }).waitFor();
  await page.getByText('Pick at least one model').waitFor();
  await page.getByRole('searchbox', { name: 'Search models' }).fill('sim/');
  for (const model of ['sim/echo', 'sim/random-1', 'sim/random-2'])
    await page.getByLabel(model, { exact: true }).check();
  await page.getByLabel('Repeats per case').fill('2');
  const estimate = page.getByRole('region', { name: 'Estimate' });
  await estimate.getByText('(5 cases × 3 models × 2)').waitFor();
  check(
    (await estimate.textContent()).includes('30'),
    'the estimate counts 5 cases × 3 models × 2 repeats = 30 trials',
  );
  check((await estimate.textContent()).includes('Credits reserved0'), 'simulated models reserve no credits');
  await page.screenshot({ path: join(shots, '8-new-run.png'), fullPage: true });
  await accessible(page, 'the new run page');
  await page.getByRole('button', { name: /^Start the run/ }).click();
  await page.waitForURL(/\/runs\/run_/);
  await page.getByText('COMPLETED', { exact: true }).waitFor({ timeout: 60_000 });
  check(page.url() !== `${base}/runs/${runId}`, 'starting opens the new run, which completes');
  await page.getByText('30 trials', { exact: true }).waitFor();
  check(true, 'the results table shows all 30 trials once the run has ended');
  await page.screenshot({ path: join(shots, '9-new-run-done.png'), fullPage: true });

  // 7. Accounts: sign out, sign up (the server's password feedback), verify by the mailed link, a token, sign in
  const menu = page.getByRole('button', { name: /account menu/ });
  await menu.click();
  check((await menu.getAttribute('aria-expanded')) === 'true', 'the user menu opens');
  await page.keyboard.press('Escape');
  check(
    (await menu.getAttribute('aria-expanded')) === 'false' &&
      (await menu.evaluate((el) => el === document.activeElement)),
    'Escape closes the user menu and gives the focus back',
  );
  await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  check(true, 'signed out, the header offers Sign up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Password').fill('password1234');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page
    .getByText(/^Password is too common/)
    .waitFor()
    .catch(async () => {
      throw new Error(`no password feedback; the page says: ${await page.locator('main').textContent()}`);
    });
  check(
    (await page.getByLabel('Password').getAttribute('aria-invalid')) === 'true',
    'a breached password is refused, the reason under the field',
  );
  await page.screenshot({ path: join(shots, '10-sign-up-weak-password.png'), fullPage: true });
  await accessible(page, 'the sign-up page');
  await page.getByLabel('Password').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  await page.getByText('not verified', { exact: true }).waitFor();
  check(
    await page.getByRole('button', { name: `${handle} (account menu)` }).isVisible(),
    'after sign-up the header shows the new user',
  );
  await page.getByRole('button', { name: /^Upgrade to Pro \(\$19\.00 a month\)$/ }).waitFor();
  check(
    (await page.getByTestId('plan').textContent()) === 'Free',
    'a new account is on Free and is offered Pro at its price',
  );
  await page.screenshot({ path: join(shots, '11-account-welcome.png'), fullPage: true });
  await accessible(page, 'the account page');

  const link = await verificationLink();
  check(link.startsWith('/verify-email?token='), 'the verification mail reached the SMTP server with its link');
  await page.goto(`${base}${link}`);
  await page.getByText('Your email is verified.').waitFor();
  await page.screenshot({ path: join(shots, '12-verify-email.png'), fullPage: true });
  await accessible(page, 'the verify-email page');
  await page.goto(`${base}${link}`);
  await page.getByText('This link does not work.').waitFor();
  check(true, 'the link works once; opened again it says it is spent');
  await page.goto(`${base}/account`);
  await page.getByText('verified', { exact: true }).waitFor();
  check(true, 'the account shows the email verified');

  await page.getByLabel('Name').fill('e2e laptop');
  await page.getByLabel('Expires').selectOption('30');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('The new token').inputValue();
  check(secret.startsWith('bh_'), 'the new token is shown once');
  await page.getByRole('row', { name: /e2e laptop/ }).waitFor();
  check(true, 'the token list shows it');
  await page.screenshot({ path: join(shots, '13-account-token-created.png'), fullPage: true });
  await accessible(page, 'the account page with a new token');
  const me = await page.evaluate(
    async (t) => (await fetch('/api/auth/me', { headers: { Authorization: `Bearer ${t}` } })).json(),
    secret,
  );
  check(me.handle === handle, 'the shown token works as a bearer token');
  await page.reload();
  await page
    .getByRole('row', { name: /e2e laptop/ })
    .getByText(/\d/)
    .first()
    .waitFor();
  check((await page.getByLabel('The new token').count()) === 0, 'after a reload the secret is gone for good');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
  const afterSignOut = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
  check(afterSignOut === 401, 'after signing out the session is gone');

  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email or handle').fill(handle);
  await page.getByLabel('Password').fill('not the passphrase at all');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'The login or the password is wrong' }).waitFor();
  check(true, 'a wrong password gets the server’s answer');
  await page.screenshot({ path: join(shots, '14-sign-in.png'), fullPage: true });
  await accessible(page, 'the sign-in page');
  await page.getByLabel('Password').fill(PASSPHRASE);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: /account menu/ }).waitFor();
  check(new URL(page.url()).pathname === '/', 'signed in by keyboard, the library opens with the user in the header');

  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
  await page.goto(`${base}/sign-in?error=account_email_not_verified`);
  await page.getByRole('alert').filter({ hasText: 'its email is not verified yet' }).waitFor();
  check(true, 'an OIDC refusal code is shown in words');
  await page.screenshot({ path: join(shots, '15-sign-in-refused-by-provider.png'), fullPage: true });
  await accessible(page, 'the sign-in page with a refusal');

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

// The account page's Plan panel in Debian's Chromium (playwright-core), against a running app that api's
// PlanEndToEndTest started with plans sold: a Free user is told that Pro has their own model ranking; a Pro user (put on
// Pro by Stripe's signed webhook before the script starts) sees their own ranking across their private benchmarks,
// with 95% intervals and rank ranges, and reaches its simulated toggle by keyboard. axe-core, a 390 px phone check and
// a screenshot on each screen.
// Before that, the Free user's run older than Free's 30-day history (402 history) shows its own state, not an error.
// Env: BASE_URL, FREE_TOKEN, PRO_TOKEN, STRONG_MODEL (the model the Pro user's runs rank first), OLD_RUN (the Free
// user's run 40 days old, of a private benchmark), SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const freeToken = env('FREE_TOKEN');
const proToken = env('PRO_TOKEN');
const strong = env('STRONG_MODEL');
const oldRun = env('OLD_RUN');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
const failures = [];
async function signedIn(token) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((t) => sessionStorage.setItem('benchmarkhub.token', t), token);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      failures.push(`request to another origin: ${r.url()}`);
  });
  return page;
}

try {
  // 0. Free: a run older than the plan's history is a state of its own that offers Pro, not an error
  const free = await signedIn(freeToken);
  await free.goto(`${base}/runs/${oldRun}`);
  await free.getByRole('heading', { level: 1, name: "This run is older than your plan's 30-day history" }).waitFor();
  await free.getByText(/The Free plan shows runs of private benchmarks requested since \d{4}-\d\d-\d\d/).waitFor();
  await free.getByText('Nothing is deleted: Pro shows the whole history again.').waitFor();
  check((await free.getByRole('alert').count()) === 0, 'the history window is not shown as an error');
  const upgrade = free.getByRole('button', { name: /^Upgrade to Pro \(/ });
  await upgrade.waitFor();
  await free.keyboard.press('Tab');
  for (let i = 0; i < 40 && !(await upgrade.evaluate((b) => b === document.activeElement)); i++) {
    await free.keyboard.press('Tab');
  }
  check(await upgrade.evaluate((b) => b === document.activeElement), 'the upgrade is reachable by keyboard');
  await free.screenshot({ path: join(shots, 'p0-run-outside-history.png'), fullPage: true });
  await accessible(free, 'the run page outside the history window');
  await free.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(free, 'the run page outside the history window');
  await free.setViewportSize({ width: 1280, height: 800 });

  // 1. Free: the Plan panel offers Pro and says it has your own ranking
  await free.goto(`${base}/account`);
  await free
    .getByTestId('plan')
    .filter({ hasText: /^Free$/ })
    .waitFor();
  await free.getByText('Upgrade to Pro for your own model ranking across your private benchmarks.').waitFor();
  check(
    (await free.getByRole('region', { name: 'Your model ranking' }).count()) === 0,
    'on Free no ranking is shown, only that Pro has it',
  );
  await free.screenshot({ path: join(shots, 'p1-account-free.png'), fullPage: true });
  await accessible(free, 'the account page on Free');

  // 2. Pro: your own ranking, with intervals and rank ranges
  const pro = await signedIn(proToken);
  await pro.goto(`${base}/account`);
  await pro.getByTestId('plan').filter({ hasText: /^Pro$/ }).waitFor();
  await pro.getByRole('heading', { level: 3, name: 'Your model ranking' }).waitFor();
  await pro.getByText(/2 models ranked over 2 private benchmarks/).waitFor();
  const table = pro.getByRole('region', { name: 'Your model ranking' });
  const rows = table.locator('tbody tr');
  check((await rows.count()) === 2, 'both models of the private benchmarks are ranked');
  check((await rows.first().textContent()).includes(strong), 'the stronger model ranks first');
  check(/\d\.\d\d–\d\.\d\d/.test(await table.textContent()), 'each strength shows its 95% interval');
  check(
    /^\d(–\d)?$/.test((await rows.first().locator('td').first().textContent()).trim()),
    'each row has its rank range',
  );
  check((await pro.getByText('Upgrade to Pro for your own model ranking').count()) === 0, 'on Pro nothing is offered');
  await pro.screenshot({ path: join(shots, 'p2-account-pro-ranking.png'), fullPage: true });
  await accessible(pro, 'the account page on Pro');

  // the simulated toggle by keyboard asks again
  await pro.getByLabel('Include simulated models').focus();
  await pro.keyboard.press('Space');
  check(await pro.getByLabel('Include simulated models').isChecked(), 'the simulated toggle works by keyboard');
  await pro.getByText(/ranked over 2 private benchmarks/).waitFor();

  await pro.setViewportSize({ width: 390, height: 844 });
  await pro.screenshot({ path: join(shots, 'p3-account-pro-phone.png'), fullPage: true });
  await fitsPhone(pro, 'the account page on Pro');

  if (failures.length) throw new Error(failures.join('\n'));
  console.log('all plan screens passed');
} finally {
  await browser.close();
}

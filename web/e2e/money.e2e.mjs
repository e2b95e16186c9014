// The credits and releases screens in Debian's Chromium (playwright-core), against a running app that api's
// MoneyEndToEndTest started: the credits page (balance and ledger) reached from the user menu, the owner's Schedules tab
// of a benchmark (a refused cron, then a schedule made, paused and deleted), and the release watchers page with a
// release report. Takes a screenshot of each screen and runs axe-core on it.
// Buying credits goes through a local stand-in for Stripe's hosted checkout (STRIPE_URL), whose Pay button delivers the
// signed payment webhook to the app and sends the browser back, as Stripe does.
// Env: BASE_URL, STRIPE_URL, API_TOKEN (a user with granted credits), BENCHMARK_ID (theirs), WATCHER_ID (theirs, with one report),
// SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const token = env('API_TOKEN');
const benchmarkId = env('BENCHMARK_ID');
const watcherId = env('WATCHER_ID');
const stripe = env('STRIPE_URL');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // signed in with an API token for this tab (src/api/session.ts)
  await context.addInitScript((t) => sessionStorage.setItem('benchmarkhub.token', t), token);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (
      !r.url().startsWith(base) &&
      !r.url().startsWith(stripe) &&
      !r.url().startsWith('data:') &&
      !r.url().startsWith('blob:')
    )
      failures.push(`request to another origin: ${r.url()}`);
  });
  page.on('dialog', (d) => d.accept());
  const api = async (method, path, body) => {
    const r = await page.request.fetch(`${base}${path}`, {
      method,
      data: body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    return { status: r.status(), body: await r.json().catch(() => null) };
  };

  // 1. Credits, from the user menu, by keyboard: the grant and the watcher run's charge show in the balance and the ledger
  await page.goto(`${base}/`);
  const menu = page.getByRole('button', { name: /account menu/ });
  await menu.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Credits' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Credits' }).waitFor();
  // the watcher's run (below) has already reserved and been charged credits: the page shows what the API says
  const balance = (await api('GET', '/api/credits/balance')).body;
  check(balance.available < 1500, `the watcher's run was charged (available ${balance.available})`);
  await page
    .getByTestId('available')
    .filter({ hasText: new Intl.NumberFormat('en-US').format(balance.available) })
    .waitFor();
  await page
    .getByRole('row', { name: /Charge/ })
    .first()
    .waitFor();
  const grant = page.getByRole('row', { name: /Grant/ });
  await grant.waitFor();
  const grantText = await grant.textContent();
  check(
    grantText.includes('+1,500') && grantText.includes('welcome credits'),
    `the grant is in the ledger (${grantText})`,
  );
  // buy 100 credits: Stripe's checkout page (the local stand-in), Pay, and back on Credits until the purchase arrives
  await page.getByRole('button', { name: 'Buy 100 credits for $10.00' }).click();
  await page.waitForURL((url) => url.toString().startsWith(stripe));
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL((url) => url.pathname === '/credits' && url.searchParams.get('checkout') === 'success');
  await page.getByText('Your payment is confirmed and its credits are in your balance.').waitFor();
  await page
    .getByTestId('available')
    .filter({ hasText: new Intl.NumberFormat('en-US').format(balance.available + 100) })
    .waitFor();
  const purchase = await page.getByRole('row', { name: /Purchase/ }).textContent();
  check(
    purchase.includes('+100') && purchase.includes('$10.00'),
    `a checkout paid at Stripe credits 100 credits (${purchase})`,
  );
  check((await api('GET', '/api/credits/balance')).body.available === balance.available + 100, 'and the API agrees');
  await page.screenshot({ path: join(shots, 'm1-credits.png'), fullPage: true });
  await accessible(page, 'the credits page');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'm2-credits-phone.png'), fullPage: true });
  await fitsPhone(page, 'the credits page');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 2. Schedules: the owner's tab, reached by keyboard (End is the last tab); a refused cron, then a schedule made, paused, deleted
  await page.goto(`${base}/benchmarks/${benchmarkId}`);
  await page.getByRole('tab', { name: 'Leaderboard' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('tab', { name: 'Schedules', selected: true }).waitFor();
  await page.getByText('No schedule yet.').waitFor();
  check(true, 'the owner has a Schedules tab, empty at first');
  await page.getByLabel('Cron').fill('0 25 * * *');
  await page.getByLabel('Time zone').fill('Europe/Berlin');
  await page.getByLabel('Search the catalogue').fill('sim/');
  await page.getByLabel('sim/echo').check();
  await page.getByLabel('Monthly credit cap (optional)').fill('200');
  await page.getByRole('button', { name: 'Create the schedule' }).click();
  const cronError = page.locator('#schedule-cron-error');
  await cronError.waitFor();
  check(
    (await cronError.textContent()).startsWith('Cron '),
    `a bad cron is refused under its field (${await cronError.textContent()})`,
  );
  await page.getByLabel('Cron').fill('0 6 * * MON-FRI');
  await page.getByRole('button', { name: 'Create the schedule' }).click();
  await page.getByRole('status').filter({ hasText: 'Scheduled: 0 6 * * MON-FRI (Europe/Berlin)' }).waitFor();
  const card = page.getByRole('listitem', { name: 'Schedule 0 6 * * MON-FRI (Europe/Berlin)' });
  await card.waitFor();
  check((await card.textContent()).includes('0 reserved of a 200 cap'), 'the schedule lists its monthly cap');
  await card.getByRole('button', { name: /^Pause/ }).click();
  await card.getByText('Paused', { exact: true }).waitFor();
  const listed = (await api('GET', `/api/benchmarks/${benchmarkId}/schedules`)).body.items;
  check(
    listed.length === 1 &&
      listed[0].paused &&
      listed[0].models.join() === 'sim/echo' &&
      listed[0].billing === 'CREDITS',
    'the schedule is recorded with its model and credits billing, and paused',
  );
  await page.screenshot({ path: join(shots, 'm3-schedules.png'), fullPage: true });
  await accessible(page, 'the schedules tab');
  await card.getByRole('button', { name: /^Resume/ }).click();
  await card.getByText('Active', { exact: true }).waitFor();
  await card.getByRole('button', { name: /^Delete…/ }).click();
  await card.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('No schedule yet.').waitFor();
  check(
    (await api('GET', `/api/benchmarks/${benchmarkId}/schedules`)).body.items.length === 0,
    'resumed, then deleted after a confirmation',
  );

  // 3. Release watchers, from the user menu: the report of the model that appeared, with intervals, p-value and rubric lines
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('link', { name: 'Release watchers' }).click();
  await page.getByRole('heading', { level: 1, name: 'Release watchers' }).waitFor();
  const watcher = page.getByRole('listitem', { name: `Watcher ${watcherId}` });
  await watcher.waitFor();
  const toggle = watcher.getByRole('button', { name: /release reports/ });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const report = page.getByRole('listitem', { name: 'Release report for fake/acme/steady-new' });
  await report.waitFor();
  const reportText = await report.textContent();
  check(
    /New − production: [+−]\d\.\d{3} \(95% CI .*, p = (\d\.\d{3}|—), n = 3 paired cases\)/.test(reportText),
    `the report gives the paired difference (${reportText.slice(0, 400)})`,
  );
  check(/SHIP|DON'T SHIP|SHIP WITH CAVEATS/.test(reportText), 'and a verdict');
  await report.getByRole('row', { name: /passRate ≥ 0.5/ }).waitFor();
  check(
    (await report.getByRole('img', { name: /fake\/acme\/steady-new score: .*95% CI/ }).count()) === 1,
    "the new model's score is drawn with its interval",
  );
  // the trend over releases: one vendor, the release drawn with its interval, the same numbers in a table
  const trend = page.getByRole('region', { name: 'Trend over releases: acme' });
  await trend.waitFor();
  const chartLabel = await trend.getByRole('img').getAttribute('aria-label');
  check(
    /fake\/acme\/steady-new: [+−]\d\.\d{3} \(95% CI /.test(chartLabel),
    `the trend chart gives the release's difference with its interval (${chartLabel})`,
  );
  check(
    (await trend.getByRole('row', { name: /fake\/acme\/steady-new/ }).count()) === 1,
    'and the trend table lists the release',
  );
  // pause and resume by keyboard: the API agrees each time
  await watcher.getByRole('button', { name: `Pause watcher ${watcherId}` }).focus();
  await page.keyboard.press('Enter');
  await watcher.getByRole('button', { name: `Resume watcher ${watcherId}` }).waitFor();
  check((await api('GET', `/api/watchers/${watcherId}`)).body.paused === true, 'Pause pauses the watcher');
  await watcher.getByRole('button', { name: `Resume watcher ${watcherId}` }).press('Enter');
  await watcher.getByRole('button', { name: `Pause watcher ${watcherId}` }).waitFor();
  check((await api('GET', `/api/watchers/${watcherId}`)).body.paused === false, 'Resume resumes it');
  await page.screenshot({ path: join(shots, 'm4-watchers.png'), fullPage: true });
  await accessible(page, 'the release watchers page');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'm5-watchers-phone.png'), fullPage: true });
  await fitsPhone(page, 'the release watchers page');

  // 4. Stop watching, after a confirmation: the watcher and its reports are gone
  await page.setViewportSize({ width: 1280, height: 800 });
  await watcher.getByRole('button', { name: /^Stop watching…/ }).click();
  await watcher.getByRole('button', { name: 'Stop watching', exact: true }).click();
  await page.getByText('No watcher yet.').waitFor();
  check(
    (await api('GET', '/api/watchers')).body.items.length === 0 &&
      (await api('GET', `/api/watchers/${watcherId}`)).status === 404,
    'Stop watching deletes the watcher',
  );

  await context.close();
} catch (e) {
  failures.push(e.stack || String(e));
  for (const context of browser.contexts()) {
    for (const open of context.pages()) {
      failures.push(`the page was ${open.url()}; see money-failure.png`);
      await open.screenshot({ path: join(shots, 'money-failure.png'), fullPage: true }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('all money screens passed');

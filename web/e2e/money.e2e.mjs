// The credits and releases screens in Debian's Chromium (playwright-core), against a running app that api's
// MoneyEndToEndTest started: the credits page (balance and ledger) reached from the user menu. Takes a screenshot of
// each screen and runs axe-core on it.
// Env: BASE_URL, API_TOKEN (a user with granted credits), SCREENSHOTS, CHROMIUM.
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
const token = env('API_TOKEN');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
  console.log(`ok - ${message}`);
}

async function accessible(page, screen) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = bad.map((v) => `${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  check(bad.length === 0, `${screen} has no serious accessibility violation${bad.length ? ': ' + detail.join('; ') : ''}`);
}

async function fitsPhone(page, screen) {
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'));
    return { px: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`) };
  });
  check(overflow.px <= 0, `${screen} fits a 390 px phone (overflow ${overflow.px} px${overflow.wide.length ? ': ' + overflow.wide.join(', ') : ''})`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // signed in with an API token for this tab (src/api/session.ts)
  await context.addInitScript((t) => sessionStorage.setItem('benchmarkhub.token', t), token);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) failures.push(`request to another origin: ${r.url()}`);
  });
  page.on('dialog', (d) => d.accept());

  // 1. Credits, from the user menu, by keyboard: the grant shows in the balance and the ledger
  await page.goto(`${base}/`);
  const menu = page.getByRole('button', { name: /account menu/ });
  await menu.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Credits' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Credits' }).waitFor();
  await page.getByTestId('available').filter({ hasText: '1,500' }).waitFor();
  const grant = page.getByRole('row', { name: /Grant/ });
  await grant.waitFor();
  const grantText = await grant.textContent();
  check(grantText.includes('+1,500') && grantText.includes('welcome credits'), `the grant is in the ledger (${grantText})`);
  await page.screenshot({ path: join(shots, 'm1-credits.png'), fullPage: true });
  await accessible(page, 'the credits page');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'm2-credits-phone.png'), fullPage: true });
  await fitsPhone(page, 'the credits page');
  await page.setViewportSize({ width: 1280, height: 800 });

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

// What every end-to-end script shares: required environment, checks that print "ok - …" or throw, axe-core on a
// screen, the 390 px phone check, and Debian's Chromium started the same way.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

export function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
  console.log(`ok - ${message}`);
}

export async function accessible(page, screen) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const detail = bad.map(
    (v) =>
      `${v.id} (${v.help}) at ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(', ')}`,
  );
  check(
    bad.length === 0,
    `${screen} has no serious accessibility violation${bad.length ? ': ' + detail.join('; ') : ''}`,
  );
}

export async function fitsPhone(page, screen) {
  const overflow = await page.evaluate(() => {
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-scroll'),
    );
    return {
      px: document.documentElement.scrollWidth - window.innerWidth,
      wide: wide.slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    };
  });
  check(
    overflow.px <= 0,
    `${screen} fits a 390 px phone (overflow ${overflow.px} px${overflow.wide.length ? ': ' + overflow.wide.join(', ') : ''})`,
  );
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

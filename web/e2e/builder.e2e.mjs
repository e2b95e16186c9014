// The benchmark builder in Debian's Chromium (playwright-core), against a running app that api's
// BuilderEndToEndTest started: create a benchmark (with a server-side validation error first), add and import
// cases, meet a 412 conflict and re-apply the edit, publish, read the version diff, export, and fork someone
// else's public benchmark. Takes a screenshot of each screen.
// Env: BASE_URL, API_TOKEN (the builder), PUBLIC_BENCHMARK_ID (someone else's public benchmark), SCREENSHOTS, CHROMIUM.
import { accessible, check, env, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const token = env('API_TOKEN');
const publicId = env('PUBLIC_BENCHMARK_ID');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  // signed in with an API token for this tab (src/api/session.ts)
  await context.addInitScript((t) => sessionStorage.setItem('benchmarkhub.token', t), token);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      failures.push(`request to another origin: ${r.url()}`);
  });
  page.on('dialog', (d) => d.accept());
  const api = async (method, path, body, headers = {}) => {
    const r = await page.request.fetch(`${base}${path}`, {
      method,
      data: body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    });
    return { status: r.status(), body: await r.json().catch(() => null) };
  };

  // 1. Create: the server's validation error shows next to the field it names
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'New benchmark' }).click();
  await page.getByRole('heading', { level: 1, name: 'New benchmark' }).waitFor();
  const title = `Builder ${Date.now().toString(36)}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Description').fill('Sums, built in the browser');
  await page.getByLabel('Category').fill('qa');
  await page.getByLabel('Tags').fill('math, Bad Tag!');
  await page.getByLabel('Template').fill('Answer with a number only: {{input}}');
  check(
    (await page.locator('pre[aria-labelledby="prompt-preview-label"]').textContent()).startsWith(
      'Answer with a number only: ',
    ),
    'the template preview renders the sample input',
  );
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await page.getByLabel('Rule 1 threshold').fill('0.5');
  await page.getByRole('button', { name: 'Create the benchmark' }).click();
  const tagError = page
    .locator('.field-invalid')
    .filter({ has: page.getByLabel('Tags') })
    .locator('.field-error');
  await tagError.waitFor();
  check(
    (await tagError.textContent()).includes('tags[1]'),
    `the bad tag's error is shown under Tags (${await tagError.textContent()})`,
  );
  check((await page.getByLabel('Title').inputValue()) === title, 'and nothing typed is lost');
  await page.screenshot({ path: join(shots, 'b1-create-errors.png'), fullPage: true });
  await accessible(page, 'the create page with errors');

  await page.getByLabel('Tags').fill('math, e2e');
  await page.getByRole('button', { name: 'Create the benchmark' }).click();
  await page.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();
  const id = page.url().match(/\/benchmarks\/([^/]+)\/edit/)[1];
  check(true, `the benchmark is created (${id}) and the edit page opens`);

  // 2. Cases: add one inline, import a CSV, see a bad file's line errors
  await page.getByRole('button', { name: 'Add a case' }).click();
  await page.getByLabel('input of new case').fill('2+2');
  await page.getByLabel('expected of new case').fill('4');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Case added (v2).').waitFor();
  await page.getByRole('cell', { name: '2+2' }).waitFor();
  check(true, 'a case added inline is saved with If-Match and listed');

  await page
    .getByLabel('Import a file')
    .setInputFiles({ name: 'cases.csv', mimeType: 'text/csv', buffer: Buffer.from('input,expected\n3+5,8\n7*6,42\n') });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByText('Imported (v3).').waitFor();
  await page.getByRole('heading', { name: 'Cases (3)' }).waitFor();
  check(true, 'a CSV file imports two cases');

  await page.getByLabel('Import a file').setInputFiles({
    name: 'bad.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from('{"input": "1+1", "expected": "2"}\n{"expected": "no input"}\n'),
  });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const lineError = page.getByRole('list', { name: 'Problems with the cases' });
  await lineError.waitFor();
  check(
    (await lineError.textContent()).includes('line 2'),
    `a bad file's error names its line (${await lineError.textContent()})`,
  );
  await page.getByRole('heading', { name: 'Cases (3)' }).waitFor();

  await page.getByRole('button', { name: 'Paste many' }).click();
  await page.getByLabel('Paste cases').fill('10-3\t7\n9*9\t81');
  await page.getByRole('button', { name: 'Add these cases' }).click();
  await page.getByRole('heading', { name: 'Cases (5)' }).waitFor();
  check(true, 'two pasted lines become two cases');

  await page
    .getByRole('button', { name: 'Edit case c2' })
    .click()
    .catch(async () => {
      await page.locator('button[aria-label^="Edit case"]').nth(1).click();
    });
  const expectedBox = page.locator('tr.editing textarea').nth(1);
  await expectedBox.fill('8.0');
  await expectedBox.press('Control+Enter');
  await page.getByRole('cell', { name: '8.0', exact: true }).waitFor();
  check(true, 'a case is revised inline (Ctrl+Enter saves)');
  await page.screenshot({ path: join(shots, 'b2-edit-cases.png'), fullPage: true });
  await accessible(page, 'the edit page');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  check(download.suggestedFilename().endsWith('.csv'), `the cases export as CSV (${download.suggestedFilename()})`);

  // 3. Someone else changes the benchmark meanwhile: the save answers 412, the edit stays, and can be re-applied
  const current = (await api('GET', `/api/benchmarks/${id}`)).body.version;
  const other = await api(
    'PATCH',
    `/api/benchmarks/${id}`,
    { description: 'Changed in another tab' },
    { 'If-Match': `"${current}"` },
  );
  check(other.status === 200, `another writer changes the description (${other.status})`);
  await page.getByLabel('Title').fill(`${title} v2`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Someone else changed this benchmark' });
  await conflict.waitFor();
  await conflict.getByText('Changed in another tab').waitFor();
  check(
    (await page.getByLabel('Title').inputValue()) === `${title} v2`,
    'the conflict shows what changed and keeps the edit',
  );
  await page.screenshot({ path: join(shots, 'b3-conflict.png'), fullPage: true });
  await accessible(page, 'the conflict');
  await conflict.getByRole('button', { name: /Re-apply my edit/ }).click();
  await page.getByText(/Saved as v\d+\./).waitFor();
  const after = (await api('GET', `/api/benchmarks/${id}`)).body;
  check(
    after.title === `${title} v2` && after.description === 'Changed in another tab',
    'the re-applied edit keeps both changes',
  );

  // 4. The benchmark page: publish, then the version diff
  await page.getByRole('link', { name: 'Back to the benchmark' }).click();
  await page.getByRole('heading', { level: 1, name: `${title} v2` }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('button', { name: 'Unpublish' }).waitFor();
  check((await api('GET', `/api/benchmarks/${id}`)).body.visibility === 'PUBLIC', 'Publish makes it public');
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByLabel('From').selectOption('1');
  await page.locator('.diff-table').getByText('title').first().waitFor();
  check(true, 'the History tab diffs two versions side by side');
  await page.screenshot({ path: join(shots, 'b4-history-diff.png'), fullPage: true });
  await accessible(page, 'the history diff');

  // 5. Fork someone else's public benchmark
  await page.goto(`${base}/benchmarks/${publicId}`);
  check(
    !(await page.getByRole('button', { name: 'Publish' }).isVisible()),
    "someone else's benchmark offers no Publish",
  );
  await page.getByRole('button', { name: 'Fork' }).click();
  await page.getByLabel('Title of your fork').fill(`My fork ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: /^Fork v\d+/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith(publicId));
  await page.getByText('Forked from').waitFor();
  check(true, 'Fork makes a copy of my own and opens it');
  await page.screenshot({ path: join(shots, 'b5-fork.png'), fullPage: true });
  await accessible(page, 'the fork');

  // 6. The edit page on a phone
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: /^Edit/ }).waitFor();
  await page.screenshot({ path: join(shots, 'b6-edit-phone.png'), fullPage: true });
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
    `the edit page fits a 390 px phone (overflow ${overflow.px} px${overflow.wide.length ? ': ' + overflow.wide.join(', ') : ''})`,
  );
  await context.close();
} catch (e) {
  failures.push(e.stack || String(e));
  for (const context of browser.contexts()) {
    for (const open of context.pages()) {
      failures.push(`the page was ${open.url()}; see builder-failure.png`);
      await open.screenshot({ path: join(shots, 'builder-failure.png'), fullPage: true }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('all builder screens passed');

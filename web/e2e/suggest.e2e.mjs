// The test-case generator's screen in Debian's Chromium (playwright-core), against a running app that api's
// SuggestEndToEndTest started with a local OpenAI-compatible server scripted to answer one batch of proposals.
// The owner opens Suggest cases from the benchmark page, asks for suggestions (BYOK), reads the job's report, then by
// keyboard accepts one, edits and accepts another (a change by someone else meanwhile makes it a 412 that re-reads the
// version and says so; accepting again adds it) and rejects the third; the benchmark's Cases tab shows the new cases.
// axe-core on each screen; screenshots s1-… to s4-….png, and no horizontal overflow on a 390 px phone.
// Env: BASE_URL, API_TOKEN (the owner), BENCHMARK_ID (theirs, version 1, two cases), MODEL, SCREENSHOTS, CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const token = env('API_TOKEN');
const benchmarkId = env('BENCHMARK_ID');
const model = env('MODEL');
const shots = env('SCREENSHOTS');
mkdirSync(shots, { recursive: true });

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((t) => sessionStorage.setItem('benchmarkhub.token', t), token);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      failures.push(`request to another origin: ${r.url()}`);
  });
  const api = async (method, path, body, headers = {}) => {
    const r = await page.request.fetch(`${base}${path}`, {
      method,
      data: body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    });
    return { status: r.status(), body: await r.json().catch(() => null) };
  };

  // 1. From the benchmark page to Suggest cases; nothing pending yet
  await page.goto(`${base}/benchmarks/${benchmarkId}`);
  await page.getByRole('link', { name: 'Suggest cases…' }).click();
  await page.getByRole('heading', { level: 1, name: 'Suggest cases' }).waitFor();
  await page.getByText('No pending suggestion.').waitFor();
  check(true, 'the owner reaches Suggest cases from the benchmark page; nothing is pending');

  // 2. Ask: a refused count first (under its field), then 3 suggestions from the scripted model, with my own key
  await page.getByLabel('How many').fill('0');
  await page.getByLabel('Model', { exact: true }).fill(model);
  await page.getByLabel('My own provider key (BYOK)').check();
  await page.getByLabel('Provider key', { exact: true }).fill('sk-test-e2e-suggest');
  await page.getByRole('button', { name: 'Ask for suggestions' }).click();
  const countError = page.locator('#sg-count-error');
  await countError.waitFor();
  check(
    (await countError.textContent()).startsWith('count'),
    `a bad count is refused under its field (${await countError.textContent()})`,
  );
  await page.getByLabel('How many').fill('3');
  // the scripted model answers cases, not personas: draft none first
  await page.getByLabel('Personas the model drafts first').fill('0');
  await page.getByLabel('boundary', { exact: true }).check();
  await page.getByLabel('Instructions (optional)').fill('word problems with small numbers');
  await page.getByRole('button', { name: 'Ask for suggestions' }).click();
  await page.getByText('Completed', { exact: true }).waitFor();
  const report = async (id) => (await page.getByTestId(id).textContent()).trim();
  check(
    (await report('proposed')) === '3' && (await report('malformed')) === '1' && (await report('duplicates')) === '1',
    `the report counts 3 proposed, 1 malformed, 1 duplicate (${await report('proposed')}, ${await report('malformed')}, ${await report('duplicates')})`,
  );
  check(new URL(page.url()).searchParams.get('job')?.startsWith('sgj_'), 'the job is in the address');
  await page.getByRole('heading', { name: 'Pending suggestions (3)' }).waitFor();
  check(
    (await api('GET', `/api/benchmarks/${benchmarkId}`)).body.version === 1,
    'nothing entered the benchmark before acceptance',
  );
  await page.screenshot({ path: join(shots, 's1-suggest.png'), fullPage: true });
  await accessible(page, 'the suggest screen');

  // 3. By keyboard: accept the first
  await page.getByRole('listitem', { name: 'Suggestion 1 of 3' }).focus();
  await page.keyboard.press('a');
  await page.getByText(/Accepted as case .*: the benchmark is now v2\./).waitFor();
  await page.getByRole('heading', { name: 'Pending suggestions (2)' }).waitFor();
  check(true, 'a accepts the first suggestion into v2');

  // 4. Someone else adds a case (v3); then e edits the next one, Ctrl+Enter sends it with If-Match "2": 412, said so
  const other = await api(
    'POST',
    `/api/benchmarks/${benchmarkId}/cases`,
    { input: 'What is 100 minus 1?', expected: '99' },
    { 'If-Match': '"2"' },
  );
  check(other.status === 201 || other.status === 200, `another writer makes v3 (${other.status})`);
  await page.keyboard.press('e');
  const expected = page.getByLabel('Expected', { exact: true });
  await expected.waitFor();
  await expected.fill('12');
  await page.keyboard.press('Control+Enter');
  const stale = page.getByRole('alert').filter({ hasText: 'Someone else changed this benchmark' });
  await stale.waitFor();
  check(
    (await stale.textContent()).includes('it is at v3, not v2'),
    `a stale accept is a 412 that re-reads the version (${await stale.textContent()})`,
  );
  await page.screenshot({ path: join(shots, 's2-suggest-conflict.png'), fullPage: true });
  await page.keyboard.press('Control+Enter');
  await page.getByText(/Accepted as case .*: the benchmark is now v4\./).waitFor();
  check(true, 'accepting the edit again adds it to v3, making v4');

  // 5. r rejects the last one; the list is empty and the report counts 2 accepted
  await page.getByRole('listitem', { name: 'Suggestion 1 of 1' }).waitFor();
  await page.keyboard.press('r');
  await page.getByText('Rejected: it will not enter the benchmark.').waitFor();
  await page.getByText('No pending suggestion.').waitFor();
  await page.getByTestId('accepted').filter({ hasText: '2' }).waitFor();
  check(true, 'r rejects the last; nothing is pending and the report says 2 accepted');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 's3-suggest-phone.png'), fullPage: true });
  await fitsPhone(page, 'the suggest screen');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 6. The new version's cases
  await page.getByRole('link', { name: 'See the cases' }).click();
  await page.getByRole('tab', { name: 'Cases', selected: true }).waitFor();
  await page.getByText('How many sides do two hexagons have together?').first().waitFor();
  const after = (await api('GET', `/api/benchmarks/${benchmarkId}`)).body;
  const inputs = after.cases.map((c) => c.input);
  check(
    after.version === 4 && after.cases.length === 5,
    `the benchmark is v4 with 5 cases (v${after.version}, ${after.cases.length})`,
  );
  check(
    inputs.includes('A train leaves at 3 pm and arrives at 5 pm; how many hours?') &&
      after.cases.some((c) => c.expected === '12') &&
      !inputs.includes('What is one thousand minus one?'),
    'the accepted and the edited suggestions are cases, the rejected one is not',
  );
  await page.getByText('A train leaves at 3 pm').first().waitFor();
  await page.screenshot({ path: join(shots, 's4-cases.png'), fullPage: true });
  await accessible(page, 'the cases of the new version');

  await context.close();
} catch (e) {
  failures.push(e.stack || String(e));
  for (const context of browser.contexts()) {
    for (const open of context.pages()) {
      failures.push(`the page was ${open.url()}; see suggest-failure.png`);
      await open.screenshot({ path: join(shots, 'suggest-failure.png'), fullPage: true }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('all suggest screens passed');

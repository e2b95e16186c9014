// The whole flow, as two new people go through it in Debian's Chromium, against the app api's FlowEndToEndTest
// started: sign up (verified by the mailed link), import a promptfoo file into a new benchmark with a weighted rubric, run
// it on three models with a three-judge panel and watch it to the end, grade two answers by keyboard, compare two models
// to the verdict, fork a public benchmark; then a second person who never sees the first one's private benchmark.
// Env: BASE_URL, PUBLIC_BENCHMARK_ID, PUBLIC_BENCHMARK_TITLE, JUDGE_MARKER, FIRST_HANDLE, SECOND_HANDLE, MAILBOX, TAG,
// SCREENSHOTS, CHROMIUM (optional).
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const publicId = env('PUBLIC_BENCHMARK_ID');
const publicTitle = env('PUBLIC_BENCHMARK_TITLE');
const marker = env('JUDGE_MARKER');
const firstHandle = env('FIRST_HANDLE');
const secondHandle = env('SECOND_HANDLE');
const mailbox = env('MAILBOX');
const tag = env('TAG');
const shots = env('SCREENSHOTS');
const PASSPHRASE = 'copper kettle under a quiet bridge';
const privateTitle = `Support answers ${tag}`;
mkdirSync(shots, { recursive: true });

// a promptfoo file as a team has it: each test's assertions become the case's own graders, llm-rubric a judge's rubric
const PROMPTFOO = `description: Support answers
prompts:
  - "Answer briefly: {{question}}"
tests:
  - description: refund window
    vars: { question: "Can I get a refund after 30 days?" }
    assert:
      - type: contains
        value: refund
      - type: llm-rubric
        value: "${marker}: says plainly whether a refund is possible"
  - description: password reset
    vars: { question: "How do I reset my password?" }
    assert:
      - type: contains
        value: password
      - type: llm-rubric
        value: "${marker}: gives the steps in order"
  - description: shipping
    vars: { question: "Do you ship to Canada?" }
    assert:
      - type: contains
        value: ship
  - description: invoice
    vars: { question: "Where is my invoice?" }
    assert:
      - type: contains
        value: invoice
`;

/** The verification link's path and query, once the real SMTP server has received the mail (at most 60 s). */
async function verificationLink(name) {
  const file = join(mailbox, name);
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(file)) throw new Error(`no verification mail reached the SMTP server (${name})`);
  return readFileSync(file, 'utf8').trim();
}

async function signUp(page, handle, mailFile, shot) {
  await page.goto(`${base}/`);
  await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
  await page.getByLabel('Email').fill(`${handle}@example.org`);
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Password').fill(PASSPHRASE);
  if (shot) {
    await page.screenshot({ path: join(shots, shot), fullPage: true });
    await accessible(page, 'the sign-up page');
  }
  await page.getByLabel('Password').press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
  const link = await verificationLink(mailFile);
  await page.goto(`${base}${link}`);
  await page.getByText('Your email is verified.').waitFor();
  check(
    await page.getByRole('button', { name: `${handle} (account menu)` }).isVisible(),
    `${handle} signed up and verified the email by the mailed link`,
  );
}

const browser = await launchChromium();
const failures = [];
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => failures.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      failures.push(`request to another origin: ${r.url()}`);
  });

  // 1. A new person signs up; the verification mail comes through the real SMTP server
  await signUp(page, firstHandle, 'verify-first.txt', 'f1-sign-up.png');

  // 2. A new benchmark (private, the default) with a weighted rubric, then a promptfoo file imported into it
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'New benchmark' }).click();
  await page.getByRole('heading', { level: 1, name: 'New benchmark' }).waitFor();
  await page.getByLabel('Title').fill(privateTitle);
  await page.getByLabel('Template').fill('Answer briefly: {{question}}');
  // the promptfoo tests bring their own graders; the form's default exact grader would fail every case without an expected
  await page.getByRole('button', { name: 'Remove grader 1 (exact)' }).click();
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await page.getByLabel('Rule 1 metric').selectOption('passRate');
  await page.getByLabel('Rule 1 threshold').fill('0.5');
  await page.getByLabel('Rule 1 ideal').fill('0.9');
  await page.getByLabel('Rule 1 weight').fill('60');
  await page.getByRole('button', { name: 'Add a rule' }).click();
  await page.getByLabel('Rule 2 metric').selectOption('latencyP95Ms');
  await page.getByLabel('Rule 2 comparison').selectOption('<=');
  await page.getByLabel('Rule 2 severity').selectOption('SHOULD');
  await page.getByLabel('Rule 2 threshold').fill('60000');
  await page.getByLabel('Rule 2 ideal').fill('1');
  await page.getByLabel('Rule 2 weight').fill('40');
  await page.getByText('Weights: 100% of 100%').waitFor();
  check(true, 'the rubric editor takes acceptable, ideal and weight per line and adds the weights up');
  await page
    .locator('fieldset', { has: page.getByText('Decision rubric', { exact: true }) })
    .screenshot({ path: join(shots, 'f3-rubric.png') });
  await accessible(page, 'the create page with a rubric');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the create page with a rubric');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.getByRole('button', { name: 'Create the benchmark' }).click();
  await page.getByRole('heading', { level: 1, name: `Edit “${privateTitle}”` }).waitFor();
  const benchmarkId = page.url().match(/\/benchmarks\/([^/]+)\/edit/)[1];

  await page
    .getByLabel('Import a file')
    .setInputFiles({ name: 'promptfooconfig.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PROMPTFOO) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await page.getByRole('heading', { name: 'Cases (4)' }).waitFor();
  check(true, 'the promptfoo file imports its four tests as cases');
  await page.screenshot({ path: join(shots, 'f2-import-promptfoo.png'), fullPage: true });
  await accessible(page, 'the edit page after the import');

  // 3. New run: three models (two built in, one on the local OpenAI-compatible server) and a three-judge panel
  await page.goto(`${base}/benchmarks/${benchmarkId}`);
  await page.getByRole('link', { name: 'Run against models…' }).click();
  await page.getByRole('heading', { name: 'New run' }).waitFor();
  const models = page.getByRole('searchbox', { name: 'Search models' });
  await models.fill('sim/');
  for (const model of ['sim/echo', 'sim/upper']) await page.getByLabel(model, { exact: true }).check();
  await models.fill('fake/openai');
  await page.getByLabel('fake/openai/gpt-4o', { exact: true }).check();
  await page.getByText('My own provider key').click();
  await page.getByLabel('Provider key', { exact: true }).fill('sk-local-flow-key');
  await page.getByText('Advanced: judges and parameters').click();
  const judgeList = page.getByRole('list', { name: 'Judge models' });
  for (const judge of ['sim/judge', 'fake/local/unpriced', 'fake/meta-llama/llama-3.1-8b-instruct']) {
    await page.getByRole('searchbox', { name: 'Search judges' }).fill(judge);
    await judgeList
      .getByRole('checkbox', { name: new RegExp(`^Judge ${judge.replace(/[/.-]/g, '\\$&')}\\b`) })
      .first()
      .check();
  }
  await page.getByText('Judge panel (3 of at most 5)').waitFor();
  const estimate = page.getByRole('region', { name: 'Estimate' });
  await estimate.getByText('(4 cases × 3 models × 1)').waitFor();
  check(true, 'three models and a panel of three judges are picked');
  await page.screenshot({ path: join(shots, 'f4-new-run.png'), fullPage: true });
  await accessible(page, 'the new run page with judges');
  await page.getByRole('button', { name: /^Start the run/ }).click();
  await page.waitForURL(/\/runs\/run_/);
  const runId = page.url().match(/\/runs\/(run_[^/?#]+)/)[1];
  await page.getByRole('progressbar').first().waitFor();
  await page.screenshot({ path: join(shots, 'f5-run-progress.png'), fullPage: true });
  await page.getByText('COMPLETED', { exact: true }).waitFor({ timeout: 120_000 });
  check(true, `the run's progress is shown live and reaches COMPLETED (${runId})`);
  await page.getByText('12 trials', { exact: true }).waitFor();
  check(true, 'the results table holds 4 cases × 3 models');
  await accessible(page, 'the completed run');
  const judged = await page.evaluate(async (id) => {
    const r = await fetch(`/api/runs/${id}/results?caseId=c1&limit=10`);
    return (await r.json()).items.map((t) =>
      t.verdicts
        .filter((v) => !v.failed)
        .map((v) => v.judge)
        .sort()
        .join(','),
    );
  }, runId);
  check(
    judged.length === 3 &&
      judged.every((j) => j === 'fake/local/unpriced,fake/meta-llama/llama-3.1-8b-instruct,sim/judge'),
    `each answer to the case with an llm-rubric has a verdict from each of the three judges (${JSON.stringify(judged)})`,
  );

  // 4. Two answers graded by hand, by keyboard only: Enter opens a trial, 1 / 0 grade, n goes to the next ungraded
  const trials = page.getByRole('grid', { name: /arrow keys move/ });
  await trials.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const trial = page.getByRole('region', { name: /^Case / });
  await trial.getByRole('heading', { name: 'Graders' }).waitFor();
  await page.keyboard.press('1');
  await trial.getByText('Recorded 1.').waitFor();
  const firstTrial = await trial.getByRole('heading', { name: /^Case / }).textContent();
  await page.keyboard.press('n');
  await page.waitForFunction((before) => document.querySelector('#trial-title')?.textContent !== before, firstTrial);
  await page.keyboard.press('0');
  await trial.getByText('Recorded 0.').waitFor();
  check(true, 'two answers are graded by keyboard (1, then n and 0)');
  await page.screenshot({ path: join(shots, 'f6-human-grading.png'), fullPage: true });
  await accessible(page, 'the trial with a human grade');

  // 5. Compare two models: the verdict with each rubric line, its ideal and the weighted score
  await page.goto(`${base}/runs/${runId}/compare?baseline=sim%2Fupper&candidate=fake%2Fopenai%2Fgpt-4o`);
  const rubric = page.getByRole('table', { name: /decision rubric/ });
  await rubric.waitFor();
  const verdict = await page.locator('.verdict-word').textContent();
  check(['SHIP', 'SHIP WITH CAVEATS', "DON'T SHIP"].includes(verdict), `the comparison shows a verdict (${verdict})`);
  check(
    (await rubric.getByRole('row', { name: /passRate ≥ 0.5/ }).textContent()).includes('60%'),
    'the rubric line shows its weight',
  );
  await page.getByText(/^Weighted rubric score \d+%/).waitFor();
  check(true, 'the weighted rubric score is shown');
  await page.screenshot({ path: join(shots, 'f7-compare-verdict.png'), fullPage: true });
  await accessible(page, 'the compare page');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the compare page');
  await page.setViewportSize({ width: 1280, height: 860 });

  // 6. Fork a public benchmark
  await page.goto(`${base}/benchmarks/${publicId}`);
  await page.getByRole('heading', { level: 1, name: publicTitle }).waitFor();
  await page.getByRole('button', { name: 'Fork' }).click();
  await page.getByLabel('Title of your fork').fill(`My capitals ${tag}`);
  await page.getByRole('button', { name: /^Fork v\d+/ }).click();
  await page.waitForURL((url) => !url.pathname.endsWith(publicId));
  await page.getByText('Forked from').waitFor();
  check(true, 'the public benchmark is forked into a copy of my own');
  await accessible(page, 'the fork');

  // A second person: no trace of the first one's private benchmark anywhere
  await page.getByRole('button', { name: /account menu/ }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
  await signUp(page, secondHandle, 'verify-second.txt');

  await page.goto(`${base}/`);
  const search = page.getByRole('combobox', { name: 'Search benchmarks' });
  await search.fill(privateTitle);
  await page.keyboard.press('Enter');
  await page.getByText('No benchmark matches.').waitFor();
  check(true, 'the library search does not find the private benchmark');
  const suggested = await page.evaluate(async (prefix) => {
    const r = await fetch(`/api/library/suggest?prefix=${encodeURIComponent(prefix)}&size=8`);
    return { status: r.status, titles: ((await r.json()).items ?? []).map((i) => i.title) };
  }, 'Support answers');
  const publicSuggested = await page.evaluate(async (prefix) => {
    const r = await fetch(`/api/library/suggest?prefix=${encodeURIComponent(prefix)}&size=8`);
    return ((await r.json()).items ?? []).map((i) => i.title);
  }, publicTitle);
  check(
    publicSuggested.includes(publicTitle),
    `the type-ahead works: it offers the public benchmark (${JSON.stringify(publicSuggested)})`,
  );
  check(
    suggested.status === 200 && !suggested.titles.includes(privateTitle),
    `the type-ahead does not offer it (${JSON.stringify(suggested.titles)})`,
  );
  check(
    !(await page.locator('datalist option').evaluateAll((os, t) => os.some((o) => o.value === t), privateTitle)),
    'nor does the search box’s list',
  );
  await page.screenshot({ path: join(shots, 'f8-second-person.png'), fullPage: true });
  await accessible(page, 'the library of the second person');

  await page.goto(`${base}/benchmarks/${benchmarkId}`);
  await page.getByRole('alert').waitFor();
  const direct = await page.getByRole('alert').textContent();
  check(
    !direct.includes(privateTitle) && /not found|no benchmark|does not exist/i.test(direct),
    `a direct link answers not found (${direct.trim().slice(0, 80)})`,
  );
  const api = await page.evaluate(async (id) => (await fetch(`/api/benchmarks/${id}`)).status, benchmarkId);
  check(api === 404, `and so does the API (${api})`);

  await page.goto(`${base}/models`);
  await page.getByRole('heading', { level: 1, name: 'Model leaderboard' }).waitFor();
  await page.waitForLoadState('networkidle');
  check(
    !(await page.locator('main').textContent()).includes(privateTitle),
    'the model leaderboard shows nothing of it',
  );
  await accessible(page, 'the model leaderboard');
  await context.close();
} catch (e) {
  failures.push(e.stack || String(e));
  for (const context of browser.contexts()) {
    for (const open of context.pages()) {
      failures.push(`the page was ${open.url()}; see flow-failure.png`);
      await open.screenshot({ path: join(shots, 'flow-failure.png'), fullPage: true }).catch(() => {});
    }
  }
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log('the whole flow passed');

// The workspace screens in Debian's Chromium (playwright-core), against a running app that api's WorkspacesEndToEndTest
// started: an owner creates a workspace from the Workspaces screen, buys it credits through the local Stripe stand-in,
// invites a second user by email and creates a benchmark in it; the second user opens the invitation link the real SMTP
// server received, accepts it in the browser and sees the workspace's private benchmark; the owner then sets the
// member's monthly spend limit and role; on Free the owner is offered Team, and once Stripe's signed webhook puts the
// workspace on Team its page shows the plan and the workspace's model ranking; the owner's "Manage plan" opens the
// Stripe stand-in's customer portal, and once Stripe's signed update says the plan is cancelled at the period's end the
// page says when it ends; the owner's own Pro subscription is managed the same way from the account page. The workspace
// page lists the workspace's benchmarks and the member's run of one, for both. axe-core, a 390 px phone check and a
// screenshot on each screen.
// Env: BASE_URL, STRIPE_URL, OWNER_TOKEN, INVITEE_TOKEN, INVITEE_EMAIL, MAILBOX (where the test writes the invitation
// link once the SMTP server got it), WEBHOOK_SECRET (to sign the subscription event as Stripe does), SCREENSHOTS,
// CHROMIUM.
import { accessible, check, env, fitsPhone, launchChromium } from './support.mjs';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const base = env('BASE_URL');
const stripe = env('STRIPE_URL');
const ownerToken = env('OWNER_TOKEN');
const inviteeToken = env('INVITEE_TOKEN');
const inviteeEmail = env('INVITEE_EMAIL');
const mailbox = env('MAILBOX');
const shots = env('SCREENSHOTS');
const webhookSecret = env('WEBHOOK_SECRET');
mkdirSync(shots, { recursive: true });

async function invitationLink() {
  const file = join(mailbox, 'invitation-link.txt');
  for (let i = 0; i < 600 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(file)) throw new Error('no invitation mail reached the SMTP server');
  return readFileSync(file, 'utf8').trim();
}

const browser = await launchChromium();
const failures = [];
async function signedIn(token) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
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
  const api = async (method, path, body) => {
    const r = await page.request.fetch(`${base}${path}`, {
      method,
      data: body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    });
    return { status: r.status(), body: await r.json().catch(() => null) };
  };
  return { page, api };
}

try {
  const owner = await signedIn(ownerToken);
  const page = owner.page;

  // 1. Workspaces, from the user menu by keyboard: none yet, then one created with the form
  await page.goto(`${base}/`);
  await page.getByRole('button', { name: /account menu/ }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Workspaces' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Workspaces' }).waitFor();
  await page.getByText('You are in no workspace yet.').waitFor();
  check(true, 'the Workspaces screen says there is none yet');
  await accessible(page, 'the empty Workspaces screen');
  const name = `Eval team ${Date.now().toString(36)}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  check(
    (await page.getByLabel('Short name (slug)').inputValue()).startsWith('eval-team-'),
    'the slug follows the name',
  );
  await page.getByRole('button', { name: 'Create the workspace' }).click();
  await page.waitForURL(/\/workspaces\/ws_/);
  const workspaceId = new URL(page.url()).pathname.split('/').pop();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  await page.getByTestId('workspace-available').filter({ hasText: /^0$/ }).waitFor();
  check(true, `the workspace ${workspaceId} is created and its credits start at 0`);

  // 2. The owner buys 100 credits for the workspace: Stripe's page (the local stand-in), Pay, back to the workspace
  await page.getByRole('button', { name: /Buy 100 credits/ }).click();
  await page.waitForURL((url) => url.toString().startsWith(stripe));
  await page.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(
    (url) => url.pathname === `/workspaces/${workspaceId}` && url.searchParams.get('checkout') === 'success',
  );
  await page.getByTestId('workspace-available').filter({ hasText: /^100$/ }).waitFor();
  const credits = (await owner.api('GET', `/api/workspaces/${workspaceId}/credits/balance`)).body;
  check(
    credits.available === 100 && credits.accountId === `acct_${workspaceId}`,
    'the payment went to the workspace account, and the API agrees',
  );
  check((await owner.api('GET', '/api/credits/balance')).body.balance === 0, "the owner's own credits are untouched");

  // 3. Invite the second user by email, as a member
  await page.getByLabel('Email').fill(inviteeEmail);
  await page.getByLabel('Role', { exact: true }).selectOption('MEMBER');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await page.getByText(`Invitation sent to ${inviteeEmail}`).waitFor();
  check(true, 'the invitation is sent');

  // 4. A private benchmark in the workspace, from its page: the builder has the workspace picked
  await page.getByRole('link', { name: 'New benchmark in this workspace' }).click();
  await page.getByRole('heading', { level: 1, name: 'New benchmark' }).waitFor();
  // the option appears once the caller's workspaces are read
  await page.getByRole('option', { name: `Workspace ${name}` }).waitFor({ state: 'attached' });
  check((await page.getByLabel('Space').inputValue()) === workspaceId, 'the builder has the workspace selected');
  await accessible(page, 'the builder with the space selector');
  const title = `Team private ${Date.now().toString(36)}`;
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create the benchmark' }).click();
  await page.waitForURL(/\/benchmarks\/bm_[^/]+\/edit/);
  const benchmarkId = new URL(page.url()).pathname.split('/')[2];
  const created = (await owner.api('GET', `/api/benchmarks/${benchmarkId}`)).body;
  check(created.visibility === 'PRIVATE', 'the benchmark is private');
  // a second one, with a case and a grader, for the member to run later
  const runnableTitle = `Team runnable ${Date.now().toString(36)}`;
  const runnable = await owner.api('POST', '/api/benchmarks', {
    title: runnableTitle,
    visibility: 'PRIVATE',
    workspaceId,
    promptTemplate: 'Answer: {{input}}',
    cases: [{ input: '2+2', expected: '4' }],
    graders: [{ type: 'exact' }],
  });
  check(runnable.status === 201, `a runnable benchmark is created in the workspace (${runnable.status})`);
  const runnableId = runnable.body.id;
  for (let i = 0; i < 100; i++) {
    if ((await owner.api('GET', `/api/library?workspace=${workspaceId}`)).body?.total === 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }

  await page.goto(`${base}/workspaces/${workspaceId}`);
  await page.getByRole('heading', { level: 2, name: 'Members' }).waitFor();
  const ownerBenchmarks = page.getByTestId('workspace-benchmarks');
  await ownerBenchmarks.getByRole('link', { name: title }).waitFor();
  await ownerBenchmarks.getByRole('link', { name: runnableTitle }).waitFor();
  await page.getByTestId('workspace-runs').getByText('No run in this workspace yet.').waitFor();
  check(true, "the workspace page lists the workspace's two benchmarks, and no run yet");
  await page
    .getByTestId('workspace-plan')
    .filter({ hasText: /^Free$/ })
    .waitFor();
  await page.getByRole('button', { name: /^Upgrade to Team \(/ }).waitFor();
  check(true, 'on Free the owner is offered Team at its price');
  await page.screenshot({ path: join(shots, 'w1-workspace-owner.png'), fullPage: true });
  await accessible(page, 'the workspace page (owner)');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(shots, 'w2-workspace-phone.png'), fullPage: true });
  await fitsPhone(page, 'the workspace page');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 5. The invitee opens the mailed link, accepts, and sees the workspace and its private benchmark
  const invitee = await signedIn(inviteeToken);
  const link = await invitationLink();
  check(link.startsWith('/invitations/wsinv_'), 'the invitation mail reached the SMTP server with its link');
  check(
    (await invitee.api('GET', `/api/benchmarks/${benchmarkId}`)).status === 404,
    'before accepting, the benchmark does not exist for them',
  );
  check(
    (await invitee.api('GET', `/api/library?workspace=${workspaceId}`)).status === 404 &&
      (await invitee.api('GET', `/api/runs?workspaceId=${workspaceId}`)).status === 404,
    "before accepting, the workspace's lists do not exist for them",
  );
  await invitee.page.goto(`${base}${link}`);
  await invitee.page.getByRole('heading', { level: 1, name: 'You are invited to a workspace' }).waitFor();
  await accessible(invitee.page, 'the invitation page');
  await invitee.page.screenshot({ path: join(shots, 'w3-invitation.png'), fullPage: true });
  await invitee.page.getByRole('button', { name: 'Accept the invitation' }).focus();
  await invitee.page.keyboard.press('Enter');
  await invitee.page.getByRole('heading', { level: 1, name: 'Welcome to the workspace' }).waitFor();
  await invitee.page.getByRole('link', { name: 'Open the workspace' }).click();
  await invitee.page.getByRole('heading', { level: 1, name }).waitFor();
  await invitee.page.getByTestId('workspace-available').filter({ hasText: /^100$/ }).waitFor();
  check(true, 'the new member reads the workspace and its credits');
  // the member runs one of the workspace's benchmarks (a simulated model: nothing to pay); the run is the workspace's
  const started = await invitee.api('POST', '/api/runs', { benchmarkId: runnableId, models: ['sim/echo'] });
  check(started.status === 202, `the member starts a run of the workspace's benchmark (${started.status})`);
  const runId = started.body.id;
  for (let i = 0; i < 100; i++) {
    const listed = (await invitee.api('GET', `/api/runs?workspaceId=${workspaceId}`)).body?.items ?? [];
    if (listed.some((r) => r.id === runId)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await invitee.page.reload();
  const memberRuns = invitee.page.getByTestId('workspace-runs');
  await memberRuns.getByRole('link', { name: runId }).waitFor();
  check(true, "the workspace page lists the member's run");
  await invitee.page.screenshot({ path: join(shots, 'w4-workspace-member.png'), fullPage: true });
  await accessible(invitee.page, 'the workspace page (member)');
  // from the list to the benchmark, by keyboard
  await invitee.page.getByTestId('workspace-benchmarks').getByRole('link', { name: title }).focus();
  await invitee.page.keyboard.press('Enter');
  await invitee.page.getByRole('heading', { level: 1, name: title }).waitFor();
  check(true, "the new member opens the workspace's private benchmark from the workspace's list by keyboard");
  // the member did not create it, yet is offered Edit (as the server permits) and uses it by keyboard
  await invitee.page.getByRole('link', { name: 'Edit', exact: true }).focus();
  await invitee.page.keyboard.press('Enter');
  await invitee.page.getByRole('heading', { level: 1, name: `Edit “${title}”` }).waitFor();
  await invitee.page.getByLabel('Description', { exact: true }).fill('Edited by a member of the workspace');
  await invitee.page.getByRole('button', { name: 'Save changes' }).focus();
  await invitee.page.keyboard.press('Enter');
  await invitee.page
    .getByRole('status')
    .filter({ hasText: /^Saved as v\d+\.$/ })
    .waitFor();
  check(
    (await owner.api('GET', `/api/benchmarks/${benchmarkId}`)).body.description ===
      'Edited by a member of the workspace',
    "the member edits the workspace's benchmark from its page",
  );
  await accessible(invitee.page, 'the edit page (member)');
  await invitee.page.screenshot({ path: join(shots, 'w4b-member-edits.png'), fullPage: true });
  await invitee.page.goto(`${base}${link}`);
  await invitee.page.getByRole('button', { name: 'Accept the invitation' }).click();
  await invitee.page.getByText('This invitation is used, expired or unknown.').waitFor();
  check(true, 'the link works once');

  // 6. The owner sees the member's run in the workspace's list, sets the member's monthly spend limit and makes them a
  // viewer
  await page.reload();
  await page.getByTestId('workspace-runs').getByRole('link', { name: runId }).waitFor();
  check(true, "the owner sees the member's run in the workspace's list");
  const members = (await owner.api('GET', `/api/workspaces/${workspaceId}/members`)).body.items;
  const member = members.find((m) => m.role === 'MEMBER');
  const limit = page.getByLabel(`Monthly spend limit of ${member.handle}, in credits (empty: no limit)`);
  await limit.fill('-3');
  await limit.press('Enter');
  await page.getByText('must be a whole number of credits').waitFor();
  check(true, 'a bad limit is refused under the field');
  await limit.fill('50');
  await limit.press('Enter');
  for (let i = 0; i < 100; i++) {
    const m = (await owner.api('GET', `/api/workspaces/${workspaceId}/members`)).body.items.find(
      (x) => x.userId === member.userId,
    );
    if (m.monthlySpendLimit === 50) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(
    (await owner.api('GET', `/api/workspaces/${workspaceId}/members`)).body.items.find(
      (x) => x.userId === member.userId,
    ).monthlySpendLimit === 50,
    'the limit is set',
  );
  await page.getByLabel(`Role of ${member.handle}`).selectOption('VIEWER');
  for (let i = 0; i < 100; i++) {
    const m = (await owner.api('GET', `/api/workspaces/${workspaceId}/members`)).body.items.find(
      (x) => x.userId === member.userId,
    );
    if (m.role === 'VIEWER') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  check(
    (await owner.api('GET', `/api/workspaces/${workspaceId}/members`)).body.items.find(
      (x) => x.userId === member.userId,
    ).role === 'VIEWER',
    'the member is now a viewer',
  );
  await page.screenshot({ path: join(shots, 'w5-members-changed.png'), fullPage: true });
  // as a viewer, the benchmark's page offers no write action any more, only a fork of their own
  await invitee.page.goto(`${base}/benchmarks/${benchmarkId}`);
  await invitee.page.getByRole('button', { name: 'Fork' }).waitFor();
  check(
    (await invitee.page.getByRole('link', { name: 'Edit', exact: true }).count()) === 0 &&
      (await invitee.page.getByRole('link', { name: 'Suggest cases…' }).count()) === 0 &&
      (await invitee.page.getByRole('button', { name: 'Publish' }).count()) === 0 &&
      (await invitee.page.getByRole('link', { name: 'Run against models…' }).count()) === 0,
    'a viewer sees no Edit, Suggest cases, Publish or Run on the private benchmark',
  );
  await accessible(invitee.page, 'the benchmark page (viewer)');
  await invitee.page.screenshot({ path: join(shots, 'w5b-viewer-benchmark.png'), fullPage: true });
  await accessible(page, 'the workspace page after the changes');

  // 7. Stripe's signed webhook puts the workspace on Team: its page shows the plan and the workspace's ranking
  const now = Math.floor(Date.now() / 1000);
  const suffix = now.toString(36) + Math.random().toString(36).slice(2, 8);
  const event = JSON.stringify({
    id: `evt_${suffix}`,
    object: 'event',
    type: 'customer.subscription.created',
    created: now,
    api_version: '2024-06-20',
    data: {
      object: {
        id: `sub_${suffix}`,
        object: 'subscription',
        status: 'active',
        customer: `cus_${suffix}`,
        current_period_end: now + 30 * 86400,
        metadata: { subscriber_type: 'WORKSPACE', subscriber_id: workspaceId },
        items: {
          object: 'list',
          data: [{ id: 'si_1', quantity: 1, price: { id: 'price_test_team', unit_amount: 1 } }],
        },
      },
    },
  });
  const signature = createHmac('sha256', webhookSecret).update(`${now}.${event}`).digest('hex');
  const hook = await page.request.fetch(`${base}/api/webhooks/payments`, {
    method: 'POST',
    data: event,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${now},v1=${signature}` },
  });
  check(hook.status() === 200, `the signed subscription event is taken (${hook.status()})`);
  await page.goto(`${base}/workspaces/${workspaceId}`);
  await page
    .getByTestId('workspace-plan')
    .filter({ hasText: /^Team$/ })
    .waitFor();
  await page.getByRole('heading', { level: 3, name: 'Model ranking' }).waitFor();
  // the member's run used a simulated model, so nothing may be ranked yet: then only the empty state speaks
  await page
    .getByText(/No model is ranked yet\.|ranked over \d+ private benchmarks?/)
    .first()
    .waitFor();
  check((await page.getByText(/^0 models ranked/).count()) === 0, 'no "0 models ranked" line');
  check((await page.getByRole('button', { name: /Upgrade to Team/ }).count()) === 0, 'on Team nothing is offered');
  await page.screenshot({ path: join(shots, 'w6-workspace-team.png'), fullPage: true });
  await accessible(page, 'the workspace page on Team');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the workspace page on Team');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 8. "Manage plan" opens Stripe's customer portal (the stand-in's page); a cancellation there comes back as a signed
  // customer.subscription.updated with cancel_at_period_end, and the page says when the plan ends
  const manage = page.getByRole('button', { name: 'Manage plan' });
  await manage.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.href.startsWith(`${stripe}/portal/`));
  await page.getByRole('heading', { name: 'Test customer portal' }).waitFor();
  check(
    (await page.locator(`[data-customer="cus_${suffix}"]`).count()) === 1,
    'the portal is for the subscription’s customer',
  );
  const later = now + 1;
  const cancelled = JSON.parse(event);
  cancelled.id = `evt_${suffix}_cancel`;
  cancelled.type = 'customer.subscription.updated';
  cancelled.created = later;
  cancelled.data.object.cancel_at_period_end = true;
  const cancelBody = JSON.stringify(cancelled);
  const cancelSignature = createHmac('sha256', webhookSecret).update(`${later}.${cancelBody}`).digest('hex');
  const cancelHook = await page.request.fetch(`${base}/api/webhooks/payments`, {
    method: 'POST',
    data: cancelBody,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${later},v1=${cancelSignature}` },
  });
  check(cancelHook.status() === 200, `the signed cancellation is taken (${cancelHook.status()})`);
  await page.getByRole('link', { name: 'Return to BenchmarkHub' }).click();
  await page.waitForURL((url) => url.pathname === `/workspaces/${workspaceId}`);
  await page
    .getByTestId('workspace-subscription')
    .filter({ hasText: /Cancels on / })
    .waitFor();
  check(
    (await page.getByTestId('workspace-plan').textContent()) === 'Team',
    'the plan stays Team until the period ends',
  );
  await page.screenshot({ path: join(shots, 'w7-workspace-cancels.png'), fullPage: true });
  await accessible(page, 'the workspace page with its plan cancelled at the period end');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the workspace page with its plan cancelled');
  await page.setViewportSize({ width: 1280, height: 800 });

  // 9. The owner's own Pro subscription, as Stripe reports it: the account's Plan panel offers "Manage plan", which
  // opens the portal for that subscription's customer and comes back to the account page
  const userId = (await owner.api('GET', '/api/auth/me')).body.id;
  const personal = JSON.parse(event);
  personal.id = `evt_${suffix}_pro`;
  personal.data.object.id = `sub_${suffix}_pro`;
  personal.data.object.customer = `cus_${suffix}_pro`;
  personal.data.object.metadata = { subscriber_type: 'USER', subscriber_id: userId };
  personal.data.object.items.data[0].price.id = 'price_test_pro';
  const personalBody = JSON.stringify(personal);
  const personalSignature = createHmac('sha256', webhookSecret).update(`${now}.${personalBody}`).digest('hex');
  const personalHook = await page.request.fetch(`${base}/api/webhooks/payments`, {
    method: 'POST',
    data: personalBody,
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${now},v1=${personalSignature}` },
  });
  check(personalHook.status() === 200, `the signed Pro subscription is taken (${personalHook.status()})`);
  await page.goto(`${base}/account`);
  await page.getByTestId('plan').filter({ hasText: /^Pro$/ }).waitFor();
  check(
    /^active, renews on /.test((await page.getByTestId('subscription').textContent()) ?? ''),
    'the account says when Pro renews',
  );
  check((await page.getByRole('button', { name: /Upgrade to Pro/ }).count()) === 0, 'on Pro nothing is offered');
  await page.screenshot({ path: join(shots, 'w8-account-pro.png'), fullPage: true });
  await accessible(page, 'the account page on Pro');
  await page.setViewportSize({ width: 390, height: 844 });
  await fitsPhone(page, 'the account page on Pro');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'Manage plan' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${stripe}/portal/`));
  check(
    (await page.locator(`[data-customer="cus_${suffix}_pro"]`).count()) === 1,
    'the account’s portal is for the personal subscription’s customer',
  );
  await page.getByRole('link', { name: 'Return to BenchmarkHub' }).click();
  await page.waitForURL((url) => url.pathname === '/account');
  await page.getByRole('button', { name: 'Manage plan' }).waitFor();

  if (failures.length) throw new Error(failures.join('\n'));
  console.log('all workspace screens passed');
} finally {
  await browser.close();
}

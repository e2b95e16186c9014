import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { admin, forbidden, plain, problem } from './testData';

const flag = {
  benchmarkId: 'bm_7',
  model: 'acme/m5',
  status: 'OPEN',
  observed: 0.82,
  expected: 0.5,
  sigma: 0.07,
  zScore: 4.3,
  nCases: 50,
  nBenchmarksForModel: 8,
  nModelsForBenchmark: 6,
  benchmarkVersion: 1,
  raisedAt: '2026-12-06T10:00:00Z',
};
const pending = {
  benchmarkId: 'bm_9',
  title: 'Contracts',
  ownerId: 'usr_1',
  status: 'REQUESTED',
  licence: 'MIT',
  sourceUrl: 'https://example.org/c',
  changedAt: '2026-12-06T10:00:00Z',
};
const verified = { ...pending, benchmarkId: 'bm_8', title: 'Code', status: 'VERIFIED' };

describe('console: integrity queues', () => {
  it('dismisses a flag with a reason, approves a request and revokes a badge', async () => {
    let dismissed = false;
    const requests = serve({
      '/api/auth/me': admin,
      '/api/integrity/contamination': () => ({ body: dismissed ? [] : [flag] }),
      '/api/admin/benchmarks/bm_7/contamination/dismiss': () => {
        dismissed = true;
        return { body: { benchmarkId: 'bm_7', model: 'acme/m5', status: 'DISMISSED', reason: 'checked' } };
      },
      '/api/admin/benchmarks/verification': (url) => ({
        body: url.searchParams.get('status') === 'verified' ? [verified] : [pending],
      }),
      '/api/admin/benchmarks/bm_9/verification/approve': { body: { id: 'bm_9', verified: true, verification: null } },
      '/api/admin/benchmarks/bm_8/verification/revoke': problem(409, 'The benchmark is not verified.'),
    });
    renderAt('/console/integrity', '/console/*', <ConsolePage />);
    const item = await screen.findByRole('listitem', { name: 'acme/m5 on bm_7' });
    expect(item.textContent).toContain('observed 0.82, expected 0.50 ± 0.07 (σ), z = 4.3');
    await userEvent.click(within(item).getByRole('button', { name: 'Dismiss…' }));
    await userEvent.type(within(item).getByLabelText('Reason (shown with the flag)'), 'checked{Enter}');
    expect(await screen.findByText('No open contamination flag.')).toBeTruthy();
    const dismiss = requests.find((r) => r.url.endsWith('/contamination/dismiss'))!;
    expect(dismiss.method).toBe('POST');
    expect(await dismiss.clone().json()).toEqual({ model: 'acme/m5', reason: 'checked' });

    const request = await screen.findByRole('listitem', { name: 'Contracts' });
    await userEvent.click(within(request).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(requests.some((r) => r.url.endsWith('/bm_9/verification/approve') && r.method === 'POST')).toBe(true),
    );

    await userEvent.selectOptions(screen.getByLabelText('Show'), 'verified');
    const badge = await screen.findByRole('listitem', { name: 'Code' });
    await userEvent.click(within(badge).getByRole('button', { name: 'Revoke…' }));
    await userEvent.type(within(badge).getByLabelText('Reason (shown on the benchmark)'), 'dataset removed{Enter}');
    expect((await within(badge).findByRole('alert')).textContent).toBe('The benchmark is not verified.');
    const revoke = requests.find((r) => r.url.endsWith('/verification/revoke'))!;
    expect(await revoke.clone().json()).toEqual({ reason: 'dataset removed' });
  });

  it('has empty states, and says "admins only" to a plain user', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/integrity/contamination': { body: [] },
      '/api/admin/benchmarks/verification': { body: [] },
    });
    const view = renderAt('/console/integrity', '/console/*', <ConsolePage />);
    expect(await screen.findByText('No open contamination flag.')).toBeTruthy();
    expect(await screen.findByText('No verification request waits.')).toBeTruthy();
    view.unmount();

    serve({
      '/api/auth/me': plain,
      '/api/integrity/contamination': { body: [] },
      '/api/admin/benchmarks/verification': forbidden,
    });
    renderAt('/console/integrity', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('This section is for admins only.');
  });

  it('shows an error with Try again', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/integrity/contamination': problem(500, 'Flags unavailable.'),
      '/api/admin/benchmarks/verification': { body: [] },
    });
    renderAt('/console/integrity', '/console/*', <ConsolePage />);
    expect((await screen.findByRole('alert')).textContent).toContain('Flags unavailable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});

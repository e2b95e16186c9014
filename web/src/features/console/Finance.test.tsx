import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { ConsolePage } from './ConsolePage';
import { admin, problem } from './testData';

const group = (count: number, ours: number, theirs: number, items?: unknown[]) => ({
  count,
  oursMicros: ours,
  theirsMicros: theirs,
  differenceMicros: theirs - ours,
  ...(items ? { items } : {}),
});

describe('console: finance', () => {
  it('shows the margin by day and by model, the reconciliation with its discrepancies, and imports a cost report', async () => {
    const requests = serve({
      '/api/auth/me': admin,
      '/api/finance/margin': (url) => ({
        body: {
          from: '2026-11-07T00:00:00Z',
          to: '2026-12-07T00:00:00Z',
          groupBy: url.searchParams.get('groupBy')!.toUpperCase(),
          rows: [
            {
              key: url.searchParams.get('groupBy') === 'model' ? 'openai/gpt-x' : '2026-12-05',
              currency: 'usd',
              creditsConsumed: 140,
              revenueMinor: 1400,
              apiCostMicros: 8_000_000,
              marginRatio: 0.4286,
            },
          ],
          totals: [
            {
              currency: 'usd',
              creditsConsumed: 140,
              revenueMinor: 1400,
              apiCostMicros: 8_000_000,
              marginRatio: 0.4286,
            },
          ],
        },
      }),
      '/api/finance/reconciliation': {
        body: {
          from: null,
          to: null,
          matched: group(10, 5000, 5000),
          missing: group(1, 300, 0, [
            {
              generationId: 'gen-1',
              runId: 'run_1',
              model: 'openai/gpt-x',
              oursMicros: 300,
              theirsMicros: null,
              differenceMicros: -300,
            },
          ]),
          mismatched: group(0, 0, 0, []),
          extra: group(0, 0, 0, []),
          totals: { oursMicros: 5300, theirsMicros: 5000, differenceMicros: -300 },
        },
      },
      '/api/finance/provider-costs': { body: { imported: 2, source: 'openrouter-dec' } },
      '/api/finance/subscriptions': {
        body: {
          from: '2026-11-07T00:00:00Z',
          to: '2026-12-07T00:00:00Z',
          days: [{ day: '2026-12-02', currency: 'usd', revenueMinor: 6800, invoices: 2 }],
          totals: [{ currency: 'usd', revenueMinor: 6800, invoices: 2 }],
          mrrMinor: 9800,
          currency: 'usd',
        },
      },
    });
    renderAt('/console/finance', '/console/*', <ConsolePage />);
    const day = await screen.findByRole('row', { name: /2026-12-05/ });
    expect(day.textContent).toContain('$14.00');
    expect(day.textContent).toContain('$8.00');
    expect(day.textContent).toContain('42.9%');
    // subscription revenue beside the margin
    expect((await screen.findByTestId('subscription-totals')).textContent).toBe(
      'MRR at the period’s end: $98.00. Paid: $68.00 in 2 invoices.',
    );
    expect(
      within(screen.getByRole('region', { name: 'Subscription revenue per day' })).getByRole('row', {
        name: /2026-12-02/,
      }).textContent,
    ).toContain('$68.00');
    await userEvent.selectOptions(screen.getByLabelText('By'), 'model');
    expect(await screen.findByRole('row', { name: /openai\/gpt-x 140/ })).toBeTruthy();

    const missing = within(screen.getByRole('region', { name: 'Discrepancies' })).getByRole('row', { name: /gen-1/ });
    expect(missing.textContent).toContain('Missing');
    expect(within(missing).getByRole('link', { name: 'run_1' }).getAttribute('href')).toBe('/runs/run_1');

    await userEvent.type(screen.getByLabelText('From'), '2026-12-01');
    await waitFor(() =>
      expect(requests.some((r) => new URL(r.url).searchParams.get('from') === '2026-12-01')).toBe(true),
    );

    const csv = 'generation_id,cost\ngen-1,0.0003\ngen-2,0.001\n';
    const file = new File([csv], 'costs.csv', { type: 'text/csv' });
    await userEvent.upload(screen.getByLabelText('Report file (.csv or .json)'), file);
    await userEvent.type(screen.getByLabelText('Source (optional)'), 'openrouter-dec');
    fireEvent.submit(screen.getByRole('button', { name: 'Import' }).closest('form')!);
    expect((await screen.findByText(/Imported 2 costs from openrouter-dec/)).textContent).toBeTruthy();
    const post = requests.find((r) => r.method === 'POST')!;
    expect(new URL(post.url).searchParams.get('format')).toBe('csv');
    expect(new URL(post.url).searchParams.get('source')).toBe('openrouter-dec');
    expect(post.headers.get('Content-Type')).toBe('text/csv');
    expect(await post.clone().text()).toBe(csv);
  });

  it('lists an import refusal row by row; empty periods say so; errors show their detail', async () => {
    serve({
      '/api/auth/me': admin,
      '/api/finance/margin': { body: { from: null, to: null, groupBy: 'DAY', rows: [], totals: [] } },
      '/api/finance/reconciliation': {
        body: {
          from: null,
          to: null,
          matched: group(0, 0, 0),
          missing: group(0, 0, 0, []),
          mismatched: group(0, 0, 0, []),
          extra: group(0, 0, 0, []),
          totals: null,
        },
      },
      '/api/finance/provider-costs': {
        status: 400,
        body: {
          status: 400,
          detail: 'The cost report has 1 problem; nothing was imported.',
          errors: [{ field: 'row 3', message: 'cost must not be negative' }],
        },
        contentType: 'application/problem+json',
      },
      '/api/finance/subscriptions': {
        body: { from: null, to: null, days: [], totals: [], mrrMinor: 0, currency: 'usd' },
      },
    });
    const view = renderAt('/console/finance', '/console/*', <ConsolePage />);
    expect(await screen.findByText('No credits were charged in this period.')).toBeTruthy();
    expect(await screen.findByText('No provider generation in this period.')).toBeTruthy();
    expect((await screen.findByTestId('subscription-totals')).textContent).toContain(
      'No invoice was paid in this period.',
    );
    await userEvent.upload(
      screen.getByLabelText('Report file (.csv or .json)'),
      new File(['[]'], 'costs.json', { type: 'application/json' }),
    );
    fireEvent.submit(screen.getByRole('button', { name: 'Import' }).closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toContain('nothing was imported');
    expect(screen.getByText('row 3: cost must not be negative')).toBeTruthy();
    view.unmount();

    serve({
      '/api/auth/me': admin,
      '/api/finance/margin': problem(400, 'to must be after from.'),
      '/api/finance/reconciliation': problem(400, 'to must be after from.'),
      '/api/finance/subscriptions': problem(400, 'to must be after from.'),
    });
    renderAt('/console/finance', '/console/*', <ConsolePage />);
    await waitFor(() => expect(screen.getAllByRole('alert')).toHaveLength(3));
    expect(screen.getAllByRole('alert')[0].textContent).toContain('to must be after from.');
    expect(screen.getAllByRole('button', { name: 'Try again' })).toHaveLength(3);
  });
});

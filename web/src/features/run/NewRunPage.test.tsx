import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { renderAt, serve } from '../../test/render';
import { NewRunPage } from './NewRunPage';

const catalogue = {
  models: [
    {
      id: 'openai/gpt-4o',
      provider: 'openai',
      promptMicrosPerMillionTokens: 2_500_000,
      completionMicrosPerMillionTokens: 10_000_000,
      contextLength: 128000,
      simulated: false,
    },
    {
      id: 'sim/echo',
      provider: 'sim',
      promptMicrosPerMillionTokens: 0,
      completionMicrosPerMillionTokens: 0,
      simulated: true,
    },
    { id: 'sim/good', provider: 'sim', simulated: true },
  ],
};

function routes(extra: Record<string, unknown> = {}) {
  return {
    '/api/benchmarks/bm_1': { body: { id: 'bm_1', title: 'Arithmetic', version: 3, cases: [{}, {}, {}] } },
    '/api/models': { body: catalogue },
    '/api/credits/balance': { body: { available: 10, balance: 10, reserved: 0 } },
    '/api/runs/estimate': {
      body: {
        billing: 'CREDITS',
        trials: 6,
        cases: 3,
        maxCostMicros: 31_000,
        reservedCredits: 41,
        maxTrialCredits: 14,
        unpriced: [],
      },
    },
    '/api/runs': { status: 202, body: { id: 'run_9', status: 'REQUESTED' } },
    ...extra,
  } as Parameters<typeof serve>[0];
}

function renderPage() {
  return renderAt(
    '/benchmarks/bm_1/run',
    '*',
    <Routes>
      <Route path="/benchmarks/:id/run" element={<NewRunPage />} />
      <Route path="/runs/:id" element={<p>run page</p>} />
    </Routes>,
  );
}

describe('new run', () => {
  it('for a workspace benchmark shows the member’s monthly limit from the estimate and warns before the 402', async () => {
    serve(
      routes({
        '/api/benchmarks/bm_1': {
          body: { id: 'bm_1', title: 'Arithmetic', version: 3, cases: [{}, {}, {}], workspaceId: 'ws_1' },
        },
        '/api/workspaces/ws_1/credits/balance': {
          body: {
            workspaceId: 'ws_1',
            accountId: 'acct_ws_1',
            balance: 500,
            reserved: 0,
            available: 500,
            owed: 0,
            monthlySpendLimit: 50,
            spentThisMonth: 20,
            leftThisMonth: 30,
          },
        },
        '/api/runs/estimate': {
          body: {
            billing: 'CREDITS',
            trials: 3,
            cases: 3,
            maxCostMicros: 31_000,
            reservedCredits: 41,
            maxTrialCredits: 14,
            unpriced: [],
            workspaceId: 'ws_1',
            monthlySpendLimit: 50,
            spentThisMonth: 20,
            spendLeft: 30,
          },
        },
      }),
    );
    renderPage();
    await userEvent.click(await screen.findByLabelText('openai/gpt-4o'));
    expect((await screen.findByTestId('spend-limit')).textContent).toBe('20 of 50 spent this month, 30 left');
    expect((await screen.findByRole('alert')).textContent).toContain('reserves 41 credits and 30 are available');
  });

  it('lists the catalogue with prices, estimates the picked models and warns when credits are short', async () => {
    const requests = serve(routes());
    renderPage();
    expect(await screen.findByRole('heading', { name: 'New run' })).toBeTruthy();
    const gpt = await screen.findByRole('row', { name: /openai\/gpt-4o/ });
    expect(gpt.textContent).toContain('$2.50');
    expect(gpt.textContent).toContain('$10.00');
    expect(gpt.textContent).toContain('128,000');
    expect(screen.getByText(/Pick at least one model/)).toBeTruthy();

    await userEvent.click(screen.getByLabelText('openai/gpt-4o'));
    await userEvent.click(screen.getByLabelText('sim/echo'));
    expect(await screen.findByText('41')).toBeTruthy();
    expect(screen.getByText('$0.03')).toBeTruthy();
    expect((await screen.findByRole('alert')).textContent).toContain('reserves 41 credits and 10 are available');
    await waitFor(async () => {
      const bodies = await Promise.all(
        requests.filter((r) => r.url.endsWith('/api/runs/estimate')).map((r) => r.clone().json()),
      );
      expect(bodies).toContainEqual({
        benchmarkId: 'bm_1',
        models: ['openai/gpt-4o', 'sim/echo'],
        repeats: 1,
        billing: 'CREDITS',
      });
      // the request still in the debounce when the first model is picked (no models) is never sent
      expect(bodies.every((b) => b.models.length > 0)).toBe(true);
    });
  });

  it('sends a BYOK key only as X-Provider-Key, stores it nowhere, and opens the run page', async () => {
    const requests = serve(routes());
    renderPage();
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    await userEvent.click(screen.getByLabelText(/My own provider key/));
    const start = screen.getByRole('button', { name: /Start the run/ }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    await userEvent.type(screen.getByLabelText('Provider key'), 'sk-secret');
    await userEvent.click(start);
    expect(await screen.findByText('run page')).toBeTruthy();
    const post = requests.find((r) => r.url.endsWith('/api/runs') && r.method === 'POST')!;
    expect(post.headers.get('X-Provider-Key')).toBe('sk-secret');
    expect(await post.clone().text()).not.toContain('sk-secret');
    expect(JSON.stringify({ ...localStorage })).not.toContain('sk-secret');
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('sk-secret');
  });

  it('keeps the key in this browser only when asked, across a reload, until it is forgotten', async () => {
    localStorage.clear();
    const requests = serve(routes());
    const first = renderPage();
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    await userEvent.click(screen.getByLabelText(/My own provider key/));
    await userEvent.type(screen.getByLabelText('Provider key'), 'sk-kept');
    expect(JSON.stringify({ ...localStorage })).not.toContain('sk-kept');
    await userEvent.click(screen.getByLabelText('Keep the key in this browser'));
    expect(JSON.stringify({ ...localStorage })).toContain('sk-kept');
    expect(screen.getByText(/Kept in this browser's local storage/)).toBeTruthy();
    first.unmount();

    // a reload: the page starts on BYOK with the kept key
    renderPage();
    expect(((await screen.findByLabelText('Provider key')) as HTMLInputElement).value).toBe('sk-kept');
    expect((screen.getByLabelText('Keep the key in this browser') as HTMLInputElement).checked).toBe(true);
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    await waitFor(() =>
      expect(
        requests.some((r) => r.url.endsWith('/api/runs/estimate') && r.headers.get('X-Provider-Key') === 'sk-kept'),
      ).toBe(true),
    );
    expect(requests.every((r) => !r.url.includes('sk-kept'))).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Forget the key' }));
    expect(JSON.stringify({ ...localStorage })).not.toContain('sk-kept');
    expect((screen.getByLabelText('Provider key') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Keep the key in this browser') as HTMLInputElement).checked).toBe(false);
    // found by its text: forgetting the key refetches the estimate, whose loading state is a status too
    expect(screen.getByText(/The key is forgotten/).getAttribute('role')).toBe('status');
  });

  it('takes the key out of the browser when the box is unticked, keeping it in the page', async () => {
    localStorage.clear();
    serve(routes());
    renderPage();
    await userEvent.click(await screen.findByLabelText(/My own provider key/));
    await userEvent.click(screen.getByLabelText('Keep the key in this browser'));
    await userEvent.type(screen.getByLabelText('Provider key'), 'sk-2');
    expect(JSON.stringify({ ...localStorage })).toContain('sk-2');
    await userEvent.click(screen.getByLabelText('Keep the key in this browser'));
    expect(JSON.stringify({ ...localStorage })).not.toContain('sk-2');
    expect((screen.getByLabelText('Provider key') as HTMLInputElement).value).toBe('sk-2');
  });

  it('runs the picked prompt variants of a benchmark that has several, the default first', async () => {
    const requests = serve(
      routes({
        '/api/benchmarks/bm_1': {
          body: {
            id: 'bm_1',
            title: 'Two prompts',
            version: 2,
            cases: [{}, {}, {}],
            promptTemplate: 'Q: {{input}}',
            promptVariants: [
              { name: 'v1', template: 'Q: {{input}}' },
              { name: 'v2', template: 'Briefly: {{input}}' },
            ],
          },
        },
      }),
    );
    renderPage();
    const v1 = (await screen.findByRole('checkbox', { name: /v1/ })) as HTMLInputElement;
    const v2 = screen.getByRole('checkbox', { name: /v2/ }) as HTMLInputElement;
    expect(v1.checked).toBe(true);
    expect(v2.checked).toBe(false);
    await userEvent.click(screen.getByLabelText('sim/echo'));
    await userEvent.click(v2);
    expect(await screen.findByText(/× 2 prompt variants/)).toBeTruthy();
    await waitFor(async () => {
      const bodies = await Promise.all(
        requests.filter((r) => r.url.endsWith('/api/runs/estimate')).map((r) => r.clone().json()),
      );
      expect(bodies).toContainEqual({
        benchmarkId: 'bm_1',
        models: ['sim/echo'],
        repeats: 1,
        billing: 'CREDITS',
        prompts: ['v1', 'v2'],
      });
    });

    await userEvent.click(v1);
    await userEvent.click(v2);
    expect((await screen.findByText('Pick at least one prompt variant.')).getAttribute('role')).toBe('alert');
    expect((screen.getByRole('button', { name: /Start the run/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows each field the server refuses', async () => {
    serve(
      routes({
        '/api/runs/estimate': {
          status: 400,
          contentType: 'application/problem+json',
          body: {
            status: 400,
            detail: 'The run request is not valid.',
            errors: [{ field: 'models[0]', message: 'the price of x is not known' }],
          },
        },
      }),
    );
    renderPage();
    await userEvent.click(await screen.findByLabelText('openai/gpt-4o'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('models[0]: the price of x is not known'),
    );
  });

  it('sends no judges or params unless set', async () => {
    const requests = serve(routes());
    renderPage();
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    await userEvent.click(screen.getByRole('button', { name: /Start the run/ }));
    expect(await screen.findByText('run page')).toBeTruthy();
    const plain = await requests
      .find((r) => r.url.endsWith('/api/runs') && r.method === 'POST')!
      .clone()
      .json();
    expect(plain).toEqual({ benchmarkId: 'bm_1', models: ['sim/echo'], repeats: 1, billing: 'CREDITS' });
  });

  it('sends the judges and params set under Advanced to the estimate and the start', async () => {
    const more = serve(routes());
    renderPage();
    await userEvent.click(await screen.findByLabelText('openai/gpt-4o'));
    await userEvent.click(screen.getByText(/Advanced: judges and parameters/));
    await userEvent.click(screen.getByLabelText('Judge sim/good'));
    await userEvent.click(screen.getByLabelText('Judge sim/echo'));
    await userEvent.type(screen.getByLabelText('Temperature'), '0.2');
    await userEvent.type(screen.getByLabelText('Max tokens per answer'), '256');
    const expected = {
      benchmarkId: 'bm_1',
      models: ['openai/gpt-4o'],
      repeats: 1,
      billing: 'CREDITS',
      judges: ['sim/good', 'sim/echo'],
      params: { temperature: 0.2, maxTokens: 256 },
    };
    await waitFor(async () => {
      const bodies = await Promise.all(
        more.filter((r) => r.url.endsWith('/api/runs/estimate')).map((r) => r.clone().json()),
      );
      expect(bodies).toContainEqual(expected);
    });
    await userEvent.click(screen.getByRole('button', { name: /Start the run/ }));
    await waitFor(() => expect(more.some((r) => r.url.endsWith('/api/runs') && r.method === 'POST')).toBe(true));
    expect(
      await more
        .find((r) => r.url.endsWith('/api/runs') && r.method === 'POST')!
        .clone()
        .json(),
    ).toEqual(expected);
  });

  it('says a run with its own judges or parameters is not canonical only while one is set', async () => {
    serve(routes());
    renderPage();
    await userEvent.click(await screen.findByLabelText('sim/echo'));
    const advanced = screen.getByText(/Advanced: judges and parameters/).closest('details')!;
    expect(advanced.open).toBe(false);
    await userEvent.click(screen.getByText(/Advanced: judges and parameters/));
    expect(advanced.open).toBe(true);
    expect(screen.queryByRole('note')).toBeNull();

    await userEvent.click(screen.getByLabelText('Judge sim/good'));
    expect(screen.getByRole('note').textContent).toMatch(
      /not in the benchmark's canonical configuration.*no public\s+leaderboard.*visible to you only/s,
    );
    await userEvent.click(screen.getByLabelText('Judge sim/good'));
    expect(screen.queryByRole('note')).toBeNull();

    await userEvent.type(screen.getByLabelText('Max tokens per answer'), '64');
    expect(screen.getByRole('note')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('Max tokens per answer'));
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('shows a refused judge or parameter under its field, opening Advanced', async () => {
    serve(
      routes({
        '/api/runs/estimate': {
          status: 400,
          contentType: 'application/problem+json',
          body: {
            status: 400,
            detail: 'The run request is not valid.',
            errors: [
              { field: 'params.temperature', message: 'must be from 0 to 2' },
              { field: 'judges', message: 'the price of sim/good is not known' },
              { field: 'repeats', message: 'must be from 1 to 10' },
            ],
          },
        },
      }),
    );
    renderPage();
    await userEvent.click(await screen.findByLabelText('openai/gpt-4o'));
    const temperature = screen.getByLabelText('Temperature');
    await waitFor(() => expect(temperature.getAttribute('aria-invalid')).toBe('true'));
    expect(temperature.closest('details')!.open).toBe(true);
    expect(document.getElementById('run-temperature-error')!.textContent).toBe('must be from 0 to 2');
    expect(temperature.getAttribute('aria-describedby')).toContain('run-temperature-error');
    expect(document.getElementById('judges-error')!.textContent).toBe('the price of sim/good is not known');
    expect(screen.getByLabelText('Max tokens per answer').getAttribute('aria-invalid')).toBeNull();
    // the others stay listed with the problem, the advanced ones are not listed twice
    const problem = screen.getByRole('alert');
    expect(problem.textContent).toContain('repeats: must be from 1 to 10');
    expect(problem.textContent).not.toContain('must be from 0 to 2');
  });
});

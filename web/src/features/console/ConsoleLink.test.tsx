import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAt, serve } from '../../test/render';
import { UserMenu } from '../account/UserMenu';
import { admin, plain } from './testData';

describe('console: the user menu link', () => {
  it('is offered to admins and analysts, not to plain users', async () => {
    serve({ '/api/auth/me': admin });
    const view = renderAt('/', '/', <UserMenu />);
    await userEvent.click(await screen.findByRole('button', { name: /account menu/ }));
    expect(screen.getByRole('link', { name: 'Operator console' }).getAttribute('href')).toBe('/console');
    view.unmount();

    serve({ '/api/auth/me': { body: { ...plain.body, role: 'ANALYST' } } });
    const analyst = renderAt('/', '/', <UserMenu />);
    await userEvent.click(await screen.findByRole('button', { name: /account menu/ }));
    expect(screen.getByRole('link', { name: 'Operator console' })).toBeTruthy();
    analyst.unmount();

    serve({ '/api/auth/me': plain });
    renderAt('/', '/', <UserMenu />);
    await userEvent.click(await screen.findByRole('button', { name: /account menu/ }));
    expect(screen.getByRole('link', { name: 'Account and tokens' })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Operator console' })).toBeNull();
  });
});

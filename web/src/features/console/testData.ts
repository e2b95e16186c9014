// Shared by the console's component tests: who is asking, and problem+json answers.
export const admin = {
  body: { id: 'usr_admin', handle: 'admin', role: 'ADMIN', hasPassword: true, authenticatedBy: 'session' },
};
export const plain = {
  body: { id: 'usr_1', handle: 'alice', role: 'USER', hasPassword: true, authenticatedBy: 'session' },
};
export const problem = (status: number, detail: string) => ({
  status,
  body: { status, detail },
  contentType: 'application/problem+json',
});
export const forbidden = problem(403, 'This needs the ADMIN role.');

// the first render of a screen takes over a second on a loaded 2-core machine: waiting longer is no timed assertion
import { configure } from '@testing-library/react';
configure({ asyncUtilTimeout: 5000 });

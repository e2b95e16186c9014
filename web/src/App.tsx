import { useEffect, useState, type FormEvent } from 'react';
import { Link, Route, Routes } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { apiToken, onSessionChange, setApiToken } from './api/session';
import { LibraryPage } from './features/library/LibraryPage';
import { BenchmarkPage } from './features/benchmark/BenchmarkPage';
import { RunPage } from './features/run/RunPage';
import { Empty } from './ui/States';

export function App() {
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          BenchmarkHub
        </Link>
        <nav aria-label="Main">
          <Link to="/">Library</Link>
          <a href="/swagger-ui.html">API</a>
        </nav>
        <SignIn />
      </header>
      <main id="main">
        <Routes>
          <Route path="/" element={<LibraryPage />} />
          <Route path="/benchmarks/:id" element={<BenchmarkPage />} />
          <Route path="/runs/:id" element={<RunPage />} />
          <Route path="*" element={<Empty title="This page does not exist.">Go back to the <Link to="/">library</Link>.</Empty>} />
        </Routes>
      </main>
    </>
  );
}

/** Until browser sessions land: an API token pasted here, kept for this tab only (see api/session.ts). */
function SignIn() {
  const [token, setToken] = useState(apiToken());
  const [open, setOpen] = useState(false);
  const queries = useQueryClient();
  useEffect(() => onSessionChange(() => setToken(apiToken())), []);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = new FormData(e.currentTarget).get('token')?.toString().trim();
    if (value) {
      setApiToken(value);
      setOpen(false);
      queries.invalidateQueries();
    }
  };
  if (token)
    return (
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setApiToken(null);
          queries.invalidateQueries();
        }}
      >
        Sign out
      </button>
    );
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        Sign in with an API token
      </button>
    );
  return (
    <form onSubmit={submit} className="signin">
      <label htmlFor="api-token">API token</label>
      <input id="api-token" name="token" type="password" autoComplete="off" autoFocus />
      <button type="submit">Sign in</button>
    </form>
  );
}

import { Link, Route, Routes } from 'react-router';
import { LibraryPage } from './features/library/LibraryPage';
import { BenchmarkPage } from './features/benchmark/BenchmarkPage';
import { RunPage } from './features/run/RunPage';
import { CreatePage } from './features/builder/CreatePage';
import { EditPage } from './features/builder/EditPage';
import { NewRunPage } from './features/run/NewRunPage';
import { ComparePage } from './features/run/Compare';
import { Empty } from './ui/States';
import { SignInPage } from './features/account/SignInPage';
import { SignUpPage } from './features/account/SignUpPage';
import { ResetPasswordPage, VerifyEmailPage } from './features/account/TokenPages';
import { AccountPage } from './features/account/AccountPage';
import { UserMenu } from './features/account/UserMenu';
import { SetupPage } from './features/account/SetupPage';
import { CreditsPage } from './features/credits/CreditsPage';
import { WatchersPage } from './features/releases/WatchersPage';
import { ModelsPage } from './features/models/ModelsPage';
import { SuggestPage } from './features/suggest/SuggestPage';
import { ConsolePage } from './features/console/ConsolePage';
import { WorkspacesPage } from './features/workspaces/WorkspacesPage';
import { WorkspacePage } from './features/workspaces/WorkspacePage';
import { InvitationPage } from './features/workspaces/InvitationPage';

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
          <Link to="/models">Models</Link>
          <Link to="/benchmarks/new">New benchmark</Link>
          <a href="/swagger-ui.html">API</a>
        </nav>
        <UserMenu />
      </header>
      <main id="main">
        <Routes>
          <Route path="/" element={<LibraryPage />} />
          <Route path="/benchmarks/new" element={<CreatePage />} />
          <Route path="/benchmarks/:id" element={<BenchmarkPage />} />
          <Route path="/benchmarks/:id/edit" element={<EditPage />} />
          <Route path="/benchmarks/:id/run" element={<NewRunPage />} />
          <Route path="/benchmarks/:id/suggestions" element={<SuggestPage />} />
          <Route path="/runs/:id" element={<RunPage />} />
          <Route path="/runs/:id/compare" element={<ComparePage />} />
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/sign-up" element={<SignUpPage />} />
          <Route path="/verify-email" element={<VerifyEmailPage />} />
          <Route path="/reset-password" element={<ResetPasswordPage />} />
          <Route path="/account" element={<AccountPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="/credits" element={<CreditsPage />} />
          <Route path="/watchers" element={<WatchersPage />} />
          <Route path="/models" element={<ModelsPage />} />
          <Route path="/console/*" element={<ConsolePage />} />
          <Route path="/workspaces" element={<WorkspacesPage />} />
          <Route path="/workspaces/:id" element={<WorkspacePage />} />
          <Route path="/invitations/:token" element={<InvitationPage />} />
          <Route
            path="*"
            element={
              <Empty title="This page does not exist.">
                Go back to the <Link to="/">library</Link>.
              </Empty>
            }
          />
        </Routes>
      </main>
    </>
  );
}

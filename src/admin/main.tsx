import { lazy, StrictMode, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Me } from './api.ts';
import { t } from './i18n.ts';
import { Profile } from './screens/profile.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { Staff } from './screens/staff.tsx';
import { Stories } from './screens/stories.tsx';
import { AcceptInvitation, ResetPassword, Setup } from './screens/tokens.tsx';
import { type OpenReports, useOpenReports } from './trust-kit.ts';
import './style.css';

// The editor (TipTap and ProseMirror) and the management screens load when first opened.
const Editor = lazy(() => import('./screens/editor.tsx').then((m) => ({ default: m.Editor })));
const Translate = lazy(() => import('./screens/translate.tsx').then((m) => ({ default: m.Translate })));
const Dashboard = lazy(() => import('./screens/dashboard.tsx').then((m) => ({ default: m.Dashboard })));
const Media = lazy(() => import('./screens/media.tsx').then((m) => ({ default: m.Media })));
const Sections = lazy(() => import('./screens/sections.tsx').then((m) => ({ default: m.Sections })));
const Tags = lazy(() => import('./screens/tags.tsx').then((m) => ({ default: m.Tags })));
const Authors = lazy(() => import('./screens/authors.tsx').then((m) => ({ default: m.Authors })));
const Polls = lazy(() => import('./screens/polls.tsx').then((m) => ({ default: m.Polls })));
const Pages = lazy(() => import('./screens/pages.tsx').then((m) => ({ default: m.Pages })));
const Settings = lazy(() => import('./screens/settings.tsx').then((m) => ({ default: m.Settings })));
const ApiKeys = lazy(() => import('./screens/api-keys.tsx').then((m) => ({ default: m.ApiKeys })));
const Audit = lazy(() => import('./screens/audit.tsx').then((m) => ({ default: m.Audit })));
const Feedback = lazy(() => import('./screens/feedback.tsx').then((m) => ({ default: m.Feedback })));

/** Where the desk is: the path under /admin. */
function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: string) => {
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  return [path, go];
}

type State = { kind: 'loading' } | { kind: 'setup' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me };

const EDITORS = ['editor', 'administrator', 'owner'];
const ADMINS = ['administrator', 'owner'];

/** The desk's menu: what each role may open. */
const MENU: { to: string; label: () => string; roles?: string[] }[] = [
  { to: '/admin', label: () => t.stories },
  { to: '/admin/dashboard', label: () => t.dash.title },
  { to: '/admin/feedback', label: () => t.nav.feedback, roles: EDITORS },
  { to: '/admin/media', label: () => t.nav.media },
  { to: '/admin/sections', label: () => t.nav.sections, roles: EDITORS },
  { to: '/admin/tags', label: () => t.nav.tags, roles: EDITORS },
  { to: '/admin/authors', label: () => t.nav.authors, roles: EDITORS },
  { to: '/admin/polls', label: () => t.nav.polls, roles: EDITORS },
  { to: '/admin/pages', label: () => t.nav.pages, roles: EDITORS },
  { to: '/admin/staff', label: () => t.staff, roles: EDITORS },
  { to: '/admin/settings', label: () => t.nav.settings, roles: ADMINS },
  { to: '/admin/api-keys', label: () => t.nav.apiKeys, roles: ADMINS },
  { to: '/admin/audit', label: () => t.nav.audit, roles: ADMINS },
  { to: '/admin/profile', label: () => t.profile },
];

function Screen({
  path,
  me,
  go,
  refresh,
  signedOut,
  onOpenReports,
}: {
  path: string;
  me: Me;
  go: (to: string) => void;
  refresh: () => void;
  signedOut: () => void;
  onOpenReports: (count: OpenReports) => void;
}) {
  if (me.restricted || path.startsWith('/admin/profile'))
    return <Profile me={me} onChanged={refresh} onSignedOut={signedOut} />;
  const story = /^\/admin\/stories\/(\d+|new)(\/translate)?$/.exec(path);
  if (story) {
    if (story[1] === 'new') return <Editor key="new" id={null} me={me} go={go} />;
    return story[2] ? (
      <Translate id={Number(story[1])} me={me} go={go} />
    ) : (
      <Editor key={story[1]} id={Number(story[1])} me={me} go={go} />
    );
  }
  if (path.startsWith('/admin/dashboard')) return <Dashboard />;
  if (path.startsWith('/admin/media')) return <Media />;
  if (path.startsWith('/admin/sections')) return <Sections />;
  if (path.startsWith('/admin/tags')) return <Tags />;
  if (path.startsWith('/admin/authors')) return <Authors />;
  if (path.startsWith('/admin/polls')) return <Polls />;
  if (path.startsWith('/admin/pages')) return <Pages />;
  if (path.startsWith('/admin/staff')) return <Staff me={me} />;
  if (path.startsWith('/admin/settings')) return <Settings />;
  if (path.startsWith('/admin/api-keys')) return <ApiKeys />;
  if (path.startsWith('/admin/audit')) return <Audit />;
  if (path.startsWith('/admin/feedback'))
    return <Feedback role={me.role} go={go} onOpenCount={onOpenReports} />;
  return <Stories go={go} />;
}

function App() {
  const [path, go] = usePath();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [openReports, setOpenReports] = useOpenReports(state.kind === 'signed-in' ? state.me.role : null);
  // After moving to another screen, the keyboard starts at its content, not back at the menu.
  const content = useRef<HTMLDivElement>(null);
  const shown = useRef(path);
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    content.current?.focus();
  }, [path]);

  const refresh = useCallback(async () => {
    try {
      setState({ kind: 'signed-in', me: await api<Me>('GET', '/me') });
    } catch {
      const { needed } = await api<{ needed: boolean }>('GET', '/setup').catch(() => ({ needed: false }));
      setState(needed ? { kind: 'setup' } : { kind: 'signed-out' });
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signedIn = (me: Me) => {
    setState({ kind: 'signed-in', me });
    if (me.restricted) go('/admin/profile');
    else if (
      !/^\/admin\/(stories|dashboard|media|sections|tags|authors|polls|pages|staff|settings|api-keys|audit|feedback)/.test(
        path,
      )
    )
      go('/admin');
  };
  const signedOut = () => {
    setState({ kind: 'signed-out' });
    go('/admin');
  };

  if (path.startsWith('/admin/invite')) return <AcceptInvitation onSignedIn={signedIn} />;
  if (path.startsWith('/admin/reset')) return <ResetPassword />;
  if (state.kind === 'loading') return <p className="loading">{t.loading}</p>;
  if (state.kind === 'setup') return <Setup onSignedIn={signedIn} />;
  if (state.kind === 'signed-out') return <SignIn onSignedIn={signedIn} />;

  const { me } = state;
  const current = (to: string) =>
    to === '/admin' ? path === '/admin' || path.startsWith('/admin/stories') : path.startsWith(to);
  return (
    <>
      <a className="skip" href="#content">
        {t.skipToContent}
      </a>
      <header className="bar">
        <span className="brand">{t.appName}</span>
        <nav aria-label={t.appName}>
          {MENU.filter((m) => !me.restricted || m.to === '/admin/profile')
            .filter((m) => !m.roles || m.roles.includes(me.role))
            .map((m) => (
              <a
                key={m.to}
                href={m.to}
                aria-current={current(m.to) ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go(m.to);
                }}
              >
                {m.label()}
                {m.to === '/admin/feedback' && openReports && openReports.n > 0 ? (
                  <span className="count-badge">
                    <span aria-hidden="true">
                      {openReports.n}
                      {openReports.more ? '+' : ''}
                    </span>
                    <span className="sr-only">
                      {' '}
                      ({t.trust.feedback.openCount(openReports.n, openReports.more)})
                    </span>
                  </span>
                ) : null}
              </a>
            ))}
        </nav>
        <span className="who">
          {me.name} · {t.roles[me.role]}
        </span>
        <button type="button" onClick={() => api('DELETE', '/session').then(signedOut, signedOut)}>
          {t.signOut}
        </button>
      </header>
      <div id="content" ref={content} tabIndex={-1}>
        <Suspense fallback={<p className="loading">{t.loading}</p>}>
          <Screen
            path={path}
            me={me}
            go={go}
            refresh={refresh}
            signedOut={signedOut}
            onOpenReports={setOpenReports}
          />
        </Suspense>
      </div>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

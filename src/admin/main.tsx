import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, type Me } from './api.ts';
import { t } from './i18n.ts';
import { Profile } from './screens/profile.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { Staff } from './screens/staff.tsx';
import { Stories } from './screens/stories.tsx';
import { AcceptInvitation, ResetPassword, Setup } from './screens/tokens.tsx';
import './style.css';

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
  }, []);
  return [path, go];
}

type State = { kind: 'loading' } | { kind: 'setup' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me };

function App() {
  const [path, go] = usePath();
  const [state, setState] = useState<State>({ kind: 'loading' });

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
    go(me.restricted ? '/admin/profile' : '/admin');
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
  const link = (to: string, label: string) => (
    <a
      href={to}
      aria-current={path === to ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go(to);
      }}
    >
      {label}
    </a>
  );
  const page =
    me.restricted || path.startsWith('/admin/profile') ? (
      <Profile me={me} onChanged={refresh} onSignedOut={signedOut} />
    ) : path.startsWith('/admin/staff') ? (
      <Staff me={me} />
    ) : (
      <Stories />
    );
  return (
    <>
      <header className="bar">
        <span className="brand">{t.appName}</span>
        <nav aria-label={t.appName}>
          {me.restricted ? null : link('/admin', t.stories)}
          {me.restricted || !['editor', 'administrator', 'owner'].includes(me.role)
            ? null
            : link('/admin/staff', t.staff)}
          {link('/admin/profile', t.profile)}
        </nav>
        <span className="who">
          {me.name} · {t.roles[me.role]}
        </span>
        <button type="button" onClick={() => api('DELETE', '/session').then(signedOut, signedOut)}>
          {t.signOut}
        </button>
      </header>
      {page}
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

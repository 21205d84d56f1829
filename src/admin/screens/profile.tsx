import { useEffect, useState } from 'react';
import { api, type Me } from '../api.ts';
import { t } from '../i18n.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';

interface Session {
  id: string;
  createdAt: number;
  lastSeenAt: number;
  userAgent: string;
  current: boolean;
}

const when = (ms: number) =>
  new Intl.DateTimeFormat('uk-UA', {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: 'Europe/Kyiv',
  }).format(ms);

/** One's own profile: name, password, two-factor sign-in, sessions. */
export function Profile({
  me,
  onChanged,
  onSignedOut,
}: {
  me: Me;
  onChanged: () => void;
  onSignedOut: () => void;
}) {
  const [name, setName] = useState(me.name);
  const [nameSaved, setNameSaved] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [passwordSaved, setPasswordSaved] = useState(false);
  const [setup, setSetup] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [disablePassword, setDisablePassword] = useState('');
  const [sessions, setSessions] = useState<Session[]>([]);
  const [error, setError] = useState<string | null>(null);

  const loadSessions = () =>
    api<{ sessions: Session[] }>('GET', '/me/sessions').then(
      (r) => setSessions(r.sessions),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void loadSessions();
  }, []);

  return (
    <main>
      <h1>{t.profile}</h1>
      {me.restricted ? <p className="warning">{t.twoFactorRequired}</p> : null}
      <section aria-labelledby="profile-name">
        <h2 id="profile-name">{t.name}</h2>
        {nameSaved ? <Notice>{t.saved}</Notice> : null}
        <Form
          submit={t.saveName}
          onSubmit={async () => {
            await api('PATCH', '/me', { name });
            setNameSaved(true);
            onChanged();
          }}
        >
          <Field label={t.name} value={name} onChange={setName} autoComplete="name" required />
        </Form>
      </section>

      <section aria-labelledby="profile-password">
        <h2 id="profile-password">{t.changePassword}</h2>
        {passwordSaved ? <Notice>{t.saved}</Notice> : null}
        <Form
          submit={t.changePassword}
          onSubmit={async () => {
            await api('POST', '/me/password', { current, password: next });
            setPasswordSaved(true);
            setCurrent('');
            setNext('');
            void loadSessions();
          }}
        >
          <Field
            label={t.currentPassword}
            type="password"
            value={current}
            onChange={setCurrent}
            autoComplete="current-password"
            required
          />
          <Field
            label={t.newPassword}
            type="password"
            value={next}
            onChange={setNext}
            autoComplete="new-password"
            hint={t.passwordHint}
            required
          />
        </Form>
      </section>

      <section aria-labelledby="profile-2fa">
        <h2 id="profile-2fa">{t.twoFactor}</h2>
        <p>{me.twoFactor ? t.twoFactorOn : t.twoFactorOff}</p>
        {recovery ? (
          <div>
            <p>{t.recoveryCodes}</p>
            <ul className="codes">
              {recovery.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {!me.twoFactor && !setup ? (
          <button
            type="button"
            onClick={() =>
              api<{ secret: string; uri: string }>('POST', '/me/two-factor').then(setSetup, (e) =>
                setError(errorText(e)),
              )
            }
          >
            {t.twoFactorStart}
          </button>
        ) : null}
        {setup ? (
          <Form
            submit={t.twoFactorConfirm}
            onSubmit={async () => {
              const r = await api<{ recoveryCodes: string[] }>('POST', '/me/two-factor/confirm', { code });
              setRecovery(r.recoveryCodes);
              setSetup(null);
              onChanged();
            }}
          >
            <p>
              {t.twoFactorSecret}: <code>{setup.secret}</code>
            </p>
            <p>
              <a href={setup.uri}>{setup.uri}</a>
            </p>
            <Field
              label={t.code}
              value={code}
              onChange={setCode}
              inputMode="numeric"
              autoComplete="one-time-code"
              required
            />
          </Form>
        ) : null}
        {me.twoFactor ? (
          <Form
            submit={t.twoFactorDisable}
            onSubmit={async () => {
              await api('DELETE', '/me/two-factor', { password: disablePassword });
              onChanged();
            }}
          >
            <Field
              label={t.password}
              type="password"
              value={disablePassword}
              onChange={setDisablePassword}
              autoComplete="current-password"
              required
            />
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="profile-sessions">
        <h2 id="profile-sessions">{t.sessions}</h2>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <span>{s.userAgent || '—'}</span>{' '}
              <span>
                {t.lastSeen}: {when(s.lastSeenAt)}
              </span>{' '}
              {s.current ? (
                <strong>{t.thisSession}</strong>
              ) : (
                <button
                  type="button"
                  onClick={() => api('DELETE', `/me/sessions/${s.id}`).then(loadSessions)}
                >
                  {t.endSession}
                </button>
              )}
            </li>
          ))}
        </ul>
        <button type="button" onClick={() => api('DELETE', '/me/sessions').then(onSignedOut)}>
          {t.signOutEverywhere}
        </button>
      </section>
    </main>
  );
}

import { useState } from 'react';
import { api, type Me } from '../api.ts';
import { t } from '../i18n.ts';
import { Field, Form, Notice } from '../ui.tsx';

/** First run: the owner's account, when the site has none. */
export function Setup({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  return (
    <main className="narrow">
      <h1>{t.setupTitle}</h1>
      <p>{t.setupIntro}</p>
      <Form
        submit={t.createOwner}
        onSubmit={async () => onSignedIn(await api<Me>('POST', '/setup', { email, name, password }))}
      >
        <Field label={t.name} value={name} onChange={setName} autoComplete="name" required />
        <Field
          label={t.email}
          type="email"
          value={email}
          onChange={setEmail}
          autoComplete="username"
          required
        />
        <Field
          label={t.password}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={t.passwordHint}
          required
        />
      </Form>
    </main>
  );
}

/** The token of an invitation or reset link: after `#`, so it never reaches a log or a referrer. */
const tokenFromHash = () => window.location.hash.slice(1);

export function AcceptInvitation({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  return (
    <main className="narrow">
      <h1>{t.inviteTitle}</h1>
      <Form
        submit={t.acceptInvite}
        onSubmit={async () =>
          onSignedIn(await api<Me>('POST', '/invitations/accept', { token: tokenFromHash(), name, password }))
        }
      >
        <Field label={t.name} value={name} onChange={setName} autoComplete="name" required />
        <Field
          label={t.password}
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          hint={t.passwordHint}
          required
        />
      </Form>
    </main>
  );
}

export function ResetPassword() {
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  return (
    <main className="narrow">
      <h1>{t.resetTitle}</h1>
      {done ? (
        <Notice>
          {t.passwordChanged} <a href="/admin">{t.signIn}</a>
        </Notice>
      ) : (
        <Form
          submit={t.savePassword}
          onSubmit={async () => {
            await api('POST', '/password-resets/complete', { token: tokenFromHash(), password });
            setDone(true);
          }}
        >
          <Field
            label={t.newPassword}
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            hint={t.passwordHint}
            required
          />
        </Form>
      )}
    </main>
  );
}

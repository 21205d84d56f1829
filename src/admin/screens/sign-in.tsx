import { useState } from 'react';
import { api, type Me } from '../api.ts';
import { t } from '../i18n.ts';
import { Field, Form, Notice } from '../ui.tsx';

/** Sign-in (with the one-time code when the account asks for one) and "forgot my password". */
export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [forgot, setForgot] = useState(false);
  const [sent, setSent] = useState(false);

  if (forgot) {
    return (
      <main className="narrow">
        <h1>{t.resetTitle}</h1>
        {sent ? <Notice>{t.resetRequested}</Notice> : null}
        <Form
          submit={t.sendResetLink}
          onSubmit={async () => {
            await api('POST', '/password-resets', { email });
            setSent(true);
          }}
        >
          <Field
            label={t.email}
            type="email"
            value={email}
            onChange={setEmail}
            autoComplete="email"
            required
          />
        </Form>
        <button type="button" className="link" onClick={() => setForgot(false)}>
          {t.signIn}
        </button>
      </main>
    );
  }

  return (
    <main className="narrow">
      <h1>{t.signInTitle}</h1>
      <Form
        submit={t.signIn}
        label={t.signInTitle}
        onSubmit={async () => {
          try {
            const me = await api<Me>('POST', '/session', { email, password, ...(needsCode ? { code } : {}) });
            onSignedIn(me);
          } catch (err) {
            if ((err as { code?: string }).code === 'TOTP_REQUIRED') setNeedsCode(true);
            throw err;
          }
        }}
      >
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
          autoComplete="current-password"
          required
        />
        {needsCode ? (
          <Field
            label={t.code}
            value={code}
            onChange={setCode}
            autoComplete="one-time-code"
            inputMode="numeric"
            hint={t.codeHint}
            required
          />
        ) : null}
      </Form>
      <button type="button" className="link" onClick={() => setForgot(true)}>
        {t.forgot}
      </button>
    </main>
  );
}

import { useEffect, useId, useState } from 'react';
import { api, type Me } from '../api.ts';
import { t } from '../i18n.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';

interface Account {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
  twoFactor: boolean;
}

const ASSIGNABLE: Record<string, string[]> = {
  owner: ['contributor', 'author', 'editor', 'administrator'],
  administrator: ['contributor', 'author', 'editor', 'administrator'],
  editor: ['contributor', 'author'],
};

function RoleSelect({
  value,
  onChange,
  roles,
}: {
  value: string;
  onChange: (v: string) => void;
  roles: string[];
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t.role}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {roles.map((r) => (
          <option key={r} value={r}>
            {t.roles[r]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The newsroom's people (editors see it too, and manage contributors and authors). */
export function Staff({ me }: { me: Me }) {
  const roles = ASSIGNABLE[me.role] ?? [];
  const [list, setList] = useState<Account[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState(roles[0] ?? 'contributor');
  const [inviteEmail, setInviteEmail] = useState('');
  const [inviteRole, setInviteRole] = useState(roles[0] ?? 'contributor');
  const [inviteLink, setInviteLink] = useState<string | null>(null);

  const load = () =>
    api<{ users: Account[] }>('GET', '/users').then(
      (r) => setList(r.users),
      (err) => setError(errorText(err)),
    );
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    void load();
  }, []);

  return (
    <main>
      <h1>{t.staffList}</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.email}</th>
            <th scope="col">{t.role}</th>
            <th scope="col">{t.active}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>{t.roles[u.role]}</td>
              <td>
                {roles.includes(u.role) && u.id !== me.id ? (
                  <button
                    type="button"
                    onClick={() =>
                      api('PATCH', `/users/${u.id}`, { active: !u.active }).then(load, (e) =>
                        setError(errorText(e)),
                      )
                    }
                  >
                    {u.active ? t.deactivate : t.activate}
                  </button>
                ) : u.active ? (
                  '✓'
                ) : (
                  t.inactive
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {roles.length ? (
        <>
          <section aria-labelledby="staff-add">
            <h2 id="staff-add">{t.addPerson}</h2>
            <Form
              submit={t.create}
              onSubmit={async () => {
                await api('POST', '/users', { email, name, role, password });
                setEmail('');
                setName('');
                setPassword('');
                await load();
              }}
            >
              <Field label={t.name} value={name} onChange={setName} required />
              <Field label={t.email} type="email" value={email} onChange={setEmail} required />
              <Field
                label={t.password}
                type="password"
                value={password}
                onChange={setPassword}
                autoComplete="new-password"
                hint={t.passwordHint}
                required
              />
              <RoleSelect value={role} onChange={setRole} roles={roles} />
            </Form>
          </section>
          <section aria-labelledby="staff-invite">
            <h2 id="staff-invite">{t.invitePerson}</h2>
            {inviteLink ? (
              <Notice>
                {t.inviteLink} <code>{inviteLink}</code>
              </Notice>
            ) : null}
            <Form
              submit={t.invite}
              onSubmit={async () => {
                const r = await api<{ link: string }>('POST', '/invitations', {
                  email: inviteEmail,
                  role: inviteRole,
                });
                setInviteLink(r.link);
              }}
            >
              <Field label={t.email} type="email" value={inviteEmail} onChange={setInviteEmail} required />
              <RoleSelect value={inviteRole} onChange={setInviteRole} roles={roles} />
            </Form>
          </section>
        </>
      ) : null}
    </main>
  );
}

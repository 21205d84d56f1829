import { useEffect, useId, useState } from 'react';
import { t } from '../i18n.ts';
import '../manage.css';
import { manage, problem } from '../strings/manage.ts';
import { errorText, Field, Form, Notice } from '../ui.tsx';
import { call, useRole } from './manage-kit.ts';

interface Script {
  id: string;
  category: string;
  src: string;
}
interface SiteSettings {
  googleNewsUrl: string | null;
  scripts: Script[];
  totpRequiredRoles: string[];
}
/** A script being edited, with a key of its own (the id is what is being typed). */
type ScriptDraft = Script & { key: number };

const ADMINS = ['administrator', 'owner'];
const ROLES = ['contributor', 'author', 'editor', 'administrator', 'owner'];
const CATEGORIES = ['analytics', 'ads'];
const SCRIPT_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

const s = manage.settings;
const c = manage.common;

let nextKey = 1;
const drafts = (list: Script[]): ScriptDraft[] => list.map((x) => ({ ...x, key: nextKey++ }));

function ScriptFields(props: {
  n: number;
  value: ScriptDraft;
  onChange: (v: ScriptDraft) => void;
  onRemove: () => void;
}) {
  const categoryId = useId();
  const { value, onChange } = props;
  return (
    <fieldset>
      <legend>{s.script(props.n)}</legend>
      <Field
        label={s.scriptId}
        value={value.id}
        onChange={(id) => onChange({ ...value, id })}
        hint={s.scriptIdHint}
        required
      />
      <div className="field">
        <label htmlFor={categoryId}>{s.category}</label>
        <select
          id={categoryId}
          value={value.category}
          onChange={(e) => onChange({ ...value, category: e.target.value })}
        >
          {CATEGORIES.map((k) => (
            <option key={k} value={k}>
              {s.categories[k]}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={s.src}
        type="url"
        value={value.src}
        onChange={(src) => onChange({ ...value, src })}
        required
      />
      <p>
        <button type="button" className="danger" onClick={props.onRemove}>
          {s.removeScript(props.n)}
        </button>
      </p>
    </fieldset>
  );
}

function Check(props: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

/** What a role that may not change the settings sees. */
function Summary({ settings }: { settings: SiteSettings }) {
  return (
    <dl className="summary">
      <dt>{s.googleNewsUrl}</dt>
      <dd>{settings.googleNewsUrl ?? c.none}</dd>
      <dt>{s.scripts}</dt>
      <dd>
        {settings.scripts.length === 0
          ? s.noScripts
          : settings.scripts.map((x) => (
              <div key={x.id}>
                <code>{x.id}</code> · {s.categories[x.category] ?? x.category} · <code>{x.src}</code>
              </div>
            ))}
      </dd>
      <dt>{s.twoFactorLegend}</dt>
      <dd>{settings.totpRequiredRoles.map((r) => t.roles[r] ?? r).join(', ') || c.none}</dd>
    </dl>
  );
}

/** Site settings: the Google News link, third-party scripts, roles that must use two-factor sign-in. */
export function Settings() {
  const role = useRole();
  const may = role !== null && ADMINS.includes(role);
  const [settings, setSettings] = useState<SiteSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<'google' | 'scripts' | 'twoFactor' | null>(null);
  const [googleNewsUrl, setGoogleNewsUrl] = useState('');
  const [scripts, setScripts] = useState<ScriptDraft[]>([]);
  const [totpRoles, setTotpRoles] = useState<string[]>([]);
  const googleId = useId();
  const scriptsId = useId();
  const twoFactorId = useId();
  const twoFactorHintId = useId();

  const adopt = (x: SiteSettings) => {
    setSettings(x);
    setGoogleNewsUrl(x.googleNewsUrl ?? '');
    setScripts(drafts(x.scripts));
    setTotpRoles(x.totpRequiredRoles);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once, when the screen opens.
  useEffect(() => {
    call<SiteSettings>('GET', '/settings').then(adopt, (err) => setError(errorText(err)));
  }, []);

  /** Saves one part; what is being typed in the other parts stays as it is. */
  async function patch(body: Partial<SiteSettings>, which: NonNullable<typeof done>) {
    setDone(null);
    const next = await call<SiteSettings>('PATCH', '/settings', body);
    setSettings(next);
    if (which === 'google') setGoogleNewsUrl(next.googleNewsUrl ?? '');
    if (which === 'scripts') setScripts(drafts(next.scripts));
    if (which === 'twoFactor') setTotpRoles(next.totpRequiredRoles);
    setDone(which);
  }

  async function saveScripts() {
    const list = scripts.map(({ id, category, src }) => ({ id: id.trim(), category, src: src.trim() }));
    if (list.some((x) => !SCRIPT_ID.test(x.id))) throw problem('SCRIPT_ID_FORMAT');
    if (new Set(list.map((x) => x.id)).size !== list.length) throw problem('SCRIPT_ID_TWICE');
    await patch({ scripts: list }, 'scripts');
  }

  return (
    <main className="manage">
      <h1>{s.title}</h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {settings === null || role === null ? (
        error ? null : (
          <p>{c.loading}</p>
        )
      ) : !may ? (
        <>
          <p className="warning">{c.adminsOnly}</p>
          <Summary settings={settings} />
        </>
      ) : (
        <>
          <section aria-labelledby={googleId}>
            <h2 id={googleId}>{s.googleNews}</h2>
            {done === 'google' ? <Notice>{c.saved}</Notice> : null}
            <Form
              submit={s.saveGoogleNews}
              onSubmit={() => patch({ googleNewsUrl: googleNewsUrl.trim() || null }, 'google')}
            >
              <Field
                label={s.googleNewsUrl}
                type="url"
                value={googleNewsUrl}
                onChange={setGoogleNewsUrl}
                hint={s.googleNewsHint}
              />
            </Form>
          </section>

          <section aria-labelledby={scriptsId}>
            <h2 id={scriptsId}>{s.scripts}</h2>
            <p className="hint">{s.scriptsIntro}</p>
            {done === 'scripts' ? <Notice>{c.saved}</Notice> : null}
            <Form submit={s.saveScripts} onSubmit={saveScripts}>
              {scripts.length === 0 ? <p>{s.noScripts}</p> : null}
              {scripts.map((x, i) => (
                <ScriptFields
                  key={x.key}
                  n={i + 1}
                  value={x}
                  onChange={(v) => setScripts((list) => list.map((y) => (y.key === x.key ? v : y)))}
                  onRemove={() => setScripts((list) => list.filter((y) => y.key !== x.key))}
                />
              ))}
              <p>
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    setScripts((list) => [
                      ...list,
                      { key: nextKey++, id: '', category: 'analytics', src: '' },
                    ])
                  }
                >
                  {s.addScript}
                </button>
              </p>
            </Form>
          </section>

          <section aria-labelledby={twoFactorId}>
            <h2 id={twoFactorId}>{s.twoFactor}</h2>
            {done === 'twoFactor' ? <Notice>{c.saved}</Notice> : null}
            <Form
              submit={s.saveTwoFactor}
              onSubmit={() =>
                patch({ totpRequiredRoles: ROLES.filter((r) => totpRoles.includes(r)) }, 'twoFactor')
              }
            >
              <fieldset aria-describedby={twoFactorHintId}>
                <legend>{s.twoFactorLegend}</legend>
                {ROLES.map((r) => (
                  <Check
                    key={r}
                    label={t.roles[r] ?? r}
                    checked={totpRoles.includes(r)}
                    onChange={(on) =>
                      setTotpRoles((list) => (on ? [...list, r] : list.filter((x) => x !== r)))
                    }
                  />
                ))}
              </fieldset>
              <p className="hint" id={twoFactorHintId}>
                {s.twoFactorHint}
              </p>
            </Form>
          </section>
        </>
      )}
    </main>
  );
}

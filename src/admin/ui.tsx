import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { ApiError } from './api.ts';
import { t } from './i18n.ts';

/** The message a failed call shows, in the desk's language. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    // Which field was refused is in the server's words; the sentence around it is ours.
    const detail =
      err.code === 'VALIDATION_FAILED' || err.code === 'INVALID_CONTENT' ? ` (${err.message})` : '';
    const known = t.errors[err.code];
    const text = known ? `${known}${detail}` : err.message;
    return err.retryAfter ? `${text} ${t.retryIn(err.retryAfter)}` : text;
  }
  return t.errors.OTHER!;
}

/** A labelled input: the label names it for assistive technology and for tests. */
export function Field(props: {
  label: string;
  type?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete?: string;
  required?: boolean;
  hint?: string;
  inputMode?: 'numeric' | 'email' | 'text';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete={props.autoComplete}
        required={props.required}
        inputMode={props.inputMode}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** A form that shows its error and disables itself while sending. */
export function Form(props: {
  onSubmit: () => Promise<void>;
  submit: string;
  children: ReactNode;
  label?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function handle(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={handle} aria-label={props.label}>
      {props.children}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        {props.submit}
      </button>
    </form>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p className="notice" role="status">
      {children}
    </p>
  );
}

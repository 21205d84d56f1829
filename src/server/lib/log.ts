import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process's logger: JSON lines for machines (a log collector), or one readable line per
 * event for people at a terminal — time, level, message, then the event's fields as
 * `key=value`, an error's stack below it. `auto` picks pretty when stdout is a terminal.
 */
export type LogFormat = 'pretty' | 'json';

const LEVELS: Record<number, { name: string; colour: string }> = {
  10: { name: 'TRACE', colour: '\x1b[90m' },
  20: { name: 'DEBUG', colour: '\x1b[36m' },
  30: { name: 'INFO ', colour: '\x1b[32m' },
  40: { name: 'WARN ', colour: '\x1b[33m' },
  50: { name: 'ERROR', colour: '\x1b[31m' },
  60: { name: 'FATAL', colour: '\x1b[41m\x1b[97m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';

/** Fields every line has that the pretty line shows otherwise, or not at all. */
const SKIPPED = new Set(['time', 'level', 'msg', 'pid', 'hostname', 'v']);
/** Fields shown first when present (the request id ties a request's lines together). */
const FIRST = ['reqId'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `12:34:56.789` in local time. */
function clock(time: unknown): string {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A value as `key=value` shows it: bare when it cannot be misread, JSON otherwise. */
function show(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=\\]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  if (v === undefined) return 'undefined';
  return JSON.stringify(v) ?? String(v);
}

interface SerializedError {
  type?: unknown;
  message?: unknown;
  stack?: unknown;
  [k: string]: unknown;
}

const isError = (v: unknown): v is SerializedError =>
  typeof v === 'object' && v !== null && typeof (v as SerializedError).stack === 'string';

/**
 * One pino JSON line as a readable line (with a newline). Errors (any field holding an
 * object with a `stack`, as pino's serializer writes `err`) show their message inline and
 * their stack, indented, on the lines below. A line that is not JSON is passed through.
 */
export function prettyLine(line: string, colours = false): string {
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    o = parsed as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const paint = (code: string, s: string) => (colours ? `${code}${s}${RESET}` : s);
  const level = LEVELS[Number(o.level)] ?? {
    name: String(o.level ?? '?')
      .toUpperCase()
      .padEnd(5),
    colour: '',
  };
  const msg = typeof o.msg === 'string' ? o.msg : o.msg === undefined ? '' : show(o.msg);
  const parts = [paint(DIM, clock(o.time)), paint(level.colour, level.name)];
  if (msg) parts.push(paint(BOLD, msg.replace(/\r?\n/g, '\\n')));
  const stacks: string[] = [];
  const keys = [...FIRST.filter((k) => k in o), ...Object.keys(o).filter((k) => !FIRST.includes(k))];
  for (const key of keys) {
    if (SKIPPED.has(key)) continue;
    const v = o[key];
    if (isError(v)) {
      const { type: _type, message, stack, ...rest } = v;
      parts.push(`${paint(DIM, `${key}=`)}${show(typeof message === 'string' ? message : String(message))}`);
      for (const [k, x] of Object.entries(rest)) parts.push(`${paint(DIM, `${key}.${k}=`)}${show(x)}`);
      stacks.push(String(stack));
      continue;
    }
    parts.push(`${paint(DIM, `${key}=`)}${show(v)}`);
  }
  let out = parts.join(' ');
  for (const stack of stacks) {
    const indented = stack
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    out += `\n${paint(DIM, indented)}`;
  }
  return `${out}\n`;
}

/** A pino destination writing pretty lines to `out`. */
export function prettyStream(out: { write(s: string): unknown }, colours: boolean): DestinationStream {
  return {
    write(chunk: string) {
      // pino writes one event per call; split anyway in case several arrive together.
      const lines = chunk.split('\n');
      let text = '';
      for (const l of lines) if (l) text += prettyLine(l, colours);
      out.write(text);
    },
  };
}

export interface LoggerOptions {
  level: string;
  /** `null`: pretty when `out` is a terminal, JSON otherwise. */
  format: LogFormat | null;
  /** Where to write (stdout by default). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Colours in pretty mode (default: when `out` is a terminal and NO_COLOR is not set). */
  colours?: boolean;
}

/** The format `auto` resolves to for this output. */
export function logFormatFor(format: LogFormat | null, out: { isTTY?: boolean }): LogFormat {
  return format ?? (out.isTTY ? 'pretty' : 'json');
}

export function createLogger(o: LoggerOptions): Logger {
  const out = o.out ?? process.stdout;
  if (logFormatFor(o.format, out) === 'json') {
    // pino's own fast destination on stdout; any other stream as given.
    return o.out ? pino({ level: o.level }, o.out) : pino({ level: o.level });
  }
  const colours = o.colours ?? (out.isTTY === true && !process.env.NO_COLOR);
  return pino({ level: o.level }, prettyStream(out, colours));
}

import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes only from the environment and is validated once, at boot.
 * Every problem is reported together so an operator fixes them in one go.
 */
const languageCode = z.string().regex(/^[a-z]{2,3}$/, 'language codes are two or three lowercase letters');

/** An optional secret set by the operator: long and random enough to be one. */
const secret = (what: 'key' | 'token') =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || v.length >= 24, {
      message: 'must be at least 24 characters long',
    })
    .refine((v) => v === undefined || v === '' || new Set(v).size >= 12, {
      message: `is too simple (fewer than 12 different characters): use a random ${what}, e.g. \`openssl rand -base64 32\``,
    });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^(postgres(ql)?|sqlite|file):/.test(v), {
      message: 'must start with postgres://, postgresql://, sqlite: or file:',
    }),
  PUBLIC_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^https?:\/\/[^/\s]+(\/)?$/.test(v), {
      message: 'must be an origin such as https://news.example.org (no path)',
    }),
  SITE_NAME: z.string().min(1).max(120).default('Шпальта'),
  /** `0`: no proxy; `1` (or `true`): one proxy in front; `N`: N proxies (CDN and balancer…). */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[0-9])$/, 'must be 0–9 (how many proxies are in front), true or false')
    .default('0'),
  DEMO: z.enum(['0', '1', 'true', 'false']).default('1'),
  ADMIN_API_KEY: secret('key'),
  LANGUAGES: z
    .string()
    .default('uk,ru')
    .transform((v) => v.split(',').map((s) => s.trim()))
    .pipe(z.array(languageCode).min(1)),
  TIME_ZONE: z
    .string()
    .default('Europe/Kyiv')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'unknown IANA time zone' },
    ),
  GOOGLE_NEWS_URL: z.string().url().optional().or(z.literal('')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset: pretty when stdout is a terminal, JSON lines otherwise. */
  LOG_FORMAT: z.enum(['pretty', 'json', ''], { error: 'must be pretty or json' }).optional(),
  METRICS_TOKEN: secret('token').refine((v) => v === undefined || /^[\x21-\x7e]*$/.test(v), {
    message: 'must be printable ASCII without spaces (it is sent in an Authorization header)',
  }),
  METRICS_PORT: z
    .string()
    .optional()
    .refine(
      (v) => v === undefined || v === '' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 65535),
      {
        message: 'must be a port number (1–65535)',
      },
    ),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  PAGE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),
  WEBSUB_HUB_URL: z.string().url().optional().or(z.literal('')),
  POLL_VOTES_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(20),
  VIEWS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(50),
  MEDIA_MAX_PIXELS: z.coerce.number().int().min(10_000).max(500_000_000).default(40_000_000),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(3000),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(8000),
  STALE_IF_ERROR_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '' || /^smtps?:\/\//.test(v), {
      message: 'must start with smtp:// or smtps://',
    }),
  MAIL_FROM: z.string().optional(),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  SESSION_MAX_DAYS: z.coerce.number().positive().max(365).default(30),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Processes sharing the port; default: one per core. */
  WORKERS: z.coerce
    .number()
    .int()
    .min(1)
    .max(256)
    .default(() => os.availableParallelism()),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://…` or a SQLite file path. */
  databaseUrl: string;
  publicUrl: string;
  siteName: string;
  /** How many trusted proxies are in front (0: none): which `X-Forwarded-For` entry is the client. */
  trustProxy: number;
  demo: boolean;
  adminApiKey: string | null;
  /** The first language is the default one, served at `/`; the others under `/<lang>/`. */
  languages: string[];
  timeZone: string;
  googleNewsUrl: string | null;
  logLevel: string;
  /** `null`: pretty when stdout is a terminal, JSON otherwise. */
  logFormat: 'pretty' | 'json' | null;
  /** `/metrics` on the main port requires `Authorization: Bearer <token>`; null: not served there. */
  metricsToken: string | null;
  /** A separate server answering `/metrics` without a token, on this port and address; null: none. */
  metricsPort: number | null;
  metricsHost: string;
  pageCacheMaxEntries: number;
  /** Ballots one address may cast in one poll per hour (households and offices share addresses). */
  /** Views one address may add to one story per 30 minutes. */
  viewsPerAddress: number;
  pollVotesPerAddressPerHour: number;
  /** WebSub hub the feeds name and that publishing pings; null: none. */
  websubHubUrl: string | null;
  /** Largest image upload accepted, in pixels (width × height). */
  /** PostgreSQL: longest wait for a connection, and longest a statement may run while serving. */
  dbConnectTimeoutMs: number;
  dbQueryTimeoutMs: number;
  /** How long cached pages keep being served, past their freshness, while the database fails. */
  staleIfErrorHours: number;
  /** Longest time one request may take to arrive, headers and body. */
  requestTimeoutSeconds: number;
  mediaMaxPixels: number;
  /** SMTP server for invitations and password resets; null: no mail is sent. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Sessions end after this long idle, and this long after sign-in (ms). */
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** Failed sign-ins per account and per address allowed in the window (ms). */
  loginMaxFailures: number;
  loginWindowMs: number;
  /** Processes serving the port on this machine (`WORKERS`): 1 runs in this process alone. */
  workers: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const truthy = (v: string) => v === '1' || v === 'true';

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (new Set(e.LANGUAGES).size !== e.LANGUAGES.length)
    problems.push('LANGUAGES: a language is listed twice');
  const metricsPort = e.METRICS_PORT === undefined || e.METRICS_PORT === '' ? null : Number(e.METRICS_PORT);
  if (metricsPort !== null && metricsPort === e.PORT) problems.push('METRICS_PORT: must differ from PORT');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  const port = e.PORT;
  const databaseUrl =
    e.DATABASE_URL && e.DATABASE_URL !== ''
      ? e.DATABASE_URL.replace(/^(sqlite|file):(\/\/)?/, '')
      : path.join(dataDir, 'shpalta.db');
  const publicUrl = (e.PUBLIC_URL && e.PUBLIC_URL !== '' ? e.PUBLIC_URL : `http://localhost:${port}`).replace(
    /\/$/,
    '',
  );
  return {
    port,
    host: e.HOST,
    dataDir,
    databaseUrl,
    publicUrl,
    siteName: e.SITE_NAME,
    trustProxy: e.TRUST_PROXY === 'true' ? 1 : e.TRUST_PROXY === 'false' ? 0 : Number(e.TRUST_PROXY),
    demo: truthy(e.DEMO),
    adminApiKey: e.ADMIN_API_KEY && e.ADMIN_API_KEY !== '' ? e.ADMIN_API_KEY : null,
    languages: e.LANGUAGES,
    timeZone: e.TIME_ZONE,
    googleNewsUrl: e.GOOGLE_NEWS_URL && e.GOOGLE_NEWS_URL !== '' ? e.GOOGLE_NEWS_URL : null,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT === undefined || e.LOG_FORMAT === '' ? null : e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN && e.METRICS_TOKEN !== '' ? e.METRICS_TOKEN : null,
    metricsPort,
    metricsHost: e.METRICS_HOST,
    pageCacheMaxEntries: e.PAGE_CACHE_MAX_ENTRIES,
    pollVotesPerAddressPerHour: e.POLL_VOTES_PER_ADDRESS_PER_HOUR,
    viewsPerAddress: e.VIEWS_PER_ADDRESS,
    mediaMaxPixels: e.MEDIA_MAX_PIXELS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbQueryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
    staleIfErrorHours: e.STALE_IF_ERROR_HOURS,
    smtpUrl: e.SMTP_URL && e.SMTP_URL !== '' ? e.SMTP_URL : null,
    mailFrom:
      e.MAIL_FROM && e.MAIL_FROM !== ''
        ? e.MAIL_FROM
        : `${e.SITE_NAME} <newsroom@${new URL(publicUrl).hostname}>`,
    sessionIdleMs: e.SESSION_IDLE_HOURS * 3_600_000,
    sessionMaxMs: e.SESSION_MAX_DAYS * 86_400_000,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginWindowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    workers: e.WORKERS,
    websubHubUrl: e.WEBSUB_HUB_URL && e.WEBSUB_HUB_URL !== '' ? e.WEBSUB_HUB_URL : null,
  };
}

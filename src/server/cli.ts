import { parseArgs } from 'node:util';
import { ZodError } from 'zod';
import { exportCommand, importCommand, importJsonlCommand } from './cli/import-commands.ts';
import { progressBar } from './cli/progress.ts';
import { backup, CommandError, migrateTo, restore } from './cli/site-commands.ts';
import { compose } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import { SiteCopyError } from './db/site-copy.ts';
import { DomainError } from './domain/errors.ts';
import { type Role, systemPrincipal } from './domain/principal.ts';
import { DumpError, WxrError } from './modules/imports/index.ts';

const HELP = `Shpalta command line (uses the same environment as the server: DATABASE_URL, DATA_DIR, …)

  npm run cli -- migrate                     apply database migrations
  npm run cli -- migrate --to postgres://…   copy the whole site to an empty PostgreSQL database,
                                             verify it, and print the DATABASE_URL to switch to
  npm run cli -- import dle FILE [--language L] [--uploads DIR] [--timezone TZ] [--charset CS]
                                             move a DataLife Engine site in from its database
                                             dump; run again to update what changed
  npm run cli -- import wordpress FILE [--language L] [--uploads DIR]
                                             move a WordPress site in from its export (WXR)
  npm run cli -- import jsonl FILE           an export of this platform into an empty site
  npm run cli -- export --format jsonl|wxr FILE
                                             everything as JSON Lines (round-trips), or the
                                             stories and pages as WordPress's WXR 1.2
  npm run cli -- backup DIR                  a consistent copy of the site (database and media)
                                             into a new folder, while the site serves
  npm run cli -- restore DIR [--force]       the backup in DIR into this site (--force replaces
                                             a site that has content)
  npm run cli -- seed [--stories N]          add the demo newsroom to an empty site, or N more
                                             generated stories to any site (scale tests)
  npm run cli -- search reindex              index every story for search again (after a change
                                             of the rules; the site keeps serving meanwhile)
  npm run cli -- user create --email E --role R [--name N]
                                             create a staff account; the password is read from
                                             standard input (--role owner on a site with none)
  npm run cli -- user reset-link --email E   print a one-time link to set a new password (1 hour)
  npm run cli -- user list                   list staff accounts
  npm run cli -- api-key create <name> [--role R]
                                             create an Admin API key (printed once; default role
                                             administrator)
  npm run cli -- api-key list                list keys (names and dates, never the keys)
  npm run cli -- api-key revoke <id>         revoke a key
`;

/** Indexes for search what is not (or everything again), with a progress bar; prints time and size. */
async function reindex(composed: Awaited<ReturnType<typeof compose>>, all: boolean): Promise<void> {
  const { services } = composed;
  if (all) await services.articles.forgetSearchIndex();
  const bar = progressBar('indexing for search');
  const started = Date.now();
  const indexed = await services.articles.indexSearch({ batch: 500, onProgress: bar.update });
  const { database } = composed;
  if (indexed > 1000) await database.unlimited((db) => database.helpers.fullText.optimize(db));
  const size = await services.articles.searchIndexSize();
  process.stdout.write(
    `${indexed} stories indexed for search in ${((Date.now() - started) / 1000).toFixed(1)} s; the index takes ${(size / 1048576).toFixed(1)} MiB\n`,
  );
}

const say = (line: string) => process.stdout.write(`${line}\n`);

/** The command line acts as the system principal `cli`; its writes are audited as such. */
const cli = systemPrincipal('cli');

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      stories: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      language: { type: 'string' },
      uploads: { type: 'string' },
      timezone: { type: 'string' },
      charset: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (!command || values.help) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const composed = await compose(config);
  try {
    const { services } = composed;
    switch (command) {
      case 'migrate':
        if (values.to) {
          await migrateTo(composed.database, values.to, say);
          return 0;
        }
        process.stdout.write('migrations applied\n');
        return 0;
      case 'import':
        if (sub === 'jsonl') await importJsonlCommand(composed.database, arg, say);
        else
          await importCommand(
            services.imports,
            cli,
            sub,
            arg,
            values,
            { language: config.languages[0]!, timeZone: config.timeZone },
            say,
          );
        await reindex(composed, false);
        return 0;
      case 'export':
        await exportCommand(composed.database, services.imports, values.format, sub, say);
        return 0;
      case 'backup':
      case 'restore': {
        if (!sub) {
          process.stderr.write(`${command} takes a folder: npm run cli -- ${command} DIR\n`);
          return 2;
        }
        if (command === 'backup') await backup(composed.database, config.dataDir, sub, say);
        else {
          await restore(composed.database, config.dataDir, sub, values.force === true, say);
          await reindex(composed, false);
        }
        return 0;
      }
      case 'seed': {
        const n = values.stories === undefined ? null : Number(values.stories);
        if (n !== null && (!Number.isSafeInteger(n) || n <= 0)) {
          process.stderr.write('--stories takes a positive whole number\n');
          return 2;
        }
        const bar = progressBar('seeding');
        const started = Date.now();
        if (n === null) {
          if (!(await services.seed.isEmpty())) {
            process.stderr.write('the site already has content; use --stories N to add generated stories\n');
            return 2;
          }
          const { stories } = await services.seed.seedDemo({ onProgress: bar.update });
          process.stdout.write(`demo newsroom created: ${stories} stories in ${Date.now() - started} ms\n`);
        } else {
          await services.seed.seedBulk(n, bar.update);
          process.stdout.write(`${n} stories added in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
        }
        await reindex(composed, false);
        return 0;
      }
      case 'search':
        if (sub !== 'reindex') {
          process.stderr.write(HELP);
          return 2;
        }
        await reindex(composed, true);
        return 0;
      case 'user':
        return await userCommand(services, sub, values);
      case 'api-key': {
        if (sub === 'create' && arg) {
          const role = (values.role ?? 'administrator') as Role;
          const key = await services.apiKeys.create(cli, arg, role);
          process.stdout.write(
            `created key #${key.id} "${key.name}"; keep it, it is not shown again:\n${key.token}\n`,
          );
          return 0;
        }
        if (sub === 'list') {
          for (const k of await services.apiKeys.list(cli)) {
            const used = k.last_used_at ? new Date(Number(k.last_used_at)).toISOString() : 'never';
            const created = new Date(Number(k.created_at)).toISOString();
            process.stdout.write(`#${k.id}\t${k.name}\tcreated ${created}\tlast used ${used}\n`);
          }
          return 0;
        }
        if (sub === 'revoke' && arg && /^\d{1,10}$/.test(arg)) {
          try {
            await services.apiKeys.revoke(cli, Number(arg));
            process.stdout.write(`key #${arg} revoked\n`);
            return 0;
          } catch (err) {
            if (err instanceof DomainError && err.code === 'API_KEY_NOT_FOUND') {
              process.stdout.write(`no key #${arg}\n`);
              return 1;
            }
            throw err;
          }
        }
        process.stderr.write(HELP);
        return 2;
      }
      default:
        process.stderr.write(`unknown command "${command}"\n\n${HELP}`);
        return 2;
    }
  } finally {
    await composed.close();
  }
}

/** Everything on standard input, without the final line break (a password typed or piped in). */
async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function userCommand(
  services: Awaited<ReturnType<typeof compose>>['services'],
  sub: string | undefined,
  values: { email?: string; role?: string; name?: string },
): Promise<number> {
  try {
    if (sub === 'create' && values.email && values.role) {
      if (process.stdin.isTTY) process.stderr.write('password (at least 12 characters), then Enter: ');
      const password = await readStdin();
      const account = await services.users.create(cli, {
        email: values.email,
        name: values.name ?? values.email.split('@')[0],
        role: values.role,
        password,
      });
      process.stdout.write(`created ${account.role} #${account.id} ${account.email}\n`);
      return 0;
    }
    if (sub === 'reset-link' && values.email) {
      const link = await services.users.resetLink(cli, values.email);
      if (!link) {
        process.stderr.write(`no active account with the email ${values.email}\n`);
        return 1;
      }
      process.stdout.write(`${link}\n(valid once, for one hour)\n`);
      return 0;
    }
    if (sub === 'list') {
      for (const u of await services.users.list(cli)) {
        process.stdout.write(
          `#${u.id}\t${u.role}\t${u.email}\t${u.name}${u.active ? '' : '\t(deactivated)'}\n`,
        );
      }
      return 0;
    }
  } catch (err) {
    if (err instanceof DomainError || err instanceof ZodError) {
      process.stderr.write(
        `${err instanceof ZodError ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : err.message}\n`,
      );
      return 2;
    }
    throw err;
  }
  process.stderr.write(HELP);
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const plain =
      err instanceof ConfigError ||
      err instanceof DomainError ||
      err instanceof CommandError ||
      err instanceof SiteCopyError ||
      err instanceof DumpError ||
      err instanceof WxrError;
    process.stderr.write(plain ? `${err.message}\n` : `${err?.stack ?? err}\n`);
    process.exit(plain ? 2 : 1);
  },
);

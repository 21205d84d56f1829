import { parseArgs } from 'node:util';
import { progressBar } from './cli/progress.ts';
import { compose } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DomainError } from './domain/errors.ts';
import { systemPrincipal } from './domain/principal.ts';

const HELP = `Shpalta command line (uses the same environment as the server: DATABASE_URL, DATA_DIR, …)

  npm run cli -- migrate                     apply database migrations
  npm run cli -- seed [--stories N]          add the demo newsroom to an empty site, or N more
                                             generated stories to any site (scale tests)
  npm run cli -- api-key create <name>       create an Admin API key (printed once)
  npm run cli -- api-key list                list keys (names and dates, never the keys)
  npm run cli -- api-key revoke <id>         revoke a key
`;

/** The command line acts as the system principal `cli`; its writes are audited as such. */
const cli = systemPrincipal('cli');

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { stories: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
        process.stdout.write('migrations applied\n');
        return 0;
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
        return 0;
      }
      case 'api-key': {
        if (sub === 'create' && arg) {
          const key = await services.apiKeys.create(cli, arg);
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

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `${err?.stack ?? err}\n`);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);

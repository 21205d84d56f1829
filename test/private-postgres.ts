import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './harness.ts';

/** Where Debian keeps the PostgreSQL server programs (not on PATH), or null when absent. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

/**
 * A PostgreSQL server of a test's own (`initdb` in a temporary folder, on a free port), so
 * that the test can stop it, kill it or freeze it with signals without touching the
 * machine's shared server. As root, the server runs as the `postgres` account (PostgreSQL
 * refuses to run as root).
 */
export class PrivatePostgres {
  private child: ChildProcess | null = null;
  private readonly dir: string;
  port = 0;

  private constructor(
    private readonly bin: string,
    dir: string,
  ) {
    this.dir = dir;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const bin = postgresBin();
    if (!bin) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-pg-'));
    const server = new PrivatePostgres(bin, dir);
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
    server.run('initdb', [
      '-D',
      path.join(dir, 'data'),
      '-U',
      'postgres',
      '-A',
      'trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    server.port = await freePort();
    await server.start();
    return server;
  }

  /** A server program as the account that owns the data folder. */
  private command(program: string, args: string[]): [string, string[]] {
    const full = path.join(this.bin, program);
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
  }

  private run(program: string, args: string[]): void {
    const [cmd, argv] = this.command(program, args);
    execFileSync(cmd, argv, { stdio: 'ignore' });
  }

  /** Starts the server (again) on the same port and data, and waits until it answers. */
  async start(): Promise<void> {
    const [cmd, argv] = this.command('postgres', [
      '-D',
      path.join(this.dir, 'data'),
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.dir}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=60',
    ]);
    const log = fs.openSync(path.join(this.dir, 'server.log'), 'a');
    const child = spawn(cmd, argv, { stdio: ['ignore', log, log] });
    fs.closeSync(log);
    this.child = child;
    for (;;) {
      if (child.exitCode !== null) {
        const log = fs.readFileSync(path.join(this.dir, 'server.log'), 'utf8').trim().split('\n').slice(-5);
        throw new Error(`postgres exited with ${child.exitCode}: ${log.join(' | ')}`);
      }
      const c = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.query('select 1');
        await c.end();
        return;
      } catch {
        await c.end().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  /** The server's main process (from its lock file) and every process it started. */
  private processes(): number[] {
    let main: number;
    try {
      main = Number(fs.readFileSync(path.join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return [];
    }
    const children = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === main;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [main, ...children];
  }

  private signal(pids: number[], signal: NodeJS.Signals): void {
    for (const pid of pids) {
      try {
        process.kill(pid, signal);
      } catch {
        // Gone already.
      }
    }
  }

  /** Stops the server (a fast shutdown: every connection cut), and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    this.thaw();
    this.signal(this.processes().slice(0, 1), 'SIGINT');
    await gone;
    this.child = null;
  }

  /** Every process of the server stopped (SIGSTOP): connections are accepted, nothing answers. */
  freeze(): void {
    this.signal(this.processes(), 'SIGSTOP');
  }

  thaw(): void {
    this.signal(this.processes(), 'SIGCONT');
    // `runuser` stops itself when the server it runs is stopped: it goes on too.
    if (this.child?.pid) this.signal([this.child.pid], 'SIGCONT');
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

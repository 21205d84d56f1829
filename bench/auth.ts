/**
 * `npm run bench` part: the cost of a password hash (scrypt, the parameters in use) and how
 * many sign-ins one node answers per second, every one a real session.
 */

import { systemPrincipal } from '../src/server/domain/principal.ts';
import { hashPassword, verifyPassword } from '../src/server/modules/users/index.ts';
import { openSite } from '../test/harness.ts';

const PASSWORD = 'вимірювання-входу-до-редакції';

export async function authBench(seconds = Number(process.env.BENCH_SECONDS ?? 8)): Promise<string[][]> {
  const times: number[] = [];
  const stored = await hashPassword(PASSWORD);
  for (let i = 0; i < 20; i++) {
    const t = process.hrtime.bigint();
    await verifyPassword(PASSWORD, stored);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const site = await openSite('sqlite');
  try {
    await site.services.users.create(systemPrincipal('bench'), {
      email: 'bench@news.example.org',
      name: 'Bench',
      role: 'editor',
      password: PASSWORD,
    });
    await site.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = site.app.server.address() as { port: number };
    let ok = 0;
    let other = 0;
    const until = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < until) {
        const res = await fetch(`http://127.0.0.1:${port}/api/admin/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'https://news.example.org' },
          body: JSON.stringify({ email: 'bench@news.example.org', password: PASSWORD }),
        });
        await res.arrayBuffer();
        if (res.status === 200 && res.headers.get('set-cookie')?.includes('shp_session=')) ok++;
        else other++;
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => worker()));
    const rate = ok / ((Date.now() - started) / 1000);
    return [
      [
        'password hash (scrypt N=2^15 r=8 p=3)',
        `median ${times[10]!.toFixed(0)} ms`,
        `min ${times[0]!.toFixed(0)} ms, max ${times[19]!.toFixed(0)} ms`,
        '32 MiB each; OWASP-equivalent parameters',
      ],
      [
        'sign-ins, one node, 8 at a time',
        `${rate.toFixed(1)} sign-ins/s`,
        `${ok} sessions made, ${other} other answers`,
        other === 0 ? 'every one a session' : 'SOME FAILED',
      ],
    ];
  } finally {
    await site.dispose();
  }
}

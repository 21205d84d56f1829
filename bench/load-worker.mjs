// Load generator for bench/run.ts, in its own process so it never shares the server's
// event loop. Reads one JSON argument; prints one JSON line with the results.
// Modes: "get" (same request every time), "beacon" and "vote" (every request from a
// different reader: a distinct X-Forwarded-For address).
import autocannon from 'autocannon';

const o = JSON.parse(process.argv[2]);
// Each run its own readers (a run may follow another within the counting window).
let n = o.firstReader ?? 0;
const nextAddress = () => {
  n++;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};
const ua =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

const requests =
  o.mode === 'get'
    ? undefined
    : [
        {
          method: 'POST',
          path: o.path,
          setupRequest: (req) => ({
            ...req,
            headers: {
              'x-forwarded-for': nextAddress(),
              'user-agent': ua,
              ...(o.mode === 'vote'
                ? {
                    'content-type': 'application/x-www-form-urlencoded',
                    accept: 'application/json',
                    // Sent from the site's own page, as a browser does.
                    origin: o.origin,
                  }
                : {}),
            },
            ...(o.mode === 'vote' ? { body: o.body } : {}),
          }),
        },
      ];

const result = await autocannon({
  url: o.url,
  connections: o.connections,
  duration: o.seconds,
  ...(o.mode === 'get'
    ? { headers: o.encoding === '' ? {} : { 'accept-encoding': o.encoding ?? 'br, gzip' } }
    : { requests }),
});
const by = result.statusCodeStats ?? {};
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(by).map(([k, v]) => [k, v.count])),
  })}\n`,
);

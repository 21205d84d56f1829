// Readers for the live-updates bench, in their own process: N raw TCP connections, each
// asking for the event stream of one language. Tells the parent (IPC) when every stream has
// its first event ("ready"), then when every stream has received a story ("delivered").
import net from 'node:net';

const { port, count, path } = JSON.parse(process.argv[2]);
let ready = 0;
let delivered = 0;
let failed = 0;
const sockets = [];
// Each reader from an address of its own (the site holds at most 32 streams per address).
const request = (i) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nX-Forwarded-For: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}\r\n\r\n`;

function open(i) {
  const s = net.connect(port, '127.0.0.1');
  let seenFirst = false;
  let seenStory = false;
  let tail = '';
  s.setEncoding('utf8');
  s.on('connect', () => s.write(request(i)));
  s.on('data', (chunk) => {
    const text = tail + chunk;
    tail = text.slice(-32);
    if (!seenFirst && text.includes('event: breaking')) {
      seenFirst = true;
      if (++ready === count) process.send({ type: 'ready' });
    }
    if (!seenStory && text.includes('event: story')) {
      seenStory = true;
      if (++delivered === count) process.send({ type: 'delivered' });
    }
  });
  s.on('error', () => {
    failed++;
  });
  sockets[i] = s;
}

// Opened in slices: a listen backlog of 511 is not a flood test.
let next = 0;
function openSome() {
  const until = Math.min(count, next + 200);
  for (; next < until; next++) open(next);
  if (next < count) setTimeout(openSome, 5);
}
openSome();

process.on('message', (m) => {
  if (m.type === 'status') process.send({ type: 'status', ready, delivered, failed });
  if (m.type === 'close') {
    for (const s of sockets) s?.destroy();
    process.exit(0);
  }
});

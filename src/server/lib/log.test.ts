import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, logFormatFor, prettyLine } from './log.ts';

const at = new Date(2026, 2, 1, 9, 5, 7, 42).getTime();

test('a pretty line: time, level, message, then the fields, the request id first', () => {
  const line = prettyLine(
    JSON.stringify({
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      principal: 'api-key:desk',
      reqId: 'abc-123',
      n: 3,
      note: 'two words',
      obj: { a: 1 },
      msg: 'admin api call',
    }),
  );
  assert.equal(
    line,
    '09:05:07.042 INFO  admin api call reqId=abc-123 principal=api-key:desk n=3 note="two words" obj={"a":1}\n',
  );
});

test('levels are named, and coloured only when asked', () => {
  const warn = JSON.stringify({ level: 40, time: at, msg: 'careful' });
  assert.match(prettyLine(warn), /^\d\d:\d\d:\d\d\.\d{3} WARN {2}careful\n$/);
  assert.match(prettyLine(JSON.stringify({ level: 60, time: at, msg: 'x' })), / FATAL x/);
  const coloured = prettyLine(warn, true);
  assert.ok(coloured.includes('\x1b[33mWARN'), JSON.stringify(coloured));
  assert.ok(!prettyLine(warn).includes('\x1b['));
});

test('an error keeps its stack, indented below the line; the line itself stays one line', () => {
  const err = new Error('database unavailable');
  Object.assign(err, { code: 'ECONNREFUSED' });
  const out: string[] = [];
  const logger = createLogger({
    level: 'info',
    format: 'pretty',
    colours: false,
    out: new Writable({
      write(chunk, _enc, done) {
        out.push(String(chunk));
        done();
      },
    }),
  });
  logger.error({ err, reqId: 'r1' }, 'unhandled error\nsecond line');
  const [first, ...rest] = out.join('').trimEnd().split('\n');
  assert.match(
    first!,
    /^\d\d:\d\d:\d\d\.\d{3} ERROR unhandled error\\nsecond line reqId=r1 err="database unavailable" err.code=ECONNREFUSED$/,
  );
  assert.equal(rest[0], '    Error: database unavailable');
  assert.match(rest[1]!, /^ {8}at .*log\.test\.ts/);
});

test('a line that is not JSON is passed through', () => {
  assert.equal(prettyLine('plain text'), 'plain text\n');
  assert.equal(prettyLine('[1,2]\n'), '[1,2]\n');
});

test('pretty at a terminal, JSON otherwise; LOG_FORMAT decides when set', () => {
  assert.equal(logFormatFor(null, { isTTY: true }), 'pretty');
  assert.equal(logFormatFor(null, {}), 'json');
  assert.equal(logFormatFor('json', { isTTY: true }), 'json');
  assert.equal(logFormatFor('pretty', {}), 'pretty');
  const out: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  createLogger({ level: 'info', format: null, out: sink }).info({ a: 1 }, 'hello');
  assert.equal(JSON.parse(out[0]!).msg, 'hello');
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import { loadDesk } from '../src/server/desk/desk.ts';

const quiet = { info() {}, warn() {} };

/**
 * Test processes start together and load one built desk at once: the compressed copies one
 * writes beside the files must never be read by another as files of the desk.
 */
describe('the built desk on disk', () => {
  test('files are read with their compressed copies; temporary files of another process are not files of the desk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shpalta-desk-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>desk</title>');
    const script = 'console.log("desk");'.repeat(50);
    fs.writeFileSync(path.join(dir, 'assets', 'app-abc.js'), script);
    // half-written by another process at the moment of the listing
    fs.writeFileSync(path.join(dir, 'assets', 'app-abc.js.br.4242.x1.tmp'), 'partial');
    const files = await loadDesk(dir, quiet);
    assert.ok(files);
    assert.deepEqual([...files.keys()].sort(), ['/assets/app-abc.js', '/index.html']);
    const app = files.get('/assets/app-abc.js');
    assert.ok(app);
    assert.equal(zlib.brotliDecompressSync(app.br).toString(), script);
    assert.equal(zlib.gunzipSync(app.gzip).toString(), script);
    // kept beside the file, under its final name only
    assert.ok(fs.existsSync(path.join(dir, 'assets', 'app-abc.js.br')));
    const left = fs.readdirSync(path.join(dir, 'assets')).filter((n) => n.endsWith('.tmp'));
    assert.deepEqual(left, ['app-abc.js.br.4242.x1.tmp']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

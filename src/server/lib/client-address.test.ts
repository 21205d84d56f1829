import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { clientAddress } from './client-address.ts';

const request = (xff: string | string[] | undefined, socket = '10.0.0.9') =>
  ({
    headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
    socket: { remoteAddress: socket },
  }) as unknown as IncomingMessage;

test('without a trusted proxy the socket is the client, whatever the headers say', () => {
  assert.equal(clientAddress(request('203.0.113.7'), 0), '10.0.0.9');
});

test('behind one proxy the right-most entry is the client; what the client wrote to its left is ignored', () => {
  assert.equal(clientAddress(request('203.0.113.7'), 1), '203.0.113.7');
  // The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended the address it saw.
  assert.equal(clientAddress(request('1.2.3.4, 203.0.113.7'), 1), '203.0.113.7');
  assert.equal(clientAddress(request('1.2.3.4,5.6.7.8 ,  203.0.113.7'), 1), '203.0.113.7');
  // Several header lines are one list, in order.
  assert.equal(clientAddress(request(['1.2.3.4', '203.0.113.7']), 1), '203.0.113.7');
});

test('behind N proxies (a CDN, then a balancer) the N-th from the right is the client', () => {
  assert.equal(clientAddress(request('1.2.3.4, 203.0.113.7, 198.51.100.2'), 2), '203.0.113.7');
  // A chain shorter than the proxies holds only their entries: its first.
  assert.equal(clientAddress(request('203.0.113.7'), 2), '203.0.113.7');
  // Empty entries are not entries.
  assert.equal(clientAddress(request('1.2.3.4,, 203.0.113.7 ,'), 2), '1.2.3.4');
  assert.equal(clientAddress(request(' ,203.0.113.7, ,'), 3), '203.0.113.7');
});

test('no header, an empty one or a monstrous entry: the socket', () => {
  assert.equal(clientAddress(request(undefined), 1), '10.0.0.9');
  assert.equal(clientAddress(request(' , '), 1), '10.0.0.9');
  assert.equal(clientAddress(request(`1.2.3.4, ${'9'.repeat(500)}`), 1), '10.0.0.9');
});

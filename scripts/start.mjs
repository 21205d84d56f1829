#!/usr/bin/env node
// `npm start` and `npm run cli`: run the built JavaScript (`build/server`), building it first
// when it is missing or older than the sources (a fresh checkout, a `git pull`).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, isStale, OUT_DIR } from './build-server.mjs';

const entry = process.argv[2] === 'cli' ? 'cli' : 'main';
if (entry === 'cli') process.argv.splice(2, 1);
if (isStale()) await buildServer({ quiet: entry === 'cli' });
await import(pathToFileURL(path.join(OUT_DIR, `${entry}.js`)).href);

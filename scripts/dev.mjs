#!/usr/bin/env node
// `npm run dev`: the server restarting on change (port 3000) and the desk with hot reload
// (Vite on port 5173, which passes /api and /media to the server). Ctrl-C stops both.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'src/server/main.ts'], { stdio: 'inherit' }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'src/admin/vite.config.ts'], {
    stdio: 'inherit',
  }),
];
process.stdout.write(
  'desk with hot reload: http://localhost:5173/admin/ (server on http://localhost:3000)\n',
);
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children)
  c.on('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });

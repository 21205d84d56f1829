import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The newsroom desk: built into dist/admin and served by the server at /admin. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../../dist/admin'),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    // `npm run dev`: the desk with hot reload; the API from the server on port 3000.
    proxy: { '/api': 'http://localhost:3000', '/media': 'http://localhost:3000' },
  },
});

import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The console is a static app: built into dist/apps/console, served by serve.mjs, and talking only
// to the gateway, whose URL comes from /config.js at run time (so one build serves every environment).
export default defineConfig({
  root: here('.'),
  publicDir: here('public'),
  plugins: [react()],
  resolve: { alias: { '@garda/contracts': here('../../libs/contracts/src/index.ts') } },
  build: { outDir: here('../../dist/apps/console'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1200 },
  server: { port: 4200, host: '127.0.0.1' },
  preview: { port: 4200, host: '127.0.0.1' },
});

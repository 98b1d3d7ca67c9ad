import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const alias = { '#core': here('./core'), '#renderer': here('./renderer') };

// Three builds into out/: main (ESM, Node), preload (one CommonJS file, since sandboxed preloads cannot load
// ES modules or require anything but electron), renderer (the same React app as vite.web.config.ts).
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: here('./out/main'),
      // zod (through core/ipc) is bundled in, so the packaged app ships no node_modules at all.
      externalizeDeps: false,
      rollupOptions: { input: { index: here('./main/index.ts') }, external: ['electron', /^node:/] },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: here('./out/preload'),
      // Sandboxed: bundle everything into one file; only `electron` stays external.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: here('./preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: here('./renderer'),
    base: './',
    plugins: [react()],
    resolve: { alias },
    worker: { format: 'es' },
    build: {
      outDir: here('./out/renderer'),
      emptyOutDir: true,
      target: 'chrome120',
      rollupOptions: { input: { index: here('./renderer/index.html') } },
    },
  },
});

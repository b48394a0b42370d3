// Builds the renderer (React, TSX through Vite's built-in oxc transform with the automatic runtime)
// into dist/renderer, with relative asset URLs so the packaged app can load it from file://.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
});

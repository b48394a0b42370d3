// `npm run dev`: the Vite dev server for the renderer, the Node bundles for main and preload, then
// Electron pointed at the dev server (KEYDECK_DEV_URL; main honours it only when not packaged).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'vite';

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const server = await createServer({
  configFile: 'vite.config.ts',
  plugins: [
    {
      // Vite's dev client injects <style> tags; allow inline styles in development only.
      name: 'keydeck-dev-csp',
      apply: 'serve',
      transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
    },
  ],
});
await server.listen();
const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
console.log(`renderer dev server: ${url}`);

let electronPath;
try {
  electronPath = createRequire(import.meta.url)('electron');
} catch (err) {
  console.error(`Electron is not installed (${err.message.split('\n')[0]}). The renderer is still served at ${url}.`);
  process.exit(1);
}
const child = spawn(electronPath, ['.'], { stdio: 'inherit', env: { ...process.env, KEYDECK_DEV_URL: url } });
child.on('exit', async (code) => {
  await server.close();
  process.exit(code ?? 0);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));

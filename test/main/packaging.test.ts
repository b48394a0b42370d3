/** Packaging config: the targets the issue names, and the fuses the afterPack hook flips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';

const require = createRequire(import.meta.url);

test('electron-builder.yml: AppImage + deb, dmg, nsis, and the afterPack hook', () => {
  const yml = fs.readFileSync('electron-builder.yml', 'utf8');
  assert.match(yml, /linux:\n\s+target: \[AppImage, deb\]/);
  assert.match(yml, /mac:\n\s+target: dmg/);
  assert.match(yml, /win:\n\s+target: nsis/);
  assert.match(yml, /afterPack: scripts\/after-pack\.cjs/);
  assert.match(yml, /asar: true/);
});

test('afterPack flips RunAsNode, NODE_OPTIONS and inspect off; asar-only and integrity on', () => {
  const hook = require('../../scripts/after-pack.cjs') as {
    FUSES: Record<number, boolean>;
    electronBinary(ctx: unknown): string;
  };
  assert.equal(hook.FUSES[FuseV1Options.RunAsNode], false);
  assert.equal(hook.FUSES[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false);
  assert.equal(hook.FUSES[FuseV1Options.EnableNodeCliInspectArguments], false);
  assert.equal(hook.FUSES[FuseV1Options.OnlyLoadAppFromAsar], true);
  assert.equal(hook.FUSES[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true);
  const ctx = (platform: string) => ({
    appOutDir: '/out',
    electronPlatformName: platform,
    packager: { appInfo: { productFilename: 'Keydeck' }, executableName: 'keydeck-desktop' },
  });
  assert.equal(hook.electronBinary(ctx('linux')), '/out/keydeck-desktop');
  assert.equal(hook.electronBinary(ctx('win32')), '/out/Keydeck.exe');
  assert.equal(hook.electronBinary(ctx('darwin')), '/out/Keydeck.app/Contents/MacOS/Keydeck');
});

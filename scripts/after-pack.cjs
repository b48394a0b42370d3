/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks as CommonJS */
// electron-builder `afterPack` hook: flips Electron's fuses in the packaged binary before signing, so the
// shipped app cannot be turned into a generic Node runtime or debugged through flags and environment.
// See https://www.electronjs.org/docs/latest/tutorial/fuses
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false, // ELECTRON_RUN_AS_NODE is ignored
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false, // NODE_OPTIONS is ignored
  [FuseV1Options.EnableNodeCliInspectArguments]: false, // --inspect and friends are ignored
  [FuseV1Options.OnlyLoadAppFromAsar]: true, // no app folder beside the asar can replace it
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true, // the asar must match its signed hash
  [FuseV1Options.EnableCookieEncryption]: true,
};

/** The Electron executable inside the packed app for each platform. */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const name = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${name}.app`, 'Contents', 'MacOS', name);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${name}.exe`);
  return path.join(appOutDir, packager.executableName);
}

async function afterPack(context) {
  const binary = electronBinary(context);
  const isMac = context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas';
  await flipFuses(binary, { ...FUSES, resetAdHocDarwinSignature: isMac && context.arch === 3 /* arm64 */ });
  console.log(`  • fuses flipped in ${path.basename(binary)}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.FUSES = FUSES;
module.exports.electronBinary = electronBinary;

/** The scan and projects stores from their empty states: input checks and error paths. */
import assert from 'node:assert/strict';
import { beforeEach, mock, test } from 'node:test';
import { useApp } from '../../renderer/src/stores/app.js';
import { getEmptyState as emptyProjects, useProjects } from '../../renderer/src/stores/projects.js';
import { getEmptyState as emptyScan, useScan } from '../../renderer/src/stores/scan.js';
import { ipcError, stubKeydeck } from './stub.js';

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  useScan.setState({ ...emptyScan(), job: undefined, error: undefined, hook: undefined });
  useProjects.setState({ ...emptyProjects(), importError: undefined, importNeeds: undefined, result: undefined });
  useApp.setState({ activeId: 'ws-1', workspaces: [] });
});
test.afterEach(() => mock.timers.reset());

test('scan empty state: no path, no job, not running', () => {
  assert.deepEqual(emptyScan(), { path: '', git: false, includeIgnored: false, starting: false });
  assert.equal(useScan.getState().job, undefined);
});

test('scan: an empty path is refused before calling main', async () => {
  stubKeydeck({});
  await useScan.getState().start();
  assert.equal(useScan.getState().error?.code, 'INVALID_INPUT');
  assert.equal(useScan.getState().starting, false);
  useScan.getState().setPath('~/code');
  assert.equal(useScan.getState().error, undefined);
});

test("scan: main's refusal lands in the error, not in a job", async () => {
  stubKeydeck({
    work: {
      scan: {
        start: async () => Promise.reject(ipcError('INVALID_INPUT', 'No such file or folder.', 'path')),
        onProgress: () => () => undefined,
      },
    },
  });
  useScan.getState().setPath('/nope');
  await useScan.getState().start();
  const s = useScan.getState();
  assert.equal(s.error?.message, 'No such file or folder.');
  assert.equal(s.starting, false);
  assert.equal(s.job, undefined);
});

test('projects empty state: nothing selected, the default command, no import under way', () => {
  const e = emptyProjects();
  assert.deepEqual(e.selected, []);
  assert.equal(typeof e.command, 'string');
  assert.deepEqual(
    { saving: e.saving, exporting: e.exporting, importPath: e.importPath, importBusy: e.importBusy },
    { saving: false, exporting: false, importPath: '', importBusy: false },
  );
});

test('projects: toggling a key selects and unselects it', () => {
  useProjects.getState().toggle('OpenAI');
  assert.deepEqual(useProjects.getState().selected, ['OpenAI']);
  useProjects.getState().toggle('OpenAI');
  assert.deepEqual(useProjects.getState().selected, []);
});

test('projects: opening a backup needs a path, and a bad file keeps the error without a preview', async () => {
  stubKeydeck({});
  await useProjects.getState().openBackup();
  assert.equal(useProjects.getState().importError?.code, 'INVALID_INPUT');
  stubKeydeck({
    work: {
      backup: {
        inspect: async () => Promise.reject(ipcError('UNSUPPORTED_FORMAT', 'This is not an age-encrypted file.')),
      },
    },
  });
  useProjects.getState().setImportPath('~/notes.txt');
  assert.equal(useProjects.getState().importError, undefined);
  await useProjects.getState().openBackup();
  const s = useProjects.getState();
  assert.equal(s.importBusy, false);
  assert.equal(s.importError?.message, 'This is not an age-encrypted file.');
  assert.equal(s.importNeeds, undefined);
});

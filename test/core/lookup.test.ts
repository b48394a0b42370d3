/**
 * `lookup` (electron/core/rules.ts) answers the same whether it scans (the first lookup in a loaded
 * catalog: a one-shot command looks one name up) or uses the index (built on the second).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lookup } from '../../electron/core/rules.js';
import type { CatalogData } from '../../shared/domain.js';
import { credFor } from '../harness/credential.js';

function catalog(): CatalogData {
  const a = credFor('openai', { id: 'id-a', name: 'OpenAI', workspaceId: 'w1' });
  const b = credFor('custom', { id: 'id-b', name: 'id-a', workspaceId: 'w1' }); // named like a's id
  const c = credFor('custom', { id: 'id-c', name: 'OpenAI', workspaceId: 'w2' });
  const d = credFor('custom', { id: 'id-d', name: 'Café', workspaceId: 'w1' });
  return { credentials: [a, b, c, d] } as unknown as CatalogData;
}

const cases: [string, string, string | undefined][] = [
  ['w1', 'OpenAI', 'id-a'],
  ['w2', 'OpenAI', 'id-c'],
  ['w1', 'id-a', 'id-b'], // a name wins over an id
  ['w1', 'id-d', 'id-d'], // by id
  ['w2', 'id-a', undefined], // an id in another workspace
  ['w1', 'Cafe\u0301', 'id-d'], // NFC
  ['w1', 'nope', undefined],
];

test('the first lookup (a scan) and later ones (the index) give the same answers', () => {
  for (const [ws, q, want] of cases) {
    const data = catalog();
    const first = lookup(data, ws, q)?.id;
    const second = lookup(data, ws, q)?.id;
    const third = lookup(data, ws, q)?.id;
    assert.equal(first, want, `scan: ${ws}/${q}`);
    assert.equal(second, want, `index: ${ws}/${q}`);
    assert.equal(third, want, `index again: ${ws}/${q}`);
  }
});

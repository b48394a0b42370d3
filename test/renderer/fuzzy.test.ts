/**
 * The one matcher of the palette and the list search (renderer/src/lib/fuzzy.ts): the queries,
 * ranking (favourites, recents, then match quality), and hostile queries (issue 11, bad input).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credFor } from '../harness/credential.js';
import { MAX_TERMS, queryTerms, searchCredentials } from '../../renderer/src/lib/fuzzy.js';
import { filterCredentials } from '../../renderer/src/lib/filter.js';
import { fakeCredential } from '../harness/fake-credential.js';

const items = [
  credFor('openai', {
    id: 'oa',
    name: 'OpenAI',
    tags: ['prod'],
    displayPrefix: 'sk-proj-Ab…9z',
    fingerprint: 'c0ffee12',
  }),
  credFor('openai', { id: 'oa-dev', name: 'OpenAI dev', tags: ['dev'] }),
  credFor('inworld', { id: 'iw', name: 'Inworld prod', tags: ['prod', 'eu'] }),
  credFor('inworld', { id: 'iw-s', name: 'Inworld staging', tags: ['staging'] }),
  credFor('groq', { id: 'gq', name: 'Groq', envVar: 'GROQ_API_KEY' }),
  credFor('anthropic', { id: 'an', name: 'Claude (team)', tags: ['prod'] }),
  credFor('custom', { id: 'cafe', name: 'Café Svc', envVar: 'CAFE_KEY' }),
];
const names = (q: string, o = {}) => searchCredentials(items, q, o).map((c) => c.name);

test('the issue’s queries find things', () => {
  assert.deepEqual(names('#prod').sort(), ['Claude (team)', 'Inworld prod', 'OpenAI'].sort());
  assert.deepEqual(names('prod').sort(), names('#prod').sort(), 'tags with or without #');
  assert.ok(names('oai').includes('OpenAI'), 'oai finds OpenAI');
  assert.deepEqual(names('open prod'), ['OpenAI']);
  assert.deepEqual(names('prod inworld'), ['Inworld prod'], 'words in any order');
  assert.deepEqual(names('GROQ_API'), ['Groq'], 'env var');
  assert.deepEqual(names('c0ffee'), ['OpenAI'], 'fingerprint');
  assert.deepEqual(names('sk-proj'), ['OpenAI'], 'prefix');
  assert.deepEqual(names('anthropic'), ['Claude (team)'], 'provider');
  assert.deepEqual(names('café'), ['Café Svc'], 'non-ASCII letters');
  assert.deepEqual(names('zzz'), []);
});

test('ranking: favourites, then recents, then a name that starts with the query', () => {
  assert.deepEqual(names('openai').slice(0, 2), ['OpenAI', 'OpenAI dev']);
  const boosted = names('openai', { favourites: new Set(['oa-dev']) });
  assert.equal(boosted[0], 'OpenAI dev');
  const recent = names('inworld', { recents: new Map([['iw-s', 0]]) });
  assert.deepEqual(recent, ['Inworld staging', 'Inworld prod']);
  const opening = searchCredentials(items, '', {
    boostEmpty: true,
    favourites: new Set(['gq']),
    recents: new Map([['an', 0]]),
  }).map((c) => c.id);
  assert.deepEqual(opening.slice(0, 2), ['gq', 'an']);
  assert.deepEqual(
    searchCredentials(items, '').map((c) => c.id),
    items.map((c) => c.id),
    'no query, no boosts: the list order stays',
  );
});

test('hostile queries: 10,000 characters, control characters, regex metacharacters', () => {
  const long = 'open '.repeat(2000);
  assert.equal(long.length, 10_000);
  assert.ok(queryTerms(long).length <= MAX_TERMS);
  assert.deepEqual(names(long).slice(0, 2), ['OpenAI', 'OpenAI dev']);
  assert.deepEqual(names('x'.repeat(10_000)), []);
  assert.deepEqual(names('\u0000open\u0007\t\u001bprod\u200b\r\n'), ['OpenAI'], 'control characters are ignored');
  for (const q of ['(((', '.*', '[', '\\', '$^', '+?', '|', '(?<_>)', '\\', '#', '**', ')', '{,}']) {
    assert.deepEqual(names(q), [], `${q} matches nothing and does not throw`);
  }
  assert.deepEqual(names('claude (team)'), ['Claude (team)'], 'brackets around words are separators');
  assert.deepEqual(names('(?<groq>)'), ['Groq'], 'letters inside metacharacters are letters');
  assert.deepEqual(names('sk-proj-ab…9z c0ffee12 openai prod'), ['OpenAI'], 'long words match as typed');
});

test('the list search uses the same matcher, after the filters', () => {
  const r = filterCredentials(items, 'prod', { provider: 'inworld' }).map((c) => c.name);
  assert.deepEqual(r, ['Inworld prod']);
  assert.deepEqual(
    filterCredentials(items, 'oai', {}).map((c) => c.name),
    names('oai'),
  );
  assert.equal(filterCredentials(items, '', {}), items, 'no query, no filter: the same list');
});

test('typing on narrows the last matches: the same results as a fresh search, at every keystroke', () => {
  const many = Array.from({ length: 2000 }, (_, i) => fakeCredential(i, 'ws'));
  const boosts = { favourites: new Set([many[1234]!.id]), recents: new Map([[many[77]!.id, 0]]) };
  const typed = [
    's',
    'se',
    'ser',
    'serv',
    'serv p',
    'serv pr',
    'serv prod',
    'serv prod 1',
    'serv prod 12',
    'serv',
    'o',
  ];
  for (const q of [...typed, 'team-3', 'team-3 ', 'team-3 ci', 'ik-', 'zz', 'zz-none', '#prod', '#prod team']) {
    const incremental = searchCredentials(many, q, boosts).map((c) => c.id);
    // A copy of the list is a different list: searched from scratch.
    const fresh = searchCredentials([...many], q, boosts).map((c) => c.id);
    assert.deepEqual(incremental, fresh, `"${q}"`);
  }
});

test('the palette’s opening list: starred, then recent, then the list order, without sorting everything', () => {
  const many = Array.from({ length: 500 }, (_, i) => fakeCredential(i, 'ws'));
  const opts = {
    boostEmpty: true,
    favourites: new Set([many[400]!.id, many[9]!.id]),
    recents: new Map([
      [many[300]!.id, 0],
      [many[9]!.id, 1],
      [many[5]!.id, 2],
    ]),
  };
  const got = searchCredentials(many, '', { ...opts, limit: 6 }).map((c) => many.indexOf(c));
  assert.deepEqual(got, [9, 400, 300, 5, 0, 1]);
  const narrowed = searchCredentials(many, '', { ...opts, candidates: [1, 5, 400] }).map((c) => many.indexOf(c));
  assert.deepEqual(narrowed, [400, 5, 1]);
});

/**
 * The team vault (issue 13): a workspace linked to a git + age store that passage and `age` read too.
 * Every change to the store is a commit naming the credential and the action, never a value; `sync`
 * is fetch, rebase, apply, push (retried when the remote moved meanwhile); `status` compares each
 * shared credential with what this machine last saw in sync (state.ts) to say who changed it.
 */
import path from 'node:path';
import type { Credential, Workspace } from '../../../shared/domain.js';
import { KeydeckError } from '../../../shared/errors.js';
import { activeVersionOf, stillExposed } from '../../../shared/team.js';
import { importBackup } from '../backup/merge.js';
import type { BackupDocument } from '../backup/format.js';
import { wiringOf, type CoreParts } from '../core-parts.js';
import { TimeSlice } from '../time-slice.js';
import { resolveWorkspace } from '../workspaces.js';
import { decodeEntry, encodeEntry, openFile, sealFile, type TeamEntry } from './codec.js';
import { fromEntry, signature, toEntry } from './entry.js';
import { gitBlob } from './git.js';
import { exportIdentity, myIdentity } from './identity.js';
import { credentialPath, encodeSegment, parseCredentialPath } from './names.js';
import {
  RECIPIENTS_FILE,
  formatRecipients,
  isRecipient,
  parseRecipients,
  readStoreFile,
  recipientsFor,
  type Member,
} from './recipients.js';
import { TeamState, cleanExposure, type TeamLink } from './state.js';
import { Store, isRemote } from './store.js';

export type ItemState = 'in-sync' | 'local-newer' | 'team-newer' | 'conflict' | 'unreadable';

export interface StatusItem {
  name: string;
  path: string;
  state: ItemState;
  /** A removed member could read it: rotate the key (git history keeps the old ciphertexts). */
  exposed?: boolean;
  /** Why a file is unreadable, or what a team-side change was (`new`, `removed`). */
  detail?: string;
}

export interface SyncReport {
  applied: string[];
  pushed: string[];
  unshared: string[];
  conflicts: string[];
  unreadable: { path: string; reason: string }[];
  retries: number;
}

type Side = 'mine' | 'theirs';

const MAX_ATTEMPTS = 4;

/** A team-side credential to apply here: where it came from, and what it holds once decrypted. */
interface IncomingEntry {
  path: string;
  oid: string;
  id?: string;
  credential: Credential;
  secrets: { version: number; secret: string }[];
  exposed?: string;
}

export class TeamService {
  private readonly state: TeamState;

  constructor(private readonly core: CoreParts) {
    this.state = new TeamState(wiringOf(core).catalog, core.home);
  }

  private get wiring() {
    return wiringOf(this.core);
  }

  private ws(workspace?: string): Workspace {
    return resolveWorkspace(this.wiring.catalog.read(), workspace);
  }

  private async linked(workspace?: string): Promise<{ ws: Workspace; link: TeamLink; store: Store }> {
    const ws = this.ws(workspace);
    const link = await this.state.link(ws.id);
    if (!link) {
      throw new KeydeckError(
        'TEAM_NOT_LINKED',
        `Workspace "${ws.name}" is not linked to a team store. Run: keydeck team init DIR|GIT_URL`,
      );
    }
    const store = new Store(link.store);
    store.checkFormat();
    return { ws, link, store };
  }

  /** One team operation at a time per home (across processes). */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    return this.wiring.catalog.withKeyLock('team', fn);
  }

  /** The workspace's link (its store's folder here), or undefined when it has none; no git, no age. */
  async linkInfo(opts: { workspace?: string } = {}): Promise<{ workspace: string; store?: string }> {
    const ws = this.ws(opts.workspace);
    const link = await this.state.link(ws.id);
    return { workspace: ws.name, ...(link ? { store: link.store } : {}) };
  }

  /** My recipient (`age1…`); creates my identity on first use. */
  async whoami(): Promise<{ recipient: string; created: boolean }> {
    const { recipient, created } = await myIdentity(this.wiring.vault);
    return { recipient, created };
  }

  /** Writes my identity to an age identity file (mode 0600, never over a file), for `age -d -i` or passage. */
  exportIdentity(file: string): Promise<string> {
    return exportIdentity(this.wiring.vault, file);
  }

  /** Links a workspace to a store: a folder (created as a git repository if needed) or a remote to clone. */
  init(
    target: string,
    opts: { workspace?: string } = {},
  ): Promise<{ store: string; cloned: boolean; workspace: string }> {
    return this.locked(async () => {
      const ws = this.ws(opts.workspace);
      if (await this.state.link(ws.id)) {
        throw new KeydeckError('TEAM_ALREADY_LINKED', `Workspace "${ws.name}" is already linked to a team store.`);
      }
      const { recipient } = await myIdentity(this.wiring.vault);
      const me: Member = { recipient, name: 'me' };
      let store: Store;
      const cloned = isRemote(target);
      if (cloned) {
        store = await Store.clone(target, path.join(this.core.home, 'team', 'stores', ws.id));
        store.checkFormat();
        if (!(await store.head())) {
          await store.seed(me);
          if ((await store.push()) !== 'ok')
            throw new KeydeckError('TEAM_REMOTE_FAILED', 'The team remote moved while it was created; run init again.');
        }
      } else {
        store = new Store(path.resolve(target));
        store.checkFormat();
        await store.create(me);
      }
      await this.state.save(ws.id, {
        store: store.root,
        folder: encodeSegment(ws.name),
        head: '',
        shared: {},
        exposed: {},
      });
      return { store: store.root, cloned, workspace: ws.name };
    });
  }

  async members(opts: { workspace?: string } = {}): Promise<Member[]> {
    const { store } = await this.linked(opts.workspace);
    return parseRecipients(readStoreFile(path.join(store.root, RECIPIENTS_FILE)) ?? '', RECIPIENTS_FILE);
  }

  /** Adds a member and re-encrypts every file to the new recipients, so the member can read them. */
  memberAdd(
    recipient: string,
    name: string,
    opts: { workspace?: string } = {},
  ): Promise<{ reencrypted: number; unreadable: string[] }> {
    return this.locked(async () => {
      if (!isRecipient(recipient)) {
        throw new KeydeckError(
          'TEAM_BAD_RECIPIENT',
          `Not an X25519 age recipient (age1… with 58 more characters): ${JSON.stringify(recipient.slice(0, 24))}.`,
        );
      }
      const clean = name.trim();
      if (!clean || /[\r\n]/.test(clean)) throw new KeydeckError('INVALID_NAME', 'Give the member a one-line --name.');
      const members = await this.members(opts);
      if (members.some((m) => m.recipient === recipient))
        throw new KeydeckError('TEAM_MEMBER_EXISTS', 'That recipient is already a member.');
      if (members.some((m) => m.name === clean))
        throw new KeydeckError('TEAM_MEMBER_EXISTS', `A member is already named "${clean}".`);
      return this.rewriteMembers([...members, { recipient, name: clean }], `keydeck: add member "${clean}"`, opts);
    });
  }

  /**
   * Removes a member: every file is re-encrypted to the remaining recipients, and every credential the
   * member could read is marked "exposed: rotate" (git history keeps the old ciphertexts).
   */
  memberRm(
    name: string,
    opts: { workspace?: string } = {},
  ): Promise<{ reencrypted: number; exposed: string[]; unreadable: string[] }> {
    return this.locked(async () => {
      const members = await this.members(opts);
      const gone = members.find((m) => m.name === name || m.recipient === name);
      if (!gone)
        throw new KeydeckError(
          'TEAM_MEMBER_NOT_FOUND',
          `No member named "${name}" (${members.map((m) => m.name).join(', ')}).`,
        );
      const rest = members.filter((m) => m !== gone);
      if (!rest.length) throw new KeydeckError('INVALID_INPUT', 'The store needs at least one member.');
      const at = new Date().toISOString();
      const exposed: string[] = [];
      const r = await this.rewriteMembers(rest, `keydeck: remove member "${gone.name}"`, opts, (entry, rel) => {
        entry.fields.set('exposed', `v${entry.fields.get('version') ?? '1'} member ${gone.name} removed ${at}`);
        exposed.push(parseCredentialPath(rel).name);
      });
      return { ...r, exposed };
    });
  }

  private async rewriteMembers(
    members: Member[],
    message: string,
    opts: { workspace?: string },
    mark?: (entry: TeamEntry, rel: string) => void,
  ): Promise<{ reencrypted: number; unreadable: string[] }> {
    const { ws, link, store } = await this.linked(opts.workspace);
    const { identity } = await myIdentity(this.wiring.vault);
    store.write(RECIPIENTS_FILE, formatRecipients(members));
    const changed = [RECIPIENTS_FILE];
    const unreadable: string[] = [];
    const slice = new TimeSlice();
    for (const t of await store.tree('HEAD')) {
      await slice.tick();
      if (!t.path.endsWith('.age')) continue;
      parseCredentialPath(t.path);
      const { file, members: to } = recipientsFor(store.root, t.path);
      if (file !== RECIPIENTS_FILE) continue;
      let entry: TeamEntry;
      try {
        entry = decodeEntry(await openFile(await gitBlob(store.root, t.oid), identity, t.path), t.path);
      } catch (err) {
        if (!(err instanceof KeydeckError)) throw err;
        unreadable.push(`${t.path}: ${err.message}`);
        continue;
      }
      mark?.(entry, t.path);
      store.write(
        t.path,
        await sealFile(
          encodeEntry(entry),
          to.map((m) => m.recipient),
        ),
      );
      changed.push(t.path);
    }
    await store.commit(changed, message);
    if (mark) this.recordExposure(link, message);
    await this.rebaseBlobs(link, store, changed);
    await this.state.save(ws.id, link);
    return { reencrypted: changed.length - 1, unreadable };
  }

  /** Records the bases of files this machine rewrote itself (their blobs changed, not their content). */
  private async rebaseBlobs(link: TeamLink, store: Store, paths: readonly string[]): Promise<void> {
    const blobs = new Map((await store.tree('HEAD')).map((t) => [t.path, t.oid]));
    const set = new Set(paths);
    for (const base of Object.values(link.shared))
      if (set.has(base.path)) base.blob = blobs.get(base.path) ?? base.blob;
  }

  /** Marks every credential this machine shares as exposed to a removed member (named in `message`). */
  private recordExposure(link: TeamLink, message: string): void {
    const at = new Date().toISOString();
    const member = /"(.*)"$/.exec(message)?.[1] ?? 'a removed member';
    for (const id of Object.keys(link.shared)) {
      const cred = this.core.credentials.byId(id);
      if (cred) link.exposed[id] = { version: activeVersionOf(cred), member, at };
    }
  }

  /**
   * Puts credentials in the store, one commit naming them all (`all`: every credential of the workspace
   * not shared yet). Files are sealed with native crypto (seal.ts), yielding to the event loop between
   * slices; one keychain search reads every secret.
   */
  share(names: readonly string[], opts: { workspace?: string; all?: boolean } = {}): Promise<{ shared: string[] }> {
    return this.locked(async () => {
      const { ws, link, store } = await this.linked(opts.workspace);
      const creds = opts.all
        ? this.core.credentials.list({ workspace: ws.id }).filter((c) => !link.shared[c.id])
        : names.map((n) => this.core.credentials.get(n, ws.id));
      if (!creds.length) return { shared: [] };
      const paths: string[] = [];
      const secrets = await this.secretsOf(creds);
      const slice = new TimeSlice();
      for (const cred of creds) {
        await slice.tick();
        if (link.shared[cred.id]) {
          throw new KeydeckError(
            'TEAM_ALREADY_SHARED',
            `"${cred.name}" is already shared; keydeck team sync carries its changes.`,
          );
        }
        const rel = `${link.folder}/${credentialPath(ws.name, cred.name).split('/')[1]}`;
        const taken = Object.entries(link.shared).find(([id, b]) => b.path === rel && id !== cred.id);
        if (taken) throw new KeydeckError('DUPLICATE_NAME', `Another credential is shared as ${rel}.`);
        await this.writeFile(store, link, cred, rel, secrets);
        paths.push(rel);
      }
      const list = creds.map((c) => JSON.stringify(c.name));
      const msg =
        list.length <= 3
          ? `keydeck: share ${list.join(', ')}`
          : `keydeck: share ${list.length} credentials\n\n${list.join('\n')}`;
      await store.commit(paths, msg);
      const blobs = new Map((await store.tree('HEAD')).map((t) => [t.path, t.oid]));
      creds.forEach(
        (c, i) =>
          (link.shared[c.id] = {
            path: paths[i]!,
            blob: blobs.get(paths[i]!) ?? '',
            sig: signature(this.fresh(c.id)!),
          }),
      );
      await this.state.save(ws.id, link);
      return { shared: creds.map((c) => c.name) };
    });
  }

  /** Takes credentials out of the store (they stay on every machine that has them). */
  unshare(names: readonly string[], opts: { workspace?: string } = {}): Promise<{ unshared: string[] }> {
    return this.locked(async () => {
      const { ws, link, store } = await this.linked(opts.workspace);
      const out: string[] = [];
      const paths: string[] = [];
      for (const n of names) {
        const cred = this.core.credentials.get(n, ws.id);
        const base = link.shared[cred.id];
        if (!base) throw new KeydeckError('TEAM_NOT_SHARED', `"${cred.name}" is not shared with the team.`);
        store.remove(base.path);
        paths.push(base.path);
        out.push(cred.name);
        delete link.shared[cred.id];
        delete link.exposed[cred.id];
      }
      await store.commit(paths, `keydeck: unshare ${out.map((n) => JSON.stringify(n)).join(', ')}`);
      await this.state.save(ws.id, link);
      return { unshared: out };
    });
  }

  /** The credential as the catalog holds it now, with versions past their overlap shown retired. */
  private fresh(id: string): Credential | undefined {
    return this.core.credentials.byId(id);
  }

  /** The secrets of every version a team file carries, from one keychain search, by `id/version`. */
  private async secretsOf(creds: readonly Credential[]): Promise<Map<string, string>> {
    const want = creds.flatMap((cred) =>
      cred.versions.filter((v) => v.status !== 'retired').map((v) => ({ cred, version: v.version })),
    );
    const got = await this.core.credentials.readVersions(want);
    const out = new Map<string, string>();
    got.forEach((r, i) => {
      const w = want[i]!;
      if ('error' in r) throw r.error;
      out.set(`${w.cred.id}/${w.version}`, r.secret);
    });
    return out;
  }

  private async writeFile(
    store: Store,
    link: TeamLink,
    cred: Credential,
    rel: string,
    known?: Map<string, string>,
  ): Promise<void> {
    const secrets = known ?? (await this.secretsOf([cred]));
    const entry = toEntry(cred, (v) => secrets.get(`${cred.id}/${v}`)!);
    const exp = link.exposed[cred.id];
    if (exp && stillExposed(cred, exp))
      entry.fields.set('exposed', `v${exp.version} member ${exp.member} removed ${exp.at}`);
    const { members } = recipientsFor(store.root, rel);
    store.write(
      rel,
      await sealFile(
        encodeEntry(entry),
        members.map((m) => m.recipient),
      ),
    );
  }

  /** Each shared credential's state against the team's last known commit (fetching first unless `offline`). */
  status(opts: { workspace?: string; offline?: boolean } = {}): Promise<StatusItem[]> {
    return this.locked(async () => {
      const { link, store } = await this.linked(opts.workspace);
      if (!opts.offline && (await store.hasRemote())) await store.fetch();
      const upstream = await store.upstream();
      const team = new Map((await store.tree('HEAD')).map((t) => [t.path, t.oid]));
      if (upstream) for (const t of await store.tree(upstream)) team.set(t.path, t.oid);
      return this.classify(link, team).map((c) => c.item);
    });
  }

  private classify(link: TeamLink, team: Map<string, string>): { item: StatusItem; id?: string; oid?: string }[] {
    const out: { item: StatusItem; id?: string; oid?: string }[] = [];
    const known = new Set<string>();
    for (const [id, base] of Object.entries(link.shared)) {
      known.add(base.path);
      const cred = this.fresh(id);
      const oid = team.get(base.path);
      const localChanged = !cred || signature(cred) !== base.sig;
      const teamChanged = oid !== base.blob;
      const state: ItemState =
        localChanged && teamChanged
          ? 'conflict'
          : localChanged
            ? 'local-newer'
            : teamChanged
              ? 'team-newer'
              : 'in-sync';
      const exposed = !!cred && stillExposed(cred, link.exposed[id]);
      const detail = !oid ? 'removed by the team' : !cred ? 'deleted here' : undefined;
      out.push({
        item: {
          name: cred?.name ?? parseCredentialPath(base.path).name,
          path: base.path,
          state,
          ...(exposed ? { exposed } : {}),
          ...(detail ? { detail } : {}),
        },
        id,
        oid,
      });
    }
    for (const [p, oid] of team) {
      if (!p.startsWith(link.folder + '/') || !p.endsWith('.age') || known.has(p)) continue;
      const { name } = parseCredentialPath(p);
      out.push({ item: { name, path: p, state: 'team-newer', detail: 'new from the team' }, oid });
    }
    return out.sort((a, b) => a.item.path.localeCompare(b.item.path));
  }

  /**
   * Pull, apply, push. Team-side changes are applied here; this machine's changes are written to the
   * store and pushed; a credential both sides changed is left alone and reported unless `take` picks a
   * side for it. A file this identity cannot open is reported, and the rest goes on.
   */
  sync(opts: { workspace?: string; take?: { side: Side; name: string } } = {}): Promise<SyncReport> {
    return this.locked(async () => {
      const { ws, link, store } = await this.linked(opts.workspace);
      const report: SyncReport = { applied: [], pushed: [], unshared: [], conflicts: [], unreadable: [], retries: 0 };
      link.branch ??= await store.branch();
      link.remote ??= await store.hasRemote();
      const { branch, remote } = link;
      for (let attempt = 0; ; attempt++) {
        if (remote) await store.fetch();
        const { upstream, ...at } = await store.heads(branch);
        let head = at.head;
        if (
          remote &&
          upstream &&
          upstream === link.head &&
          head === link.head &&
          this.nothingLocal(link) &&
          !opts.take
        ) {
          // Nothing moved on either side: no rebase, no tree walk, no keychain, no write.
          return report;
        }
        if (remote && upstream && upstream !== head) {
          await store.rebase(upstream);
          head = await store.head();
        }
        if (head !== link.head || !this.nothingLocal(link) || opts.take) {
          await this.applyAndWrite(ws, link, store, report, opts.take);
        }
        await this.state.save(ws.id, link);
        if (!remote) break;
        const pushed = (await store.heads(branch)).head === upstream ? 'ok' : await store.push();
        if (pushed === 'ok') break;
        if (attempt + 1 >= MAX_ATTEMPTS) {
          throw new KeydeckError('TEAM_REMOTE_FAILED', 'The team remote kept moving; try the sync again.');
        }
        report.retries++;
      }
      const after = await store.heads(branch);
      link.head = after.head;
      await this.state.save(ws.id, link);
      return report;
    });
  }

  private nothingLocal(link: TeamLink): boolean {
    for (const [id, base] of Object.entries(link.shared)) {
      const c = this.fresh(id);
      if (!c || signature(c) !== base.sig) return false;
    }
    return true;
  }

  private async applyAndWrite(
    ws: Workspace,
    link: TeamLink,
    store: Store,
    report: SyncReport,
    take?: { side: Side; name: string },
  ): Promise<void> {
    const team = new Map((await store.tree('HEAD')).map((t) => [t.path, t.oid]));
    const items = this.classify(link, team);
    const { identity } = await myIdentity(this.wiring.vault);
    const incoming: IncomingEntry[] = [];
    const writes: string[] = [];
    const written: string[] = [];
    for (const { item, id, oid } of items) {
      let state = item.state;
      if (state === 'conflict' && take && take.name === item.name)
        state = take.side === 'mine' ? 'local-newer' : 'team-newer';
      if (state === 'conflict') report.conflicts.push(item.name);
      else if (state === 'team-newer' && !oid) {
        // Unshared by a teammate: the credential stays here, no longer shared.
        delete link.shared[id!];
        delete link.exposed[id!];
        report.unshared.push(item.name);
      } else if (state === 'team-newer') {
        try {
          const entry = decodeEntry(await openFile(await gitBlob(store.root, oid!), identity, item.path), item.path);
          const { name } = parseCredentialPath(item.path);
          const existing = id ? this.fresh(id) : undefined;
          const got = fromEntry(entry, { workspaceId: ws.id, name, path: item.path }, existing);
          incoming.push({ path: item.path, oid: oid!, id, ...got, exposed: entry.fields.get('exposed') });
        } catch (err) {
          if (!(err instanceof KeydeckError)) throw err;
          report.unreadable.push({ path: item.path, reason: err.message });
        }
      } else if (state === 'local-newer') {
        const cred = this.fresh(id!);
        if (!cred) {
          store.remove(item.path);
          delete link.shared[id!];
        } else await this.writeFile(store, link, cred, item.path);
        writes.push(item.path);
        written.push(item.name);
      }
    }
    if (incoming.length) await this.apply(ws, link, incoming, report);
    if (writes.length) {
      const list = written.map((n) => JSON.stringify(n));
      await store.commit(
        writes,
        list.length <= 3
          ? `keydeck: update ${list.join(', ')}`
          : `keydeck: update ${list.length} credentials\n\n${list.join('\n')}`,
      );
      const blobs = new Map((await store.tree('HEAD')).map((t) => [t.path, t.oid]));
      for (const [id, base] of Object.entries(link.shared)) {
        if (!writes.includes(base.path)) continue;
        const c = this.fresh(id);
        link.shared[id] = { path: base.path, blob: blobs.get(base.path) ?? '', sig: c ? signature(c) : '' };
      }
      report.pushed.push(...written);
    }
  }

  /** Applies team-side credentials through the backup import (same checks, keychain-first write order). */
  private async apply(ws: Workspace, link: TeamLink, incoming: IncomingEntry[], report: SyncReport): Promise<void> {
    const doc: BackupDocument = {
      keydeck: 'backup',
      format: 1,
      createdAt: new Date().toISOString(),
      workspace: ws.name,
      workspaces: [ws],
      credentials: incoming.map((i) => i.credential),
      secrets: incoming.flatMap((i) => i.secrets.map((s) => ({ credentialId: i.credential.id, ...s }))),
      signingKeys: [],
      signingSecrets: [],
      revocations: [],
    };
    const r = await importBackup(this.core, doc, { overwrite: () => true });
    const skipped = new Map(r.skipped.filter((s) => s.reason !== 'unchanged').map((s) => [s.name, s.reason]));
    for (const i of incoming) {
      const why = skipped.get(i.credential.name);
      if (why) {
        report.unreadable.push({ path: i.path, reason: why });
        continue;
      }
      const now = this.fresh(i.credential.id);
      if (!now) continue;
      if (i.id && i.id !== now.id) delete link.shared[i.id];
      link.shared[now.id] = { path: i.path, blob: i.oid, sig: signature(now) };
      const m = i.exposed ? /^v(\d+) member (.+) removed (\S+)$/.exec(i.exposed) : null;
      const mark = m ? cleanExposure({ version: Number(m[1]), member: m[2]!, at: m[3]! }) : undefined;
      if (mark) link.exposed[now.id] = mark;
      report.applied.push(now.name);
    }
  }
}

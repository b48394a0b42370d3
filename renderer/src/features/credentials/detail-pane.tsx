import { useDeferredValue, useEffect, useState } from 'react';
import type { Credential } from '../../../../shared/domain.js';
import { PROVIDER_DESCRIPTORS, baseUrlVarFor } from '../../../../shared/providers.js';
import { KIND_LABELS, providerName, relativeTime, shownPrefix } from '../../lib/format.js';
import { useApp } from '../../stores/app.js';
import { REVEAL_SECONDS, useCredentials } from '../../stores/credentials.js';
import { allowsAccessRules, allowsWritePermissions } from '../../../../shared/rules.js';
import { Badges } from './badges.js';
import { CopyMenu } from '../../components/copy-menu.js';
import { ValidationCard } from '../validation/validation-card.js';
import { StarButton } from '../palette/star-button.js';
import { ShareToggle } from '../team/share-toggle.js';

function useNow(active: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [active, ms]);
  return now;
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Chips({ items, empty = '—' }: { items: readonly string[]; empty?: string }) {
  if (!items.length) return <span className="muted">{empty}</span>;
  return (
    <span className="chips">
      {items.map((i) => (
        <span key={i} className="chip">
          {i}
        </span>
      ))}
    </span>
  );
}

function SecretRow({ cred }: { cred: Credential }) {
  const revealed = useCredentials((s) => s.revealed);
  const reveal = useCredentials((s) => s.reveal);
  const mask = useCredentials((s) => s.mask);
  const shown = revealed?.id === cred.id ? revealed : undefined;
  const now = useNow(!!shown);
  const left = shown ? Math.min(REVEAL_SECONDS, Math.max(0, Math.ceil((shown.masksAt - now) / 1000))) : 0;
  return (
    <div className="secret-row">
      <div className="secret-value" data-testid="secret-value" aria-live="off">
        {shown ? (
          <span className="mono revealed">{shown.secret}</span>
        ) : (
          <span className="mono">
            {cred.displayPrefix.split('…')[0]}
            <span className="dots">••••••••••••</span>
            {cred.displayPrefix.split('…')[1]}
          </span>
        )}
      </div>
      {shown ? (
        <button onClick={mask} data-testid="mask">
          Hide <span className="muted">({left}s)</span>
        </button>
      ) : (
        <button onClick={() => void reveal(cred.id)} disabled={cred.state === 'missing-secret'}>
          Reveal
        </button>
      )}
    </div>
  );
}

export function DetailPane() {
  // A search keystroke that moves the selection paints the list first; the details follow right after
  // (deferred: their cards are the heaviest part of the screen, and no keystroke waits for them).
  const cred = useDeferredValue(useCredentials((s) => s.visible.find((c) => c.id === s.selectedId)));
  const retire = useCredentials((s) => s.retire);
  const policyDays = useApp((s) => s.settings?.rotationPolicyDays ?? 90);
  const openDialog = useApp((s) => s.openDialog);
  if (!cred) {
    return (
      <aside className="detail empty-detail" id="credential-detail-pane">
        <p className="muted">Select a credential to see its details.</p>
      </aside>
    );
  }
  const desc = PROVIDER_DESCRIPTORS[cred.provider];
  const baseUrl = cred.baseUrl || desc.baseUrl;
  return (
    <aside className="detail" id="credential-detail-pane" aria-label={`Details of ${cred.name}`} data-testid="detail">
      <header className="detail-head">
        <div>
          <h1 data-testid="detail-name">{cred.name}</h1>
          <div className="detail-sub">
            {providerName(cred.provider)} · {KIND_LABELS[cred.kind]}
            {allowsAccessRules(cred.kind) && ` · ${cred.audience === 'public' ? 'Public' : 'Secret'}`}
            {desc.consoleUrl && (
              // Opens in the OS browser: main denies the new window and hands https links to the shell.
              <>
                {' · '}
                <a href={desc.consoleUrl} target="_blank" rel="noreferrer noopener" data-testid="console-link">
                  Provider console ↗
                </a>
              </>
            )}
          </div>
        </div>
        <div className="detail-head-side">
          <StarButton cred={cred} />
          <Badges cred={cred} policyDays={policyDays} />
        </div>
      </header>

      {cred.state === 'missing-secret' && (
        <div className="callout danger" role="note">
          The keychain no longer holds this key. Rotate it with the current value, or delete it.
        </div>
      )}

      <section className="card">
        <SecretRow cred={cred} />
        <div className="fingerprint">
          <span className="muted">Fingerprint</span> <span className="mono">{cred.fingerprint}</span>
        </div>
        <div className="actions">
          <CopyMenu cred={cred} />
          <button onClick={() => openDialog({ type: 'rotate', id: cred.id })}>Rotate…</button>
          <button onClick={() => openDialog({ type: 'edit', id: cred.id })}>Edit</button>
          <button className="danger-ghost" onClick={() => openDialog({ type: 'delete', id: cred.id })}>
            Delete…
          </button>
        </div>
        <ShareToggle cred={cred} />
      </section>

      <ValidationCard cred={cred} />

      <section className="card">
        <h3>Details</h3>
        <dl className="meta">
          <Meta label="Env var">
            <span className="mono">{cred.envVar}</span>
            {baseUrl && <span className="mono muted"> · {baseUrlVarFor(cred.envVar)}</span>}
          </Meta>
          <Meta label="Base URL">
            {baseUrl ? <span className="mono">{baseUrl}</span> : <span className="muted">—</span>}
          </Meta>
          <Meta label="Auth">
            <span className="mono">{cred.authScheme}</span>
          </Meta>
          <Meta label="Scopes">
            <Chips items={cred.scopes} />
          </Meta>
          {allowsWritePermissions(cred.kind, cred.provider) && (
            <Meta label="Write access">
              <Chips
                items={cred.writePermissions.map((w) => (w === 'voice' ? 'Voice API' : 'Router API'))}
                empty="Read only"
              />
            </Meta>
          )}
          {allowsAccessRules(cred.kind) && (
            <>
              <Meta label="Origins">
                <Chips items={cred.allowedOrigins} empty="Any" />
              </Meta>
              <Meta label="Assistants">
                <Chips items={cred.allowedAssistants} empty="Any" />
              </Meta>
            </>
          )}
          <Meta label="Tags">
            <Chips items={cred.tags.map((t) => `#${t}`)} />
          </Meta>
          <Meta label="Created">{new Date(cred.createdAt).toLocaleString()}</Meta>
          <Meta label="Updated">{relativeTime(cred.updatedAt)}</Meta>
          {cred.expiresAt && <Meta label="Expires">{new Date(cred.expiresAt).toLocaleDateString()}</Meta>}
          {cred.note && <Meta label="Note">{cred.note}</Meta>}
        </dl>
      </section>

      <section className="card">
        <h3>Versions</h3>
        <ul className="versions" data-testid="versions">
          {[...cred.versions].reverse().map((v) => (
            <li key={v.version} data-version={v.version} data-status={v.status}>
              <span className="v-num">v{v.version}</span>
              <span className={`badge status-${v.status}`}>{v.status}</span>
              <span className="mono" title={v.fingerprint}>
                {shownPrefix(v.displayPrefix)}
              </span>
              <span className="muted small">
                {v.status === 'retiring' && v.retiringUntil
                  ? `usable until ${new Date(v.retiringUntil).toLocaleString()}`
                  : relativeTime(v.createdAt)}
              </span>
              {v.status === 'retiring' && (
                <button className="small-btn" onClick={() => void retire(cred.id, v.version)}>
                  Retire now
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </aside>
  );
}

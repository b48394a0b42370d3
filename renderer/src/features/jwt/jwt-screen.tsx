/**
 * JWT workbench: the workspace's signing keys and JWKS, a mint form for realtime keys, decode & verify
 * of any pasted token with a live expiry countdown, and JWT-shaped API keys with their revocation list.
 * This file composes the tabs; each tab lives in its own file.
 */
import { useEffect, useRef, useState } from 'react';
import { useApp } from '../../stores/app.js';
import { useJwt } from '../../stores/jwt.js';
import { useSandbox } from '../../stores/sandbox.js';
import { ApiKeysPanel } from './api-keys-panel.js';
import { MintPanel } from './mint-panel.js';
import { KeysPanel } from './signing-keys-panel.js';
import { Tabs } from './tabs.js';
import { VerifyPanel } from './verify-panel.js';
import './jwt.css';

const TABS = [
  { id: 'mint', label: 'Mint' },
  { id: 'verify', label: 'Decode & verify' },
  { id: 'keys', label: 'Signing keys' },
  { id: 'apikeys', label: 'API keys' },
] as const;
type Tab = (typeof TABS)[number]['id'];

export function JwtScreen() {
  const activeId = useApp((s) => s.activeId);
  const load = useJwt((s) => s.load);
  const loaded = useJwt((s) => s.loaded);
  const setToken = useJwt((s) => s.setToken);
  const [tab, setTab] = useState<Tab>('mint');
  const first = useRef(true);
  useEffect(() => {
    void load();
    // Pick up the sandbox URL (if running) for the copy form and the JWKS URL.
    if (first.current) void useSandbox.getState().refresh();
    first.current = false;
  }, [activeId, load]);
  const toVerify = (token: string) => {
    void setToken(token);
    setTab('verify');
  };
  return (
    <section className="screen jw-screen" aria-labelledby="jwt-title" data-testid="jwt-screen">
      <header className="screen-head">
        <h1 id="jwt-title">JWT workbench</h1>
        <p className="muted">
          Mint short-lived tokens for realtime keys, decode and verify any token, and manage signing keys and API keys,
          all locally.
        </p>
      </header>
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="JWT workbench" />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="jw-panel">
        {!loaded ? (
          <p className="muted">Loading…</p>
        ) : tab === 'mint' ? (
          <MintPanel onDecode={toVerify} />
        ) : tab === 'verify' ? (
          <VerifyPanel />
        ) : tab === 'keys' ? (
          <KeysPanel />
        ) : (
          <ApiKeysPanel onDecode={toVerify} />
        )}
      </div>
    </section>
  );
}

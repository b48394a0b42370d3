import { useRef, type CSSProperties } from 'react';
import { useCredentials } from '../../stores/credentials.js';
import './credentials.css';
import { CredentialList, SearchBar } from './credential-list.js';
import { DetailPane } from './detail-pane.js';
import { SplitHandle, useSplit } from './split-handle.js';
import { ValidateAllBar } from '../validation/validate-all.js';

/**
 * The main screen: the searchable list beside the selected credential's details. Below 940 px the details
 * stack under the list, with a handle between them to give either more room or fold the details away.
 */
export function CredentialsScreen() {
  const emptyWorkspace = useCredentials((s) => s.loaded && s.items.length === 0);
  const selectedName = useCredentials((s) => s.visible.find((c) => c.id === s.selectedId)?.name);
  const split = useSplit();
  const ref = useRef<HTMLDivElement>(null);
  const style = { '--list-share': `${split.share}%` } as CSSProperties;
  return (
    <div
      ref={ref}
      className={`split-view${emptyWorkspace ? ' solo' : ''}${split.collapsed ? ' details-collapsed' : ''}`}
      style={style}
    >
      <section className="list-pane" id="credential-list-pane" aria-label="Credential list">
        {!emptyWorkspace && <SearchBar />}
        {!emptyWorkspace && <ValidateAllBar />}
        <CredentialList />
      </section>
      {!emptyWorkspace && <SplitHandle {...split} container={() => ref.current} detailName={selectedName} />}
      {!emptyWorkspace && <DetailPane />}
    </div>
  );
}

import { useCredentials } from '../../stores/credentials.js';
import './credentials.css';
import { CredentialList, SearchBar } from './credential-list.js';
import { DetailPane } from './detail-pane.js';
import { ValidateAllBar } from '../validation/validate-all.js';

/** The main screen: the searchable list beside the selected credential's details. */
export function CredentialsScreen() {
  const emptyWorkspace = useCredentials((s) => s.loaded && s.items.length === 0);
  return (
    <div className={`split-view${emptyWorkspace ? ' solo' : ''}`}>
      <section className="list-pane" aria-label="Credential list">
        {!emptyWorkspace && <SearchBar />}
        {!emptyWorkspace && <ValidateAllBar />}
        <CredentialList />
      </section>
      {!emptyWorkspace && <DetailPane />}
    </div>
  );
}

/**
 * Recordings (issue 12 §6): the sessions the sandbox recorded in this app session ("Record sessions to
 * file") and the files the user added. "Replay" starts the sandbox serving that recording as the
 * server's side, through the core, exactly like `keydeck sandbox replay FILE`; the log shows it.
 */
import { useEffect, type ChangeEvent } from 'react';
import { FieldError } from '../../components/dialog.js';
import { api } from '../../api.js';
import { useSandbox } from '../../stores/sandbox.js';

export function RecordingsCard() {
  const recordings = useSandbox((s) => s.recordings);
  const error = useSandbox((s) => s.recordingError);
  const load = useSandbox((s) => s.loadRecordings);
  const add = useSandbox((s) => s.addRecording);
  const replay = useSandbox((s) => s.replay);
  const starting = useSandbox((s) => s.starting);
  const connections = useSandbox((s) => s.status.connections);
  // Closing a recorded session ends its file: read the list again when sessions come and go.
  useEffect(() => {
    void load();
  }, [load, connections]);
  function choose(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) void add(api().envImport.pathForFile(file) || file.name);
  }
  return (
    <section className="card" aria-labelledby="recordings-title" data-testid="recordings">
      <div className="jw-card-head">
        <h3 id="recordings-title">Recordings</h3>
        <label className="small-btn jw-file">
          Add a recording…
          <input
            type="file"
            accept=".jsonl"
            className="jw-file-input"
            onChange={choose}
            data-testid="recording-add"
            aria-describedby={error ? 'error-recording' : undefined}
          />
        </label>
      </div>
      <FieldError id="error-recording" error={error?.message} />
      {recordings.length === 0 ? (
        <p className="muted jw-tight">
          None yet. Tick “Record sessions to file” before starting; each session is saved as JSONL with tokens and keys
          replaced by placeholders.
        </p>
      ) : (
        <ul className="jw-recs" data-testid="recording-list">
          {recordings.map((r) => (
            <li key={r.file}>
              <span className="mono jw-rec-name" title={r.file}>
                {r.name}
              </span>
              <span className="muted">
                {r.problem ?? `${r.frames} frames · auth ${r.auth}`}
                {r.source === 'added' ? ' · added' : ''}
              </span>
              <button
                type="button"
                className="small-btn"
                disabled={!!r.problem || starting}
                onClick={() => void replay(r.file)}
                aria-label={`Replay ${r.name}`}
              >
                Replay
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { useEffect, useState } from 'react';
import { formatLabel } from '../lib/format.js';
import { useCredentials } from '../stores/credentials.js';

/** The countdown until main clears what Keydeck put on the clipboard. */
export function ClipboardBar() {
  const clip = useCredentials((s) => s.clipboard);
  const clear = useCredentials((s) => s.clearClipboard);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!clip) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [clip]);
  if (!clip) return null;
  const left = Math.max(0, Math.ceil((clip.clearsAt - now) / 1000));
  return (
    <div className="clipbar" data-testid="clipboard-countdown">
      <span className="clip-ring" aria-hidden="true" />
      <span>
        {formatLabel(clip.format)} of <strong>{clip.name}</strong> on the clipboard · clears in{' '}
        <span className="mono" data-testid="clipboard-seconds">
          {left}s
        </span>
      </span>
      <button className="small-btn" onClick={() => void clear()}>
        Clear now
      </button>
    </div>
  );
}

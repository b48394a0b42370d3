import { useEffect, useState } from 'react';
import { describeRemaining } from '../../../../shared/countdown.js';

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

/** A badge that counts down to a token’s `exp`, ticking every second. */
export function Countdown({ exp, testId }: { exp?: unknown; testId: string }) {
  const has = typeof exp === 'number';
  const now = useNow(has);
  if (!has) {
    return (
      <span className="badge warn" data-testid={testId}>
        no exp
      </span>
    );
  }
  const text = describeRemaining(exp, now);
  const left = exp - now / 1000;
  const tone = left < 0 ? 'danger' : left < 60 ? 'warn' : 'ok';
  return (
    <span className={`badge ${tone}`} data-testid={testId} aria-live="off">
      {text}
    </span>
  );
}

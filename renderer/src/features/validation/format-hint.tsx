/**
 * The offline key-format check, live as the user types (add and rotate forms). Pure and local: the
 * value never leaves the renderer for this. Errors mean the value cannot work (the core will refuse it);
 * warnings are hints ("looks like an Anthropic key", an unfamiliar prefix) and never block.
 */
import { useMemo } from 'react';
import { checkKeyFormat, type FormatCheck } from '../../../../shared/provider-format.js';
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import './validation.css';

/** Hints that only restate what the form does anyway (pair mode encodes key:secret itself). */
const QUIET = new Set(['BASIC_WILL_ENCODE']);

export function useFormatCheck(provider: ProviderId, value: string, authScheme?: string): FormatCheck | undefined {
  return useMemo(() => {
    if (!value.trim()) return undefined;
    return checkKeyFormat(provider, value, authScheme ? { authScheme } : {});
  }, [provider, value, authScheme]);
}

export function FormatHint({
  provider,
  value,
  authScheme,
  id = 'format-check',
}: {
  provider: ProviderId;
  value: string;
  authScheme?: string;
  id?: string;
}) {
  const check = useFormatCheck(provider, value, authScheme);
  const errors = check?.errors ?? [];
  const warnings = (check?.warnings ?? []).filter((w) => !QUIET.has(w.code));
  const name = PROVIDER_DESCRIPTORS[provider].displayName;
  return (
    <div className="fmt" id={id} data-testid="format-check" aria-live="polite">
      {check && errors.length === 0 && warnings.length === 0 && (
        <p className="fmt-line ok" data-level="ok">
          <span aria-hidden="true">✓</span> Format looks right for {name}.
        </p>
      )}
      {errors.map((e) => (
        <p key={e.code} className="fmt-line error" data-level="error" data-code={e.code}>
          <span aria-hidden="true">✕</span> {e.message}
        </p>
      ))}
      {warnings.map((w) => (
        <p key={w.code} className="fmt-line warn" data-level="warn" data-code={w.code}>
          <span aria-hidden="true">!</span> {w.message}
        </p>
      ))}
    </div>
  );
}

/** The provider's own rotation steps and console link, shown in the rotate wizard. */
import { PROVIDER_DESCRIPTORS, type ProviderId } from '../../../../shared/providers.js';
import './validation.css';

export function RotationSteps({ provider }: { provider: ProviderId }) {
  const d = PROVIDER_DESCRIPTORS[provider];
  if (!d.rotationSteps.length && !d.consoleUrl) return null;
  return (
    <details className="rotation-steps" open data-testid="rotation-steps">
      <summary>How to rotate your {d.displayName} key</summary>
      <ol>
        {d.rotationSteps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      {d.consoleUrl && (
        // Opens in the OS browser: main denies the new window and hands https links to the shell.
        <a href={d.consoleUrl} target="_blank" rel="noreferrer noopener" data-testid="rotate-console-link">
          Open the {d.displayName} console ↗
        </a>
      )}
    </details>
  );
}

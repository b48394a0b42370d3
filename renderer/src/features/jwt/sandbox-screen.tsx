/** Realtime sandbox: placeholder until the feature's screen lands. */
export function SandboxScreen() {
  return <div className="screen-placeholder">Realtime sandbox</div>;
}

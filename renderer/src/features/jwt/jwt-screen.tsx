/** JWT workbench: placeholder until the feature's screen lands. */
export function JwtScreen() {
  return <div className="screen-placeholder">JWT workbench</div>;
}

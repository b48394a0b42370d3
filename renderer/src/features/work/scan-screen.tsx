/** Where are my keys?: placeholder until the feature's screen lands. */
export function ScanScreen() {
  return <div className="screen-placeholder">Where are my keys?</div>;
}

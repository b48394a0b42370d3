/** Projects and backups: placeholder until the feature's screen lands. */
export function ProjectsScreen() {
  return <div className="screen-placeholder">Projects and backups</div>;
}

/**
 * "Projects & backups": the `keydeck exec` command (and `.keydeck` file) that runs a project with its
 * keys in the environment, and encrypted age backups (export, and import with a review step before
 * anything is overwritten). Copies go through main's clipboard guard; passphrases live only in this
 * component's state until the one call that needs them, then are cleared.
 */
import { ExportCard } from './export-card.js';
import { ImportCard } from './import-card.js';
import { ProjectCommandCard } from './project-command-card.js';
import { TrustCard } from './trust-card.js';
import { EnvFileCard } from '../env-import/env-file-card.js';
import './work.css';
import './projects.css';

export function ProjectsScreen() {
  return (
    <section className="screen work-screen" aria-labelledby="projects-title" data-testid="projects-screen">
      <header className="screen-head">
        <h1 id="projects-title">Projects &amp; backups</h1>
        <p className="muted">
          Run a project with its keys in the environment, without writing them to a file. Back up everything to one
          encrypted file.
        </p>
      </header>
      <ProjectCommandCard />
      <TrustCard />
      <EnvFileCard />
      <ExportCard />
      <ImportCard />
    </section>
  );
}

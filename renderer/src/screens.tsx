/**
 * The screens of the sidebar, in order. Adding a feature screen (validation, JWT workbench, sandbox,
 * leak scan) is one entry here plus its component; the sidebar and the main area read this list.
 */
import type { ComponentType } from 'react';
import { CredentialsScreen } from './features/credentials/credentials-screen.js';
import { SettingsScreen } from './components/settings.js';
import { UseLogScreen } from './components/use-log.js';
import { JwtScreen } from './features/jwt/jwt-screen.js';
import { SandboxScreen } from './features/jwt/sandbox-screen.js';
import { ScanScreen } from './features/work/scan-screen.js';
import { ProjectsScreen } from './features/work/projects-screen.js';
import { TrashScreen } from './features/trash/trash-screen.js';
import { TeamScreen } from './features/team/team-screen.js';

export interface ScreenDef {
  id: string;
  label: string;
  /** 16×16 stroke icon as SVG path data (no icon font, nothing fetched). */
  icon: string;
  component: ComponentType;
  /** Called when the screen is opened (e.g. to refresh its data). */
  onOpen?: () => void;
}

export const SCREENS = [
  {
    id: 'credentials',
    label: 'Credentials',
    icon: 'M10 2.5a3.5 3.5 0 1 1-3.3 4.7L2.5 11.4V13.5h2v-1.5h1.5v-1.5h1.6l.8-.8A3.5 3.5 0 0 1 10 2.5Zm.8 2.2h.01',
    component: CredentialsScreen,
  },
  // ---- feature screens: each lives in renderer/src/features/<feature>/ ----
  { id: 'jwt', label: 'JWT workbench', icon: 'M2.5 4.5h11v7h-11zM5 8h6', component: JwtScreen },
  { id: 'sandbox', label: 'Realtime sandbox', icon: 'M2 8h3l2-4 2 8 2-4h3', component: SandboxScreen },
  {
    id: 'scan',
    label: 'Where are my keys?',
    icon: 'M7 2.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9ZM10.5 10.5l3 3',
    component: ScanScreen,
  },
  { id: 'projects', label: 'Projects & backups', icon: 'M2 4.5h4l1.5 1.5H14v7H2z', component: ProjectsScreen },
  {
    id: 'team',
    label: 'Team',
    icon: 'M5.5 7.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM1.5 13c0-2.2 1.8-3.5 4-3.5s4 1.3 4 3.5M11 7.5a1.75 1.75 0 1 0 0-3.5M11.5 9.5c1.8.2 3 1.4 3 3.5',
    component: TeamScreen,
  },
  { id: 'trash', label: 'Trash', icon: 'M3 4.5h10M6 4.5V3h4v1.5M4.5 4.5l.7 9h5.6l.7-9', component: TrashScreen },
  { id: 'use-log', label: 'Use log', icon: 'M3 3.5h10M3 8h10M3 12.5h6', component: UseLogScreen },
  {
    id: 'settings',
    label: 'Settings',
    icon: 'M8 5.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5ZM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
    component: SettingsScreen,
  },
] as const satisfies readonly ScreenDef[];

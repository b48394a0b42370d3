/**
 * What the palette can do with a key, and the app-wide commands it lists. Each action runs through the
 * stores (components never call `window.keydeck`); copy forms come from the one list, shared/copy-forms.ts.
 */
import type { Credential } from '../../../../shared/domain.js';
import { COPY_FORMS, formApplies, type CopyFormat } from '../../../../shared/copy-forms.js';
import { useApp } from '../../stores/app.js';
import { useCredentials } from '../../stores/credentials.js';
import { useJwt } from '../../stores/jwt.js';
import { useQuick } from '../../stores/quick.js';
import { useSandbox } from '../../stores/sandbox.js';
import { useValidation } from '../../stores/validation.js';
import { SCREENS } from '../../screens.js';

export interface KeyAction {
  id: string;
  label: string;
  /** Words a query may start to name this action ("curl openai", "mint rt"). */
  words: readonly string[];
  applies(c: Credential, favourites: readonly string[]): boolean;
  run(c: Credential): void;
}

const envFormat: CopyFormat = /Win/.test(navigator.platform) ? 'env-powershell' : 'env-bash';

/** Shows a key in the credentials screen, whatever the list's search and filters hid. */
function showKey(id: string): void {
  const app = useApp.getState();
  app.setScreen('credentials');
  const creds = useCredentials.getState();
  if (!creds.visible.some((c) => c.id === id)) creds.clearFilters();
  useCredentials.getState().select(id);
}

function copyAction(format: CopyFormat, words: readonly string[], label?: string): KeyAction {
  const form = COPY_FORMS.find((f) => f.format === format)!;
  return {
    id: `copy:${format}`,
    label: `Copy ${label ?? form.label}`,
    words: ['copy', ...words],
    applies: (c) => formApplies(format, c),
    run: (c) => void useCredentials.getState().copy(c.id, format),
  };
}

const usable = (c: Credential) => c.state !== 'missing-secret';

export const KEY_ACTIONS: readonly KeyAction[] = [
  copyAction('header', ['header', 'authorization']),
  copyAction(envFormat, ['env', 'export', 'variable'], 'env line'),
  copyAction('curl', ['curl']),
  copyAction('sdk-python', ['sdk', 'python', 'snippet']),
  copyAction('sdk-js', ['sdk', 'javascript', 'js', 'node', 'snippet']),
  copyAction('sdk-native-python', ['sdk', 'python', 'native', 'snippet']),
  copyAction('sdk-native-js', ['sdk', 'javascript', 'js', 'native', 'snippet']),
  {
    id: 'reveal',
    label: 'Reveal',
    words: ['reveal', 'show'],
    applies: usable,
    run: (c) => {
      showKey(c.id);
      void useCredentials.getState().reveal(c.id);
    },
  },
  {
    id: 'rotate',
    label: 'Rotate…',
    words: ['rotate', 'new'],
    applies: () => true,
    run: (c) => {
      showKey(c.id);
      useApp.getState().openDialog({ type: 'rotate', id: c.id });
    },
  },
  {
    id: 'validate',
    label: 'Validate',
    words: ['validate', 'check', 'test'],
    applies: usable,
    run: (c) => {
      showKey(c.id);
      void useValidation.getState().validate(c.id);
    },
  },
  {
    id: 'mint',
    label: 'Mint a JWT for this key',
    words: ['mint', 'jwt', 'token'],
    applies: (c) => c.kind === 'realtime' && usable(c),
    run: (c) => {
      useApp.getState().setScreen('jwt');
      void useJwt.getState().mint({ key: c.id });
    },
  },
  {
    id: 'sandbox',
    label: 'Open the sandbox with it',
    words: ['sandbox', 'realtime', 'websocket'],
    applies: (c) => c.kind === 'realtime' && usable(c),
    run: (c) => {
      useApp.getState().setScreen('sandbox');
      const sandbox = useSandbox.getState();
      if (!sandbox.status.running) void sandbox.start({ port: 0, tokenKey: c.id });
    },
  },
  {
    id: 'star',
    label: 'Star',
    words: ['star', 'favourite', 'favorite', 'pin'],
    applies: (c, fav) => !fav.includes(c.id),
    run: (c) => void useQuick.getState().toggleFavourite(c.id),
  },
  {
    id: 'unstar',
    label: 'Unstar',
    words: ['unstar', 'unpin'],
    applies: (c, fav) => fav.includes(c.id),
    run: (c) => void useQuick.getState().toggleFavourite(c.id),
  },
];

export interface Command {
  id: string;
  label: string;
  words: readonly string[];
  run(): void;
}

/** App-wide commands: every screen, adding a key, the clipboard. */
export const COMMANDS: readonly Command[] = [
  {
    id: 'add',
    label: 'Add a credential…',
    words: ['add', 'new', 'create'],
    run: () => useApp.getState().openDialog({ type: 'add' }),
  },
  ...SCREENS.map((s) => ({
    id: `screen:${s.id}`,
    label: `Go to ${s.label}`,
    words: [
      'go',
      ...s.label
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter(Boolean),
    ],
    run: () => useApp.getState().setScreen(s.id),
  })),
  {
    id: 'clear-clipboard',
    label: 'Clear the clipboard',
    words: ['clear', 'clipboard'],
    run: () => void useCredentials.getState().clearClipboard(),
  },
];

/** True when a query word names an action ("cur" → curl); short words must be whole. */
export function namesAction(term: string, words: readonly string[]): boolean {
  const t = term.replace(/^#/, '');
  return words.some((w) => (t.length >= 3 ? w.startsWith(t) : w === t));
}

import type { Credential } from '../../../../shared/domain.js';
import { useQuick } from '../../stores/quick.js';

/** Stars a key: starred keys come first in the palette. A toggle button (`aria-pressed`). */
export function StarButton({ cred }: { cred: Credential }) {
  const starred = useQuick((s) => s.favourites.includes(cred.id));
  const toggle = useQuick((s) => s.toggleFavourite);
  return (
    <button
      type="button"
      className="icon star-button"
      aria-pressed={starred}
      aria-label={`Star ${cred.name}`}
      title={starred ? 'Starred: first in the palette' : 'Star: show first in the palette'}
      data-testid="star"
      onClick={() => void toggle(cred.id)}
    >
      {starred ? '★' : '☆'}
    </button>
  );
}

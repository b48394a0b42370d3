/** A `.env` file dropped anywhere on the window opens the import preview (the file's path only). */
import { useEffect } from 'react';
import { useEnvImport } from '../../stores/env-import.js';
import { toast } from '../../stores/toasts.js';

export function useEnvDrop(): void {
  useEffect(() => {
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      void useEnvImport
        .getState()
        .previewDropped(file)
        .then(() => {
          const err = useEnvImport.getState().error;
          if (err && !useEnvImport.getState().open) toast.error('Could not read the dropped file', err);
        });
    };
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, []);
}

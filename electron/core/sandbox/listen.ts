import type http from 'node:http';
import { KeydeckError } from '../../../shared/errors.js';

/** Listens on the loopback address; a port in use or a privileged one is a typed error. */
export function listenLoopback(server: http.Server, host: string, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE') {
        reject(
          new KeydeckError(
            'PORT_IN_USE',
            `Port ${port} on 127.0.0.1 is already in use. Pick another, or 0 for a free one.`,
          ),
        );
      } else if (err.code === 'EACCES') {
        reject(new KeydeckError('PORT_IN_USE', `Port ${port} needs privileges. Pick one above 1023, or 0.`));
      } else reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host, port, exclusive: true, backlog: 2048 });
  });
}

import type { Server } from 'node:http';

/** Stops a simulator's server: no new connections, open ones dropped, resolved once it is closed. */
export function closeHttpServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/**
 * A test's own HTTP server on a free loopback port, and a close that does not wait for keep-alive or still-streaming
 * connections (a test's last request may have left one open).
 */
import type http from "node:http";
import type { AddressInfo } from "node:net";

export type LocalServer = { url: string; close: () => Promise<void> };

export async function listenLocal(server: http.Server): Promise<LocalServer> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

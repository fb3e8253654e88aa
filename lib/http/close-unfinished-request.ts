/**
 * What happens to a request body we did not read to the end (too large, too slow, or answered early: a 401, a
 * 413): once the answer is sent, nothing more is read and the connection is closed after a short grace period.
 *
 * Reading the rest would let any client make the server swallow 100 MB for nothing (Node drains an unread body
 * after the response, to keep the connection). Closing at once loses the answer: the client's next write fails
 * with EPIPE/ECONNRESET before it has read the 413 waiting in its socket. So the body stays paused (the client's
 * writes stall on a full TCP window) while the client reads the answer, then the connection goes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** How long a client whose body was refused has to read the answer before the connection is closed. */
const REFUSED_BODY_GRACE_MS = 1_000;

export function closeUnfinishedRequest({ req, res }: { req: IncomingMessage; res: ServerResponse }): void {
  // prepended: it must run before Node's own finish handler, which would start draining a body nobody read
  res.prependOnceListener("finish", () => {
    if (req.complete) return;
    // resume() claims the body (Node drains only a body nobody took); pause() in the same turn lets nothing flow
    req.resume();
    req.pause();
    setTimeout(() => req.socket.destroy(), REFUSED_BODY_GRACE_MS).unref();
  });
}

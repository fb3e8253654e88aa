/** The audit actor of an operator's request: who (the session's user) and from where (the client's address). */
import type { AuditActor } from "../audit/record-audit";
import { clientIpFromHeaders } from "../net/client-ip";

export function operatorActor({ req, userId }: { req: Request; userId: string }): AuditActor {
  return { kind: "operator", id: userId, ip: clientIpFromHeaders(req.headers) };
}

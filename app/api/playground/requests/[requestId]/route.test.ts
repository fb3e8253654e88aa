import { describe, expect, it, vi } from "vitest";
import { newRequestId, requestIdTime } from "../../../../../lib/relay/request-id";
import { call, createPerson, signInAs } from "../../../../../tests/orgs/support";
import { insertLogs } from "../../../../../tests/support/usage-fixtures";
import { GET as handler } from "./route";

vi.mock("../../../../../lib/auth/current-session", async () => {
  const support = await import("../../../../../tests/orgs/support");
  return { getCurrentSession: async () => support.sessionMock.current };
});

const GET = handler as unknown as Parameters<typeof call>[0];
const later = (ms: number, work: () => Promise<void>) => new Promise<void>((resolve, reject) => setTimeout(() => work().then(resolve, reject), ms));

describe("GET /api/playground/requests/:requestId", () => {
  it("waits for a request that ended a moment ago to reach the log, instead of a 404 the browser reports", async () => {
    const person = await createPerson("playground-wait");
    signInAs(person);
    const requestId = newRequestId();
    // the row lands 300 ms after the question, as the relay's settlement and log batch would
    const [response] = await Promise.all([
      call(GET, { path: `/api/playground/requests/${requestId}`, params: { requestId } }),
      later(300, () => insertLogs([{ userId: person.id, createdAt: new Date(), requestId, cost: 55n }])),
    ]);
    expect(response.status).toBe(200);
    expect((await response.json()).request).toMatchObject({ cost: "55" });
  });

  it("answers an old id, an id of another format and another customer's id with 404, without waiting for the first two", async () => {
    const person = await createPerson("playground-old");
    const other = await createPerson("playground-other");
    signInAs(person);
    const old = newRequestId(Date.now() - 3_600_000);
    const foreign = `req_${"x".repeat(10)}`;
    for (const requestId of [old, foreign]) {
      // the row appears after the answer: had the handler waited, it would have found it
      const [response] = await Promise.all([
        call(GET, { path: `/api/playground/requests/${requestId}`, params: { requestId } }),
        later(400, () => insertLogs([{ userId: person.id, createdAt: new Date(), requestId }])),
      ]);
      expect(response.status).toBe(404);
    }
    const theirs = newRequestId();
    await insertLogs([{ userId: other.id, createdAt: new Date(), requestId: theirs }]);
    const response = await call(GET, { path: `/api/playground/requests/${theirs}`, params: { requestId: theirs } });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { message: "No such request" } });
  });

  it("reads the time of the relay's request ids only", () => {
    expect(requestIdTime(newRequestId(Date.UTC(2026, 10, 23)))).toBe(Date.UTC(2026, 10, 23));
    expect(requestIdTime("req_victim_1234")).toBeNull();
    expect(requestIdTime(`req_${"g".repeat(32)}`)).toBeNull();
  });
});

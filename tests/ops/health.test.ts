import { afterEach, describe, expect, it } from "vitest";
import { resetEnv } from "../../lib/env";
import { GET as health } from "../../app/api/health/route";
import { GET as metricsRoute } from "../../app/api/metrics/route";
import { GET as ready } from "../../app/api/ready/route";
import { metrics } from "../../lib/metrics";

afterEach(() => {
  delete process.env.METRICS_TOKEN;
  delete process.env.REDIS_URL;
  resetEnv();
});

describe("health, readiness and metrics", () => {
  it("answers liveness", async () => {
    expect(await (await health()).json()).toEqual({ status: "ok" });
  });

  it("is ready when the database answers and every migration is applied", async () => {
    const response = await ready();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ isReady: true, checks: { database: { ok: true }, migrations: { ok: true } } });
  });

  it("is not ready when the configured Redis does not answer", async () => {
    process.env.REDIS_URL = "redis://127.0.0.1:1";
    resetEnv();
    const response = await ready();
    expect(response.status).toBe(503);
    expect((await response.json()).checks.redis.ok).toBe(false);
  });

  it("exposes Prometheus metrics, behind the token when one is configured", async () => {
    metrics().requests.inc({ status: "200", model: "gpt-4o", channel: "c1" });
    const open = await metricsRoute(new Request("http://x/api/metrics"));
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('switchyard_relay_requests_total{status="200",model="gpt-4o",channel="c1"} 1');
    process.env.METRICS_TOKEN = "s3cret-token";
    resetEnv();
    expect((await metricsRoute(new Request("http://x/api/metrics"))).status).toBe(401);
    expect((await metricsRoute(new Request("http://x/api/metrics", { headers: { authorization: "Bearer wrong-token!" } }))).status).toBe(401);
    expect((await metricsRoute(new Request("http://x/api/metrics", { headers: { authorization: "Bearer s3cret-token" } }))).status).toBe(200);
  });
});

/**
 * Prometheus metrics (prom-client), one registry per process. The relay and the ledger record into these;
 * /api/metrics exposes them (behind METRICS_TOKEN when set).
 */
import client from "prom-client";
import { singleton } from "./singleton";

function create() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: "switchyard_relay_requests_total",
    help: "Relayed requests by status, model and channel",
    labelNames: ["status", "model", "channel"] as const,
    registers: [registry],
  });
  const latency = new client.Histogram({
    name: "switchyard_relay_latency_seconds",
    help: "Relay request latency, first byte in to last byte out",
    labelNames: ["model"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const ttft = new client.Histogram({
    name: "switchyard_relay_ttft_seconds",
    help: "Time to first token of streamed responses",
    labelNames: ["model"] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const upstreamErrors = new client.Counter({
    name: "switchyard_upstream_errors_total",
    help: "Upstream attempts that failed, by channel and kind",
    labelNames: ["channel", "kind"] as const,
    registers: [registry],
  });
  const holdsInFlight = new client.Gauge({
    name: "switchyard_holds_in_flight",
    help: "Ledger holds placed and not yet settled or voided",
    registers: [registry],
  });
  const ledgerBatchLag = new client.Histogram({
    name: "switchyard_ledger_batch_lag_seconds",
    help: "Time a settlement waits before its batch commits",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  return { registry, requests, latency, ttft, upstreamErrors, holdsInFlight, ledgerBatchLag };
}

export type Metrics = ReturnType<typeof create>;

export function metrics(): Metrics {
  return singleton("metrics", create);
}

/**
 * A fake Stripe for tests and the browser suite: a small local HTTP server that speaks the parts of Stripe's REST
 * API the app uses (form-encoded bodies, Stripe's JSON shapes and error format, Idempotency-Key honoured), a hosted
 * "Checkout" page with a Pay button, and webhook delivery signed with the SDK's generateTestHeaderString, retried
 * on failure as Stripe does. The app talks to it through the real `stripe` SDK (STRIPE_API_BASE).
 *
 *   POST /v1/checkout/sessions      GET /v1/checkout/sessions/:id
 *   GET  /v1/payment_intents/:id    (expand[]=latest_charge)
 *   GET  /v1/charges/:id
 *   POST /v1/refunds                GET /v1/refunds?charge=…   GET /v1/refunds/:id
 *   GET  /checkout/:session         POST /checkout/:session/pay   (the hosted page)
 *
 * Knobs for tests: failNext (answer an API call with an error), webhookDelayMs, pay/refund/dispute helpers that act
 * like the customer or the Stripe dashboard, emit (deliver any event), signedEvent (build one without sending).
 * Charges follow Stripe's rules for disputes: a dispute covers at most what was not refunded, a charge with an open
 * dispute refuses refunds (400 `charge_disputed`), and what a lost dispute took cannot be refunded.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Metadata = Record<string, string>;

export type FakeSession = {
  id: string;
  object: "checkout.session";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  customer_email: string | null;
  metadata: Metadata;
  mode: string;
  payment_intent: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  success_url: string;
  cancel_url: string | null;
  url: string | null;
  created: number;
  expires_at: number;
  livemode: false;
  /** not a Stripe field: kept to build the PaymentIntent */
  _intent: { metadata: Metadata; description: string | null };
  _productName: string;
};

export type FakeCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  currency: string;
  paid: true;
  captured: true;
  refunded: boolean;
  disputed: boolean;
  status: "succeeded";
  payment_intent: string;
  receipt_url: string;
  metadata: Metadata;
  created: number;
  livemode: false;
};

export type FakePaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  currency: string;
  status: "succeeded";
  metadata: Metadata;
  description: string | null;
  latest_charge: string;
  created: number;
  livemode: false;
};

export type FakeRefund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  status: "succeeded" | "pending" | "failed";
  reason: string | null;
  metadata: Metadata;
  created: number;
};

export type FakeDispute = {
  id: string;
  object: "dispute";
  amount: number;
  charge: string;
  payment_intent: string;
  currency: string;
  reason: string;
  status: "needs_response" | "won" | "lost";
  created: number;
  livemode: false;
};

export type Delivery = { eventId: string; type: string; attempts: number; status: number };

export type FakeStripeOptions = {
  /** where webhooks go; can be set later with setWebhookUrl */
  webhookUrl?: string;
  /** deliver in-process instead of over HTTP (Vitest): returns the HTTP status the app answered */
  deliver?: (payload: string, headers: Record<string, string>) => Promise<number>;
  /** delivery attempts per event before giving up (Stripe retries for days; tests need a few) */
  maxAttempts?: number;
  retryDelayMs?: number;
  port?: number;
};

type Failure = { method: string; path: string; status: number; times: number };

const API_VERSION = Stripe.API_VERSION;

function id(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

/** Integer cents as a dollar string, exactly (1234 → "12.34"). */
function dollars(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

/** Parse Stripe's form encoding (`a[b][0][c]=v`) into nested objects and arrays. */
export function parseForm(body: string): JsonObject {
  const root: JsonObject = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, "").split("[");
    let node: JsonObject = root;
    parts.forEach((segment, i) => {
      // `a[]=x` appends: an empty segment takes the next index
      const part = segment === "" && i > 0 ? String(Object.keys(node).length) : segment;
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[part] = {};
      node = node[part] as JsonObject;
    });
  }
  const arrays = (value: Json): Json => {
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map(arrays);
    const keys = Object.keys(value);
    const converted: JsonObject = {};
    for (const key of keys) converted[key] = arrays(value[key]);
    if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]);
    return converted;
  };
  return arrays(root) as JsonObject;
}

function str(value: Json | undefined): string | null {
  return typeof value === "string" ? value : null;
}

function obj(value: Json | undefined): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

function metadataOf(value: Json | undefined): Metadata {
  const out: Metadata = {};
  for (const [k, v] of Object.entries(obj(value))) if (typeof v === "string") out[k] = v;
  return out;
}

class StripeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly code?: string,
    readonly param?: string,
  ) {
    super(message);
  }
}

export class FakeStripe {
  readonly secretKey = `sk_test_fake_${randomBytes(8).toString("hex")}`;
  readonly webhookSecret = `whsec_fake_${randomBytes(16).toString("hex")}`;
  readonly sessions = new Map<string, FakeSession>();
  readonly paymentIntents = new Map<string, FakePaymentIntent>();
  readonly charges = new Map<string, FakeCharge>();
  readonly refunds = new Map<string, FakeRefund>();
  readonly disputes = new Map<string, FakeDispute>();
  readonly deliveries: Delivery[] = [];
  /** every API request the app made: method and path */
  readonly requests: { method: string; path: string; idempotencyKey: string | null }[] = [];
  /** milliseconds between the customer paying and the webhook going out */
  webhookDelayMs = 0;
  private server: Server | undefined;
  private baseUrl = "";
  private webhookUrl: string | undefined;
  private readonly failures: Failure[] = [];
  private readonly idempotent = new Map<string, { body: string; status: number; response: string }>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private paused: { type: string; object: object }[] | null = null;

  constructor(private readonly options: FakeStripeOptions = {}) {
    this.webhookUrl = options.webhookUrl;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.options.port ?? 0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.idle();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  get url(): string {
    return this.baseUrl;
  }

  /** The environment the app needs to talk to this fake. */
  get env(): { STRIPE_SECRET_KEY: string; STRIPE_WEBHOOK_SECRET: string; STRIPE_API_BASE: string } {
    return { STRIPE_SECRET_KEY: this.secretKey, STRIPE_WEBHOOK_SECRET: this.webhookSecret, STRIPE_API_BASE: this.baseUrl };
  }

  setWebhookUrl(url: string): void {
    this.webhookUrl = url;
  }

  /** Answer the next `times` API calls matching method and path prefix with a Stripe api_error. */
  failNext({ method, path, status = 500, times = 1 }: { method: string; path: string; status?: number; times?: number }): void {
    this.failures.push({ method: method.toUpperCase(), path, status, times });
  }

  /** Wait until every webhook delivery started so far has finished (with its retries). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  // ───────────── acting as the customer, the card network or the dashboard ─────────────

  /** The customer pays a Checkout Session: creates the PaymentIntent and Charge and sends checkout.session.completed. */
  pay(sessionId: string): FakeSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no session ${sessionId}`);
    if (session.status !== "open") return session;
    const intentId = id("pi");
    const charge: FakeCharge = {
      id: id("ch"),
      object: "charge",
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: 0,
      currency: session.currency,
      paid: true,
      captured: true,
      refunded: false,
      disputed: false,
      status: "succeeded",
      payment_intent: intentId,
      receipt_url: `${this.baseUrl}/receipts/${intentId}`,
      metadata: {},
      created: now(),
      livemode: false,
    };
    this.charges.set(charge.id, charge);
    this.paymentIntents.set(intentId, {
      id: intentId,
      object: "payment_intent",
      amount: session.amount_total,
      amount_received: session.amount_total,
      currency: session.currency,
      status: "succeeded",
      metadata: session._intent.metadata,
      description: session._intent.description,
      latest_charge: charge.id,
      created: now(),
      livemode: false,
    });
    session.payment_intent = intentId;
    session.payment_status = "paid";
    session.status = "complete";
    session.url = null;
    this.emitLater("checkout.session.completed", this.publicSession(session));
    return session;
  }

  /** A refund made from the dashboard (the app's own refunds go through POST /v1/refunds). */
  refund({ chargeId, amount, metadata = {} }: { chargeId: string; amount?: number; metadata?: Metadata }): FakeRefund {
    return this.createRefund({ charge: chargeId, amount: amount === undefined ? undefined : String(amount), metadata });
  }

  /**
   * The cardholder disputes a charge: sends charge.dispute.created. As at Stripe, a dispute covers at most what was
   * not refunded (the default), and the charge cannot be refunded while it is open.
   */
  dispute({ chargeId, amount }: { chargeId: string; amount?: number }): FakeDispute {
    const charge = this.charges.get(chargeId);
    if (!charge) throw new Error(`no charge ${chargeId}`);
    const disputable = this.refundableCents(charge);
    if (disputable <= 0 || (amount !== undefined && (amount <= 0 || amount > disputable))) throw new Error(`charge ${chargeId} has ${disputable} cents left to dispute`);
    const dispute: FakeDispute = {
      id: id("dp"),
      object: "dispute",
      amount: amount ?? disputable,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      reason: "fraudulent",
      status: "needs_response",
      created: now(),
      livemode: false,
    };
    charge.disputed = true;
    this.disputes.set(dispute.id, dispute);
    this.emitLater("charge.dispute.created", { ...dispute });
    return dispute;
  }

  /** The card network decides: sends charge.dispute.closed. */
  closeDispute({ disputeId, status }: { disputeId: string; status: "won" | "lost" }): FakeDispute {
    const dispute = this.disputes.get(disputeId);
    if (!dispute) throw new Error(`no dispute ${disputeId}`);
    dispute.status = status;
    this.emitLater("charge.dispute.closed", { ...dispute });
    return dispute;
  }

  /** Build a signed event without sending it (tests that tamper with payloads, timestamps or signatures). */
  signedEvent(type: string, object: object, { timestamp = now(), secret = this.webhookSecret, eventId = id("evt") }: { timestamp?: number; secret?: string; eventId?: string } = {}) {
    const event = {
      id: eventId,
      object: "event",
      api_version: API_VERSION,
      created: timestamp,
      data: { object },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
    const payload = JSON.stringify(event);
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
    return { event, payload, signature };
  }

  /** Deliver an event now (retrying like Stripe) and return the last HTTP status the app answered. */
  async emit(type: string, object: object, options: { eventId?: string } = {}): Promise<Delivery> {
    const { event, payload } = this.signedEvent(type, object, options);
    const delivery: Delivery = { eventId: event.id, type, attempts: 0, status: 0 };
    this.deliveries.push(delivery);
    const attempts = this.options.maxAttempts ?? 4;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      delivery.attempts = attempt;
      // Each attempt is signed afresh, with the time of that attempt, as Stripe does.
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: this.webhookSecret });
      delivery.status = await this.post(payload, signature).catch(() => 0);
      if (delivery.status >= 200 && delivery.status < 300) break;
      if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, (this.options.retryDelayMs ?? 100) * attempt));
    }
    return delivery;
  }

  /** Hold webhooks back (they queue) until flushWebhooks: for out-of-order delivery tests. */
  pauseWebhooks(): void {
    this.paused ??= [];
  }

  /** Send the held webhooks one after another, in the order given (default: as they happened), and resume. */
  async flushWebhooks({ isReversed = false }: { isReversed?: boolean } = {}): Promise<Delivery[]> {
    const queued = this.paused ?? [];
    this.paused = null;
    const results: Delivery[] = [];
    for (const { type, object } of isReversed ? [...queued].reverse() : queued) results.push(await this.emit(type, object));
    return results;
  }

  private emitLater(type: string, object: object): void {
    if (this.paused) {
      this.paused.push({ type, object });
      return;
    }
    const run = (async () => {
      if (this.webhookDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.webhookDelayMs));
      await this.emit(type, object);
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async post(payload: string, signature: string): Promise<number> {
    const headers = { "content-type": "application/json; charset=utf-8", "stripe-signature": signature, "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)" };
    if (this.options.deliver) return this.options.deliver(payload, headers);
    if (!this.webhookUrl) return 0;
    const response = await fetch(this.webhookUrl, { method: "POST", headers, body: payload });
    await response.arrayBuffer();
    return response.status;
  }

  // ───────────── the HTTP server ─────────────

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.baseUrl);
    const method = req.method ?? "GET";
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    try {
      if (url.pathname.startsWith("/v1/")) return this.api(req, res, method, url, body);
      const page = /^\/checkout\/([\w]+)(\/pay|\/cancel)?$/.exec(url.pathname);
      if (page) return this.checkoutPage(res, method, page[1], page[2]);
      if (url.pathname.startsWith("/receipts/")) return this.html(res, 200, `<h1>Receipt</h1><p>${url.pathname.slice(10)}</p>`);
      this.html(res, 404, "<h1>Not found</h1>");
    } catch (error) {
      this.html(res, 500, `<h1>Fake Stripe error</h1><pre>${String(error)}</pre>`);
    }
  }

  private api(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: string): void {
    const idempotencyKey = (req.headers["idempotency-key"] as string | undefined) ?? null;
    this.requests.push({ method, path: url.pathname, idempotencyKey });
    const send = (status: number, payload: unknown) => {
      const text = JSON.stringify(payload);
      if (idempotencyKey && method === "POST") this.idempotent.set(idempotencyKey, { body, status, response: text });
      res.writeHead(status, { "content-type": "application/json", "request-id": id("req"), "stripe-version": API_VERSION });
      res.end(text);
    };
    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { type: "invalid_request_error", message: "Invalid API Key provided." } }));
      return;
    }
    const failure = this.failures.find((f) => f.method === method && url.pathname.startsWith(f.path) && f.times > 0);
    if (failure) {
      failure.times -= 1;
      res.writeHead(failure.status, { "content-type": "application/json", "stripe-should-retry": "false" });
      res.end(JSON.stringify({ error: { type: "api_error", message: "An unknown error occurred (fake Stripe failure)." } }));
      return;
    }
    if (idempotencyKey && method === "POST") {
      const previous = this.idempotent.get(idempotencyKey);
      if (previous && previous.body !== body) {
        return send(400, {
          error: { type: "idempotency_error", message: `Keys for idempotent requests can only be used with the same parameters they were first used with.` },
        });
      }
      if (previous) {
        res.writeHead(previous.status, { "content-type": "application/json", "idempotent-replayed": "true" });
        res.end(previous.response);
        return;
      }
    }
    const params = method === "GET" ? parseForm(url.search.slice(1)) : parseForm(body);
    try {
      send(200, this.dispatch(method, url.pathname, params));
    } catch (error) {
      if (!(error instanceof StripeHttpError)) throw error;
      send(error.status, { error: { type: error.type, message: error.message, code: error.code, param: error.param } });
    }
  }

  private dispatch(method: string, path: string, params: JsonObject): unknown {
    let match: RegExpExecArray | null;
    if (method === "POST" && path === "/v1/checkout/sessions") return this.createSession(params);
    if (method === "GET" && (match = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(path))) return this.publicSession(this.find(this.sessions, match[1], "checkout.session"));
    if (method === "GET" && (match = /^\/v1\/payment_intents\/([\w]+)$/.exec(path))) {
      const intent = this.find(this.paymentIntents, match[1], "payment_intent");
      const expand = Array.isArray(params.expand) ? params.expand : [];
      return expand.includes("latest_charge") ? { ...intent, latest_charge: { ...this.charges.get(intent.latest_charge) } } : { ...intent };
    }
    if (method === "GET" && (match = /^\/v1\/charges\/([\w]+)$/.exec(path))) return { ...this.find(this.charges, match[1], "charge") };
    if (method === "POST" && path === "/v1/refunds") {
      return this.createRefund({ charge: str(params.charge), paymentIntent: str(params.payment_intent), amount: str(params.amount) ?? undefined, metadata: metadataOf(params.metadata), reason: str(params.reason) });
    }
    if (method === "GET" && path === "/v1/refunds") {
      const charge = str(params.charge);
      const data = [...this.refunds.values()].filter((r) => !charge || r.charge === charge).reverse();
      return { object: "list", data, has_more: false, url: "/v1/refunds" };
    }
    if (method === "GET" && (match = /^\/v1\/refunds\/([\w]+)$/.exec(path))) return { ...this.find(this.refunds, match[1], "refund") };
    throw new StripeHttpError(404, "invalid_request_error", `Unrecognized request URL (${method}: ${path}).`);
  }

  private find<T>(map: Map<string, T>, key: string, kind: string): T {
    const found = map.get(key);
    if (!found) throw new StripeHttpError(404, "invalid_request_error", `No such ${kind}: '${key}'`, "resource_missing", "id");
    return found;
  }

  private createSession(params: JsonObject): FakeSession {
    if (params.mode !== "payment") throw new StripeHttpError(400, "invalid_request_error", "The fake supports mode=payment only.", "parameter_invalid", "mode");
    const successUrl = str(params.success_url);
    if (!successUrl) throw new StripeHttpError(400, "invalid_request_error", "Missing required param: success_url.", "parameter_missing", "success_url");
    const items = Array.isArray(params.line_items) ? params.line_items : [];
    if (items.length === 0) throw new StripeHttpError(400, "invalid_request_error", "Missing required param: line_items.", "parameter_missing", "line_items");
    let total = 0;
    let currency = "";
    let productName = "";
    for (const item of items) {
      const line = obj(item);
      const price = obj(line.price_data);
      const unit = Number(str(price.unit_amount));
      const quantity = Number(str(line.quantity) ?? "1");
      if (!Number.isSafeInteger(unit) || unit <= 0) throw new StripeHttpError(400, "invalid_request_error", "Invalid integer: unit_amount.", "parameter_invalid_integer", "line_items[0][price_data][unit_amount]");
      total += unit * quantity;
      currency = (str(price.currency) ?? "").toLowerCase();
      productName = str(obj(price.product_data).name) ?? "";
    }
    const sessionId = `cs_test_${randomBytes(16).toString("hex")}`;
    const intentData = obj(params.payment_intent_data);
    const session: FakeSession = {
      id: sessionId,
      object: "checkout.session",
      amount_subtotal: total,
      amount_total: total,
      currency,
      client_reference_id: str(params.client_reference_id),
      customer_email: str(params.customer_email),
      metadata: metadataOf(params.metadata),
      mode: "payment",
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      success_url: successUrl.replace("{CHECKOUT_SESSION_ID}", sessionId),
      cancel_url: str(params.cancel_url),
      url: `${this.baseUrl}/checkout/${sessionId}`,
      created: now(),
      expires_at: now() + 24 * 3600,
      livemode: false,
      _intent: { metadata: metadataOf(intentData.metadata), description: str(intentData.description) },
      _productName: productName,
    };
    this.sessions.set(sessionId, session);
    return this.publicSession(session);
  }

  /** A session as Stripe returns it (without the fake's private fields). */
  publicSession(session: FakeSession): FakeSession {
    const { _intent, _productName, ...rest } = session;
    return { ...rest, metadata: { ...rest.metadata } } as FakeSession;
  }

  private hasOpenDispute(charge: FakeCharge): boolean {
    return [...this.disputes.values()].some((d) => d.charge === charge.id && d.status !== "won" && d.status !== "lost");
  }

  /** What is left on a charge to refund or dispute: its amount less refunds and lost disputes. */
  private refundableCents(charge: FakeCharge): number {
    const lost = [...this.disputes.values()].filter((d) => d.charge === charge.id && d.status === "lost").reduce((sum, d) => sum + d.amount, 0);
    return charge.amount - charge.amount_refunded - lost;
  }

  private createRefund({ charge: chargeId, paymentIntent, amount, metadata, reason = null }: { charge: string | null; paymentIntent?: string | null; amount?: string; metadata: Metadata; reason?: string | null }): FakeRefund {
    const resolvedChargeId = chargeId ?? (paymentIntent ? this.paymentIntents.get(paymentIntent)?.latest_charge : undefined);
    if (!resolvedChargeId) throw new StripeHttpError(400, "invalid_request_error", "One of the following params should be provided for this request: payment_intent or charge.", "parameter_missing");
    const charge = this.find(this.charges, resolvedChargeId, "charge");
    if (this.hasOpenDispute(charge)) throw new StripeHttpError(400, "invalid_request_error", `Charge ${charge.id} has been charged back; cannot issue a refund.`, "charge_disputed");
    const left = this.refundableCents(charge);
    const cents = amount === undefined ? left : Number(amount);
    if (!Number.isSafeInteger(cents) || cents <= 0) throw new StripeHttpError(400, "invalid_request_error", "Invalid positive integer", "parameter_invalid_integer", "amount");
    if (left === 0 && charge.amount_refunded < charge.amount) throw new StripeHttpError(400, "invalid_request_error", `Charge ${charge.id} has been charged back; cannot issue a refund.`, "charge_disputed");
    if (left === 0) throw new StripeHttpError(400, "invalid_request_error", `Charge ${charge.id} has already been refunded.`, "charge_already_refunded");
    if (cents > left) {
      throw new StripeHttpError(400, "invalid_request_error", `Refund amount ($${dollars(cents)}) is greater than unrefunded amount on charge ($${dollars(left)})`, "amount_too_large", "amount");
    }
    const refund: FakeRefund = {
      id: id("re"),
      object: "refund",
      amount: cents,
      charge: charge.id,
      payment_intent: charge.payment_intent,
      currency: charge.currency,
      status: "succeeded",
      reason,
      metadata,
      created: now(),
    };
    this.refunds.set(refund.id, refund);
    charge.amount_refunded += cents;
    charge.refunded = charge.amount_refunded === charge.amount;
    this.emitLater("charge.refunded", { ...charge });
    return refund;
  }

  private checkoutPage(res: ServerResponse, method: string, sessionId: string, action: string | undefined): void {
    const session = this.sessions.get(sessionId);
    if (!session) return this.html(res, 404, "<h1>This Checkout session does not exist</h1>");
    if (method === "POST" && action === "/pay") {
      this.pay(sessionId);
      res.writeHead(303, { location: session.success_url }).end();
      return;
    }
    if (action === "/cancel") {
      res.writeHead(303, { location: session.cancel_url ?? "/" }).end();
      return;
    }
    const amount = `${session.currency.toUpperCase()} ${dollars(session.amount_total)}`;
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
    this.html(
      res,
      200,
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Checkout (fake Stripe)</title>
<style>body{font:16px system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:32px;border-radius:12px;box-shadow:0 2px 12px #0002;min-width:300px}h1{font-size:18px;margin:0 0 4px}
.amount{font-size:32px;font-weight:600;margin:8px 0 24px}button{width:100%;padding:12px;border:0;border-radius:6px;background:#635bff;color:#fff;font-size:16px;cursor:pointer}
a{display:block;margin-top:16px;text-align:center;color:#635bff}</style></head>
<body><main><h1>${escape(session._productName || "Payment")}</h1><p>${escape(session.customer_email ?? "")}</p>
<div class="amount" data-testid="checkout-amount">${escape(amount)}</div>
${session.status === "open" ? `<form method="post" action="/checkout/${session.id}/pay"><button type="submit">Pay ${escape(amount)}</button></form>` : "<p>This session is complete.</p>"}
<a href="/checkout/${session.id}/cancel">Cancel and return</a></main></body></html>`,
    );
  }

  private html(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  }
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  return new FakeStripe(options).start();
}

import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cloudflare } from 'cloudflare';
import { expect } from 'vitest';
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/simulator/index.js';
import { scaled } from '../support/time.js';

/** Parsed JSON as tests read it: loosely, like the upstream writes it. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted on, not typed.
export type Json = any;

export const ACCOUNT = '023e105f4ecef8ad9ca31a8372d0c353';
export const APP = '14a396e7-ca44-4937-bf1f-050a69118543';
export const TOKEN = 'test-token';

// One key per test file: generating a 2048-bit key per simulator would dominate the run time.
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});
export const PRIVATE_KEY_PEM = privateKey;

/** A fresh random meeting UUID: every well-formed one names a live meeting. */
export function meetingId(): string {
  return crypto.randomUUID();
}

const running = new Set<{ close(): Promise<void> }>();

/** Closes every simulator and receiver the current test started (call from afterEach). */
export async function closeAll(): Promise<void> {
  const all = [...running];
  running.clear();
  await Promise.all(all.map((item) => item.close()));
}

/** A simulator with the shared key, stopped by closeAll(). */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator({ privateKeyPem: PRIVATE_KEY_PEM, timeScale: 0.01, ...options });
  running.add({ close: () => sim.stop() });
  return sim;
}

/** One raw HTTP exchange the SDK made, as seen by its `fetch`. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  text: string;
}

/** The real SDK pointed at `sim`, recording every raw response into `log`. */
export function sdk(sim: Simulator, log: Exchange[] = [], apiToken = TOKEN): Cloudflare {
  const fetchAndRecord = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    log.push({ method, url, status: response.status, text: await response.clone().text() });
    return response;
  };
  return new Cloudflare({ apiToken, baseURL: sim.baseUrl, maxRetries: 0, fetch: fetchAndRecord });
}

/** `${baseUrl}/accounts/{ACCOUNT}/realtime/kit/{APP}` for plain fetch calls. */
export function appUrl(sim: Simulator): string {
  return `${sim.baseUrl}/accounts/${ACCOUNT}/realtime/kit/${APP}`;
}

/** A plain authorised JSON request to the app's REST surface. */
export async function call(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const response = await fetch(`${appUrl(sim)}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : null,
  };
}

/** One webhook delivery as a receiver saw it. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: Json;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Chooses the HTTP status of each delivery (default 200); `index` counts from 0. */
  respondWith(status: (delivery: Received, index: number) => number): void;
  /** Resolves once `predicate` holds over everything received so far; rejects after `timeoutMs`. */
  waitFor(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A node:http webhook receiver on port 0, closed by closeAll(). */
export async function receiver(): Promise<Receiver> {
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  let status: (delivery: Received, index: number) => number = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const delivery: Received = { headers: req.headers, raw, body: JSON.parse(raw.toString()) };
      received.push(delivery);
      res.writeHead(status(delivery, received.length - 1)).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const self: Receiver = {
    url: `http://127.0.0.1:${port}/webhooks/realtimekit`,
    received,
    respondWith: (choose) => {
      status = choose;
    },
    // A ceiling, not an expectation: webhooks arrive on the simulator's timers, late when loaded.
    waitFor: (predicate, timeoutMs = scaled(30_000)) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          cleanup();
          resolve(received);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`receiver: condition not met in ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  running.add(self);
  return self;
}

/** Registers `url` for recording.statusUpdate through the SDK; returns the webhook id. */
export async function register(client: Cloudflare, url: string): Promise<string> {
  const created = await client.realtimeKit.webhooks.createWebhook(APP, {
    account_id: ACCOUNT,
    name: 'test receiver',
    url,
    events: ['recording.statusUpdate'],
  });
  return created.data.id;
}

/** The statuses a receiver saw for one recording, in arrival order. */
export function statusesOf(received: Received[], recordingId: string): string[] {
  return received
    .filter((delivery) => delivery.body.recording?.id === recordingId)
    .map((delivery) => delivery.body.recording.status as string);
}

/** A predicate: the recording has reached `status` in what the receiver saw. */
export function reached(recordingId: string, status: string) {
  return (received: Received[]) => statusesOf(received, recordingId).includes(status);
}

/** A simulator with a registered receiver, and shorthands for the recording calls. */
export interface Harness {
  sim: Simulator;
  client: Cloudflare;
  rx: Receiver;
  /** Starts a composite recording on a fresh meeting (or `meeting`) and returns its id. */
  start(body?: Record<string, unknown>): Promise<string>;
  act(id: string, action: 'pause' | 'resume' | 'stop'): Promise<{ status: number; json: Json }>;
  get(id: string): Promise<Json>;
}

/** A simulator (stopped by closeAll) whose webhooks reach a fresh receiver. */
export async function harness(timeScale = 0.01, options: SimulatorOptions = {}): Promise<Harness> {
  const sim = await simulator({ timeScale, ...options });
  const client = sdk(sim);
  const rx = await receiver();
  await register(client, rx.url);
  return {
    sim,
    client,
    rx,
    start: async (body = {}) => {
      const reply = await call(sim, 'POST', '/recordings', { meeting_id: meetingId(), ...body });
      expect(reply.status).toBe(200);
      return reply.json.data.id;
    },
    act: (id, action) => call(sim, 'PUT', `/recordings/${id}`, { action }) as Promise<Json>,
    get: async (id) => (await call(sim, 'GET', `/recordings/${id}`)).json.data,
  };
}

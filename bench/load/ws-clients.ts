import { WebSocket } from 'ws';
import { epochMs } from '../lib/http.js';
import { type Message, serve, tell } from '../lib/ipc.js';

/**
 * Subscribers, run in their own process so their CPU never counts as the server's. Each socket
 * speaks graphql-ws (connection_init, then one subscribe) or, for the raw baseline, nothing at all;
 * every message received is timestamped by the recording it is about. The bench hears `ready` once
 * every socket has had a message (so all are subscribed), and `progress` once every open socket has
 * had a given recording's message.
 */

export interface ConnectMessage extends Message {
  type: 'connect';
  url: string;
  count: number;
  protocol: 'graphql-ws' | 'raw';
  /** The graphql-ws subscribe payload, sent after connection_ack. */
  subscribe?: { query: string; variables: Record<string, unknown>; operationName: string };
  concurrency: number;
}

export interface ConnectedMessage extends Message {
  type: 'connected';
  failures: number;
  firstFailure: string | null;
}

export interface ProgressMessage extends Message {
  type: 'progress';
  key: string;
}

export interface ReportMessage extends Message {
  type: 'report';
  /** Receive times (epoch ms) per recording id. */
  receipts: Record<string, number[]>;
  messages: number;
  bytes: number;
  /** Sockets the server closed, and the first reason given. */
  closed: number;
  problems: string[];
}

const receipts = new Map<string, number[]>();
const reported = new Set<string>();
const problems: string[] = [];
let open = 0;
let heard = 0;
let closed = 0;
let messages = 0;
let bytes = 0;
let readySent = false;

function checkProgress(key: string): void {
  if (!reported.has(key) && (receipts.get(key)?.length ?? 0) >= open) {
    reported.add(key);
    tell({ type: 'progress', key } satisfies ProgressMessage);
  }
}

function received(state: { heard: boolean }, data: Buffer): void {
  const at = epochMs();
  messages += 1;
  bytes += data.length;
  const message = JSON.parse(data.toString()) as {
    type?: string;
    payload?: { data?: { recordingStatusChanged?: { recordingId?: string } } };
  };
  const key = message.payload?.data?.recordingStatusChanged?.recordingId;
  if (message.type !== 'next' || typeof key !== 'string') {
    if (problems.length < 5) problems.push(data.toString().slice(0, 300));
    return;
  }
  if (!state.heard) {
    state.heard = true;
    heard += 1;
  }
  let times = receipts.get(key);
  if (!times) {
    times = [];
    receipts.set(key, times);
  }
  times.push(at);
  checkProgress(key);
  if (!readySent && heard >= open) {
    readySent = true;
    tell({ type: 'ready' });
  }
}

function connect(message: ConnectMessage): Promise<void> {
  const graphqlWs = message.protocol === 'graphql-ws';
  const subscribe = JSON.stringify({ id: '1', type: 'subscribe', payload: message.subscribe });
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(message.url, graphqlWs ? 'graphql-transport-ws' : [], {
      perMessageDeflate: false,
    });
    const state = { heard: false, subscribed: false };
    socket.on('open', () => {
      if (graphqlWs) return socket.send('{"type":"connection_init","payload":{}}');
      state.subscribed = true;
      open += 1;
      resolve();
    });
    socket.on('message', (data: Buffer) => {
      if (state.subscribed) return received(state, data);
      if ((JSON.parse(data.toString()) as { type?: string }).type !== 'connection_ack') return;
      socket.send(subscribe);
      state.subscribed = true;
      open += 1;
      resolve();
    });
    socket.on('error', (error) => state.subscribed || reject(error));
    socket.on('close', (code, reason) => {
      if (!state.subscribed) return reject(new Error(`closed ${code} ${reason.toString()}`));
      open -= 1;
      closed += 1;
      if (state.heard) heard -= 1;
      if (problems.length < 5) problems.push(`closed by the server: ${code} ${reason.toString()}`);
      for (const key of receipts.keys()) checkProgress(key);
    });
  });
}

async function connectAll(message: ConnectMessage): Promise<ConnectedMessage> {
  let next = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const worker = async () => {
    while (next < message.count) {
      next += 1;
      await connect(message).catch((error: Error) => {
        failures += 1;
        firstFailure ??= error.message;
      });
    }
  };
  await Promise.all(Array.from({ length: message.concurrency }, worker));
  return { type: 'connected', failures, firstFailure };
}

serve(async (message) => {
  if (message.type === 'connect') return connectAll(message as ConnectMessage);
  if (message.type === 'report') {
    return {
      type: 'report',
      receipts: Object.fromEntries(receipts),
      messages,
      bytes,
      closed,
      problems,
    } satisfies ReportMessage;
  }
  return undefined;
});

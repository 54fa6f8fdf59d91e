import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createWebhookKeySource,
  WebhookKeyUnavailableError,
} from '../../src/webhooks/signature.js';
import { type Pair, rsaPair } from '../support/keys.js';
import { silentLogger } from '../support/logs.js';
import { signBody, startKeyServer, startServer } from './support.js';

let current: Pair;
let rotated: Pair;
const body = Buffer.from('{"event":"recording.statusUpdate"}');
const cleanups: Array<() => Promise<void>> = [];

beforeAll(() => {
  current = rsaPair();
  rotated = rsaPair();
});

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function keyServer(pem: string) {
  const server = await startKeyServer(pem);
  cleanups.push(server.close);
  return server;
}

describe('createWebhookKeySource with a pinned key', () => {
  it('verifies exactly the signed bytes and never fetches', async () => {
    const fetchSpy = vi.fn<typeof fetch>();
    const keys = createWebhookKeySource({
      publicKeyPem: current.pem,
      fetch: fetchSpy,
      logger: silentLogger,
    });
    const signature = signBody(body, current.privateKey);
    expect(await keys.verify(body, signature)).toBe(true);
    const altered = Buffer.from(body);
    altered[2] = (altered[2] ?? 0) ^ 1;
    expect(await keys.verify(altered, signature)).toBe(false);
    expect(await keys.verify(body, signBody(body, rotated.privateKey))).toBe(false);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('answers false for malformed signatures rather than throwing', async () => {
    const keys = createWebhookKeySource({ publicKeyPem: current.pem, logger: silentLogger });
    for (const bad of ['', '!!!!', 'a', 'abc=def=', '😀', 'A'.repeat(10_000), '====']) {
      expect(await keys.verify(body, bad)).toBe(false);
    }
  });

  it('accepts a PEM written with literal \\n sequences', async () => {
    const keys = createWebhookKeySource({
      publicKeyPem: current.pem.replaceAll('\n', '\\n'),
      logger: silentLogger,
    });
    expect(await keys.verify(body, signBody(body, current.privateKey))).toBe(true);
  });

  it('refuses to be built with both, neither, or a broken pinned key', () => {
    const url = 'http://127.0.0.1:9/.well-known/webhooks.json';
    expect(() => createWebhookKeySource({ logger: silentLogger })).toThrow(/exactly one/);
    expect(() =>
      createWebhookKeySource({ publicKeyPem: current.pem, keyUrl: url, logger: silentLogger }),
    ).toThrow(/exactly one/);
    expect(() =>
      createWebhookKeySource({ publicKeyPem: 'not a key', logger: silentLogger }),
    ).toThrow(/not an RSA public key/);
  });
});

describe('createWebhookKeySource with a key URL', () => {
  it('fetches once, coalescing concurrent first requests, and caches the key', async () => {
    const server = await keyServer(current.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const signature = signBody(body, current.privateKey);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => keys.verify(body, signature)),
    );
    expect(results.every(Boolean)).toBe(true);
    expect(await keys.verify(body, signature)).toBe(true);
    expect(server.hits()).toBe(1);
  });

  it('re-fetches once when the key rotates, then refuses the old key without fetching', async () => {
    const server = await keyServer(current.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    expect(await keys.verify(body, signBody(body, current.privateKey))).toBe(true);
    server.serve(rotated.pem);
    expect(await keys.verify(body, signBody(body, rotated.privateKey))).toBe(true);
    expect(server.hits()).toBe(2);
    expect(await keys.verify(body, signBody(body, current.privateKey))).toBe(false);
    expect(server.hits()).toBe(2);
  });

  it('re-fetches at most once per cooldown however many signatures fail', async () => {
    const server = await keyServer(current.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const forged = signBody(body, rotated.privateKey);
    expect(await keys.verify(body, signBody(body, current.privateKey))).toBe(true);
    const concurrent = await Promise.all(
      Array.from({ length: 25 }, () => keys.verify(body, forged)),
    );
    for (let i = 0; i < 25; i += 1) concurrent.push(await keys.verify(body, forged));
    expect(concurrent.some(Boolean)).toBe(false);
    expect(server.hits()).toBe(2);
  });

  it('re-fetches on every failure when the cooldown is zero', async () => {
    const server = await keyServer(current.pem);
    const keys = createWebhookKeySource({
      keyUrl: server.url,
      logger: silentLogger,
      refetchCooldownMs: 0,
    });
    const forged = signBody(body, rotated.privateKey);
    for (let i = 0; i < 3; i += 1) expect(await keys.verify(body, forged)).toBe(false);
    // The first failure is checked against a key fetched that moment, so only later ones re-fetch.
    expect(server.hits()).toBe(3);
  });

  it('does not fetch for a signature that is not even base64', async () => {
    const server = await keyServer(current.pem);
    const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    expect(await keys.verify(body, 'not base64!')).toBe(false);
    expect(server.hits()).toBe(0);
  });

  it('throws WebhookKeyUnavailableError when the key URL fails or refuses connections', async () => {
    const server = await keyServer(current.pem);
    server.serve(null);
    const failing = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
    const signature = signBody(body, current.privateKey);
    await expect(failing.verify(body, signature)).rejects.toThrow(WebhookKeyUnavailableError);

    const gone = await startServer(() => undefined);
    await gone.close();
    const refused = createWebhookKeySource({ keyUrl: gone.url, logger: silentLogger });
    await expect(refused.verify(body, signature)).rejects.toThrow(WebhookKeyUnavailableError);
  });

  it('treats a response without a usable RSA key as no key at all', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    for (const publicKey of ['garbage', ec]) {
      const server = await keyServer(publicKey);
      const keys = createWebhookKeySource({ keyUrl: server.url, logger: silentLogger });
      await expect(keys.verify(body, signBody(body, current.privateKey))).rejects.toThrow(
        WebhookKeyUnavailableError,
      );
    }
  });

  it('recovers once the key URL comes back', async () => {
    const server = await keyServer(current.pem);
    server.serve(null);
    const keys = createWebhookKeySource({
      keyUrl: server.url,
      logger: silentLogger,
      refetchCooldownMs: 0,
    });
    const signature = signBody(body, current.privateKey);
    await expect(keys.verify(body, signature)).rejects.toThrow(WebhookKeyUnavailableError);
    server.serve(current.pem);
    expect(await keys.verify(body, signature)).toBe(true);
  });
});

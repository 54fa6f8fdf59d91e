import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import { RecordingByIdDocument, StartRecordingDocument } from './__generated__/graphql.js';

/**
 * Secret hygiene, checked on everything a real gateway process writes: a Cloudflare-mode gateway
 * (over a standalone simulator) logs at trace level through successes, validation failures,
 * upstream errors that echo credentials, refused tokens and forged webhooks; then its whole
 * stdout and stderr are searched for every secret it was given or sent.
 */

const CLOUDFLARE_TOKEN = `cf-token-${randomUUID()}`;
const JWT_SECRET = `jwt-secret-${randomUUID()}`;
const STORAGE = {
  accessKey: `AKIA${randomUUID().replaceAll('-', '').slice(0, 16).toUpperCase()}`,
  secret: `storage-secret-${randomUUID()}`,
  password: `sftp-password-${randomUUID()}`,
  privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----${randomUUID()}`,
};
/** An S3 destination carrying two of the credentials. */
const AWS_STORAGE = {
  type: 'AWS',
  bucket: 'b',
  accessKey: STORAGE.accessKey,
  secret: STORAGE.secret,
};
const dataDir = mkdtempSync(join(tmpdir(), 'rtk-secrets-'));
let simulator: Simulator | undefined;

afterAll(async () => {
  await simulator?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('never writes the Cloudflare token, JWTs, the JWT secret or storage credentials', async () => {
  simulator = await startSimulator({ apiToken: CLOUDFLARE_TOKEN, timeScale: 0.01 });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      LOG_LEVEL: 'trace',
      DATA_DIR: dataDir,
      CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
      CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
      REALTIMEKIT_APP_ID: randomUUID(),
      CLOUDFLARE_BASE_URL: simulator.baseUrl,
      REALTIMEKIT_WEBHOOK_KEY_URL: simulator.keyUrl,
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: JWT_SECRET,
      UPSTREAM_MAX_RETRY_WAIT_MS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let i = 0; i < 200 && !output.includes('rtk-gateway listening'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(output)?.[1];
  expect(url).toBeDefined();

  const jwt = await new SignJWT({ scope: 'recordings:read recordings:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('leak-check')
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(JWT_SECRET));
  const forged = await new SignJWT({ scope: 'recordings:write' })
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(`${JWT_SECRET}-guess`));
  const call = async (document: string, variables: unknown, token = jwt) =>
    (
      await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: document, variables }),
      })
    ).text();

  const answers: string[] = [];
  const start = print(StartRecordingDocument);
  // Succeeds, with every storage credential in the request.
  answers.push(
    await call(start, {
      input: {
        meetingId: randomUUID(),
        storageConfig: AWS_STORAGE,
      },
    }),
  );
  // Fails validation, with credentials in the refused input.
  answers.push(
    await call(start, {
      input: {
        meetingId: randomUUID(),
        storageConfig: {
          type: 'SFTP',
          username: 'u',
          password: STORAGE.password,
          privateKey: STORAGE.privateKey,
        },
      },
    }),
  );
  // Upstream errors whose bodies echo the credentials back.
  for (const status of [401, 500, 400]) {
    simulator.faults.rest({
      status,
      body: {
        success: false,
        error: { code: status, message: `Bearer ${CLOUDFLARE_TOKEN} ${STORAGE.secret}` },
      },
    });
    answers.push(
      await call(start, {
        input: {
          meetingId: randomUUID(),
          storageConfig: AWS_STORAGE,
        },
      }),
    );
  }
  simulator.faults.rest({
    status: 401,
    body: { message: `Unauthorized ${CLOUDFLARE_TOKEN}` },
    times: 3,
  });
  answers.push(await call(print(RecordingByIdDocument), { id: randomUUID() }));
  // A forged client token, and a forged webhook.
  answers.push(await call(print(RecordingByIdDocument), { id: randomUUID() }, forged));
  const webhook = await fetch(`${url}/webhooks/realtimekit`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'rtk-signature': Buffer.from(CLOUDFLARE_TOKEN).toString('base64'),
    },
    body: JSON.stringify({
      event: 'recording.statusUpdate',
      recording: { id: randomUUID(), status: 'INVOKED' },
    }),
  });
  answers.push(await webhook.text());

  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(output).toContain('"level":20'); // debug lines were written: the scan saw everything
  const everything = `${output}\n${answers.join('\n')}`;
  for (const secret of [CLOUDFLARE_TOKEN, JWT_SECRET, jwt, forged, ...Object.values(STORAGE)]) {
    expect(everything).not.toContain(secret);
  }
}, 60_000);

import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../src/simulator/index.js';
import {
  RecordingByIdDocument,
  StartRecordingDocument,
  type StartRecordingInput,
} from './__generated__/graphql.js';
import { graphql, post } from './support/http.js';
import { bearer, signToken } from './support/keys.js';
import { startGatewayProcess } from './support/processes.js';
import { scaled } from './support/time.js';

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
const AWS_STORAGE: StartRecordingInput['storageConfig'] = {
  type: 'AWS',
  bucket: 'b',
  accessKey: STORAGE.accessKey,
  secret: STORAGE.secret,
};
let simulator: Simulator | undefined;

afterAll(async () => {
  await simulator?.stop();
});

it(
  'never writes the Cloudflare token, JWTs, the JWT secret or storage credentials',
  async () => {
    simulator = await startSimulator({ apiToken: CLOUDFLARE_TOKEN, timeScale: 0.01 });
    const gateway = await startGatewayProcess({
      LOG_LEVEL: 'trace',
      CLOUDFLARE_API_TOKEN: CLOUDFLARE_TOKEN,
      CLOUDFLARE_ACCOUNT_ID: 'acc0123456789abcdef0123456789abcd',
      REALTIMEKIT_APP_ID: randomUUID(),
      CLOUDFLARE_BASE_URL: simulator.baseUrl,
      REALTIMEKIT_WEBHOOK_KEY_URL: simulator.keyUrl,
      AUTH_MODE: 'jwt',
      AUTH_JWT_SECRET: JWT_SECRET,
      UPSTREAM_MAX_RETRY_WAIT_MS: '0',
    });
    const jwt = await signToken(JWT_SECRET, { sub: 'leak-check' });
    const forged = await signToken(`${JWT_SECRET}-guess`, { scope: 'recordings:write' });
    const start = (input: StartRecordingInput) =>
      graphql(gateway, StartRecordingDocument, { input }, { authorization: bearer(jwt) });
    const read = (token: string) =>
      graphql(
        gateway,
        RecordingByIdDocument,
        { id: randomUUID() },
        { authorization: bearer(token) },
      );

    const answers: string[] = [];
    // Succeeds, with every storage credential in the request.
    const started = await start({ meetingId: randomUUID(), storageConfig: AWS_STORAGE });
    expect(started.expectNoGraphQLErrors().startRecording.__typename).toBe('StartRecordingSuccess');
    answers.push(started.text);
    // Fails validation, with credentials in the refused input.
    const refused = await start({
      meetingId: randomUUID(),
      storageConfig: {
        type: 'SFTP',
        username: 'u',
        password: STORAGE.password,
        privateKey: STORAGE.privateKey,
      },
    });
    answers.push(refused.text);
    // Upstream errors whose bodies echo the credentials back.
    for (const status of [401, 500, 400]) {
      simulator.faults.rest({
        status,
        body: {
          success: false,
          error: { code: status, message: `Bearer ${CLOUDFLARE_TOKEN} ${STORAGE.secret}` },
        },
      });
      answers.push((await start({ meetingId: randomUUID(), storageConfig: AWS_STORAGE })).text);
    }
    simulator.faults.rest({
      status: 401,
      body: { message: `Unauthorized ${CLOUDFLARE_TOKEN}` },
      times: 3,
    });
    answers.push((await read(jwt)).text);
    // A forged client token, and a forged webhook.
    const forgedRead = await read(forged);
    expect(forgedRead.status).toBe(401);
    answers.push(forgedRead.text);
    const webhook = await post(
      gateway,
      { event: 'recording.statusUpdate', recording: { id: randomUUID(), status: 'INVOKED' } },
      {
        path: '/webhooks/realtimekit',
        headers: { 'rtk-signature': Buffer.from(CLOUDFLARE_TOKEN).toString('base64') },
      },
    );
    expect(webhook.status).toBe(401);
    answers.push(webhook.text);

    expect(await gateway.stop()).toBe(0);
    const output = gateway.output();
    expect(output).toContain('"level":20'); // debug lines were written: the scan saw everything
    const everything = `${output}\n${answers.join('\n')}`;
    for (const secret of [CLOUDFLARE_TOKEN, JWT_SECRET, jwt, forged, ...Object.values(STORAGE)]) {
      expect(everything).not.toContain(secret);
    }
  },
  scaled(300_000),
);

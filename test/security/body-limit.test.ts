import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { bodySizeLimitPlugin } from '../../src/security/body-limit.js';

/**
 * The body cap on its own, in process (a real socket sends declared and chunked bodies in
 * hardening-e2e.test.ts). A declared length is trusted only as a bound Node enforces, so it is
 * checked against the limit; a body without one is counted as it streams.
 */

const LIMIT = 64;
const yoga = createYoga({
  schema: createSchema({
    typeDefs: 'type Query { ok: Boolean }',
    resolvers: { Query: { ok: () => true } },
  }),
  maxRequestBodySize: false,
  logging: false,
  plugins: [bodySizeLimitPlugin(LIMIT)],
});

const QUERY = '{"query":"{ ok }"}';
const padded = (bytes: number) => QUERY.replace('}"}', `}${' '.repeat(bytes - QUERY.length)}"}`);

/** A body with no declared length, in `pieces` chunks. */
function streamed(text: string, pieces: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const size = Math.ceil(bytes.length / pieces);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function post(
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  const response = await yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, body: await response.json() };
}

describe('body size limit', () => {
  it('runs a declared body of exactly the limit', async () => {
    const body = padded(LIMIT);
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const answer = await post(body, { 'content-length': String(LIMIT) });
    expect(answer).toEqual({ status: 200, body: { data: { ok: true } } });
  });

  it('refuses a declared length over the limit with 413 before reading the body', async () => {
    const answer = await post(padded(LIMIT + 1), { 'content-length': String(LIMIT + 1) });
    expect(answer.status).toBe(413);
    expect(answer.body.errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('refuses a Content-Length that is not one plain number with 400', async () => {
    for (const declared of ['12, 12', '-1', '1e3', 'abc']) {
      const answer = await post(QUERY, { 'content-length': declared });
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });

  it('counts a body of no declared length as it streams: 413 past the limit, runs one within it', async () => {
    const over = await post(streamed(padded(LIMIT * 4), 8));
    expect(over.status).toBe(413);
    expect(over.body.errors[0].extensions.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    const within = await post(streamed(padded(LIMIT), 4));
    expect(within).toEqual({ status: 200, body: { data: { ok: true } } });
  });
});

import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExecutionResult, getOperationAST } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { describeOperationError } from '../security/error-log.js';
import type { GatewayYoga } from '../yoga.js';

/**
 * The common GraphQL request — a JSON POST of one query or mutation, answered as JSON — run
 * without yoga's HTTP layer. yoga turns each Node request into a fetch `Request`, walks its
 * request-parsing, parameter and result-processing hooks, and writes a fetch `Response` back;
 * for a query that costs about as much as executing it. Here the body is read and parsed once,
 * and the operation runs through `yoga.getEnveloped`, as graphql-ws operations do, so every
 * envelop plugin applies unchanged: operation limits, introspection, masking, the mutation limit,
 * and authentication in the context. The answer is built by yoga's own `processRegularResult`.
 *
 * Only a request whose every step yoga would take the same way comes here (see `takes`), and only
 * a plain execution result is answered here: a body or parameters yoga would refuse, a document
 * that fails to parse or validate, a subscription, or a context that refuses the caller is handed
 * to yoga with the body already read, so every error answer is yoga's own.
 */

type MediaType = 'application/json' | 'application/graphql-response+json';

/** The `Accept` values whose answer yoga negotiates to one JSON type (checked in the tests). */
const ACCEPTED: ReadonlyMap<string | undefined, MediaType> = new Map<string | undefined, MediaType>(
  [
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
  ],
);
const JSON_BODY = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;
const PARAMS = new Set(['query', 'variables', 'operationName', 'extensions']);
const DECIMAL = /^\d+$/;

export interface DirectGraphQL {
  /** Whether `req` is one this path serves (decided from its headers alone). */
  takes(req: IncomingMessage): boolean;
  /** Serves a request `takes` accepted. */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Requests answered here, and those taken but handed to yoga to answer. */
  stats(): { answered: number; handedToYoga: number };
}

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The parameters when they are exactly what yoga accepts without a word; null otherwise. */
function cleanParams(body: unknown): Params | null {
  if (!isObject(body) || typeof body.query !== 'string') return null;
  for (const [key, value] of Object.entries(body)) {
    if (value === null || value === undefined) continue;
    if (!PARAMS.has(key)) return null;
    if (key === 'operationName' ? typeof value !== 'string' : key !== 'query' && !isObject(value)) {
      return null;
    }
  }
  return body as unknown as Params;
}

/** What yoga answers when an operation fails outside GraphQL's own error handling. */
const UNEXPECTED = JSON.stringify({ errors: [{ message: 'Unexpected error.' }] });

function writeResponse(res: ServerResponse, response: Response, body: string): void {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Builds the direct path over `yoga`. `maxBodyBytes` is the gateway's body limit; `corsEnabled`
 * sends cross-origin requests to yoga (its CORS plugin answers them); with persisted operations
 * every request goes to yoga, whose plugin resolves the operation id.
 */
export function createDirectGraphQL(
  yoga: GatewayYoga,
  options: {
    maxBodyBytes: number;
    corsEnabled: boolean;
    persistedOperations: boolean;
    logger: Logger;
  },
): DirectGraphQL {
  const { fetchAPI } = yoga;
  const counts = { answered: 0, handedToYoga: 0 };

  /**
   * yoga answers, from the body already read, as if it had read it itself. A JSON object goes
   * through yoga's Node handler as a parsed body (the body-parser integration it supports), so an
   * answer that streams (a subscription over SSE) streams, and ends when the client leaves. Any
   * other body is refused by yoga's parameter checks before anything runs, so its answer is read
   * whole.
   */
  async function handBack(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    parsed: unknown,
  ): Promise<void> {
    counts.handedToYoga += 1;
    if (isObject(parsed) && Object.keys(parsed).length > 0) {
      (req as IncomingMessage & { body?: unknown }).body = parsed;
      await yoga(req, res);
      return;
    }
    const request = new fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: body as unknown as BodyInit,
    });
    const response = await yoga.fetch(request, { req });
    writeResponse(res, response, await response.text());
  }

  /** The answer when it is a plain execution result; undefined when yoga must answer instead. */
  async function execute(
    req: IncomingMessage,
    res: ServerResponse,
    params: Params,
  ): Promise<ExecutionResult | undefined> {
    const request = {
      method: 'POST',
      url: req.url,
      headers: new fetchAPI.Headers(req.headers as Record<string, string>),
    };
    const enveloped = yoga.getEnveloped({
      req,
      res,
      request: request as unknown as Request,
      params,
    } as Parameters<GatewayYoga['getEnveloped']>[0]);
    let document: ReturnType<typeof enveloped.parse>;
    try {
      document = enveloped.parse(params.query);
      if (enveloped.validate(enveloped.schema, document).length > 0) return undefined;
    } catch {
      return undefined;
    }
    if (getOperationAST(document, params.operationName)?.operation === 'subscription') {
      return undefined;
    }
    let contextValue: unknown;
    try {
      contextValue = await enveloped.contextFactory();
    } catch {
      return undefined;
    }
    // From here on the operation may have run (a mutation): its answer is given here, whatever it is.
    return (await enveloped.execute({
      schema: enveloped.schema,
      document,
      contextValue,
      variableValues: params.variables,
      operationName: params.operationName,
    })) as ExecutionResult;
  }

  async function answer(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // Invalid JSON: yoga's refusal.
    }
    const params = cleanParams(parsed);
    let result: ExecutionResult | undefined;
    try {
      result = params ? await execute(req, res, params) : undefined;
    } catch (error) {
      // Masking turns every resolver error into a result; only a broken plugin lands here.
      const { entry } = describeOperationError(error);
      options.logger.error(entry, 'operation failed');
      res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end(UNEXPECTED);
      return;
    }
    if (!result) return handBack(req, res, body, parsed);
    counts.answered += 1;
    const mediaType = ACCEPTED.get(req.headers.accept) ?? 'application/json';
    const response = processRegularResult(result, fetchAPI, mediaType);
    writeResponse(res, response, await response.text());
  }

  return {
    takes(req) {
      const { headers } = req;
      const length = headers['content-length'];
      return (
        !options.persistedOperations &&
        req.method === 'POST' &&
        length !== undefined &&
        DECIMAL.test(length) &&
        Number(length) <= options.maxBodyBytes &&
        headers['transfer-encoding'] === undefined &&
        headers['content-encoding'] === undefined &&
        JSON_BODY.test(headers['content-type'] ?? '') &&
        ACCEPTED.has(headers.accept) &&
        !(options.corsEnabled && headers.origin !== undefined)
      );
    },
    stats: () => ({ ...counts }),
    serve(req, res) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      // A body that never ends is cut off by the body deadline, which destroys the request.
      req.once('end', () => {
        answer(req, res, Buffer.concat(chunks)).catch((error: unknown) => {
          res.destroy(error instanceof Error ? error : undefined);
        });
      });
    },
  };
}

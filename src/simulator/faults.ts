import { z } from 'zod';
import { RECORDING_STATUSES, type RecordingStatus } from './contract.js';
import { errorReply, type Reply } from './http-util.js';
import { seededRandom } from './random.js';
import type { DeliveryChaos, RestFault, SimulatorFaults, WebhookFault } from './types.js';

type Armed<T> = T & { remaining: number };

const restFaultJson = z.object({
  method: z.string().optional(),
  path: z.string().optional(),
  /** JSON cannot carry a RegExp, so over HTTP a pattern comes as its source text. */
  pathPattern: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  delayMs: z.number().min(0).optional(),
  times: z.number().int().min(1).optional(),
});
const webhookFaultJson = z.object({
  kind: z.enum(['duplicate', 'resend', 'suppress', 'delay', 'fail']),
  status: z.enum(RECORDING_STATUSES).optional(),
  recordingId: z.string().optional(),
  delayMs: z.number().min(0).optional(),
  times: z.number().int().min(1).optional(),
});
const deliveryChaosJson = z.object({
  maxDelayMs: z.number().int().min(0).max(600_000).optional(),
  repeatRate: z.number().min(0).max(1).optional(),
  newUuidRate: z.number().min(0).max(1).optional(),
  newUuidOnRetry: z.boolean().optional(),
  seed: z.number().int().optional(),
});
const oneOrMany = <T extends z.ZodType>(schema: T) =>
  z.union([schema, z.array(schema)]).transform((value) => (Array.isArray(value) ? value : [value]));
/** Body of `POST /__simulator/faults`. */
export const faultsJson = z.object({
  rest: oneOrMany(restFaultJson).optional(),
  webhook: oneOrMany(webhookFaultJson).optional(),
  deliveries: deliveryChaosJson.nullable().optional(),
});

/** Armed faults, consumed as matching calls and deliveries happen. */
export class FaultBook implements SimulatorFaults {
  private restFaults: Armed<RestFault>[] = [];
  private webhookFaults: Armed<WebhookFault>[] = [];
  private scatter: { chaos: DeliveryChaos; random: () => number } | null = null;

  rest(fault: RestFault): void {
    this.restFaults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  webhook(fault: WebhookFault): void {
    this.webhookFaults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  deliveries(chaos: DeliveryChaos | null): void {
    this.scatter = chaos === null ? null : { chaos, random: seededRandom(chaos.seed ?? 1) };
  }

  /** The delivery chaos in force and its random source, or null for in-order delivery. */
  get chaos(): { chaos: DeliveryChaos; random: () => number } | null {
    return this.scatter;
  }

  clear(): void {
    this.restFaults = [];
    this.webhookFaults = [];
    this.scatter = null;
  }

  /** Arms the faults of a parsed `POST /__simulator/faults` body. */
  applyJson(input: z.infer<typeof faultsJson>): void {
    // Build every fault first, so a bad pattern arms none of them.
    const rest = (input.rest ?? []).map(({ pathPattern, ...fault }) =>
      pathPattern === undefined ? fault : { ...fault, path: new RegExp(pathPattern) },
    );
    for (const fault of rest) this.rest(fault);
    for (const fault of input.webhook ?? []) this.webhook(fault);
    if (input.deliveries !== undefined) this.deliveries(input.deliveries);
  }

  /** The first armed REST fault matching the call, consumed once. */
  takeRest(method: string, path: string): RestFault | undefined {
    const fault = this.restFaults.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (candidate.path === undefined ||
          (typeof candidate.path === 'string'
            ? candidate.path === path
            : candidate.path.test(path))),
    );
    return fault ? this.consume(this.restFaults, fault) : undefined;
  }

  /** The first armed delivery fault matching a status change, consumed once. */
  takeWebhook(status: RecordingStatus, recordingId: string): WebhookFault | undefined {
    const fault = this.webhookFaults.find(
      (candidate) =>
        candidate.kind !== 'fail' &&
        (candidate.status === undefined || candidate.status === status) &&
        (candidate.recordingId === undefined ||
          candidate.recordingId.toLowerCase() === recordingId.toLowerCase()),
    );
    return fault ? this.consume(this.webhookFaults, fault) : undefined;
  }

  /** Whether the next recording should fail, consuming one `fail` fault. */
  takeFail(): boolean {
    const fault = this.webhookFaults.find((candidate) => candidate.kind === 'fail');
    if (fault) this.consume(this.webhookFaults, fault);
    return fault !== undefined;
  }

  private consume<T>(list: Armed<T>[], fault: Armed<T>): T {
    fault.remaining -= 1;
    if (fault.remaining <= 0) list.splice(list.indexOf(fault), 1);
    return fault;
  }
}

/** The answer a REST fault with a status gives, in the RealtimeKit envelope by default. */
export function faultReply(fault: RestFault & { status: number }): Reply {
  const headers = { ...fault.headers };
  const hasRetryAfter = Object.keys(headers).some((name) => name.toLowerCase() === 'retry-after');
  if (fault.status === 429 && !hasRetryAfter) headers['retry-after'] = '1';
  if (fault.body !== undefined) return { status: fault.status, body: fault.body, headers };
  return errorReply(fault.status, undefined, headers);
}

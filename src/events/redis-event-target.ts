import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { describeError } from '../util/describe-error.js';

/**
 * An EventTarget over Redis pub/sub, like @graphql-yoga/redis-event-target (channel = prefixed
 * event type, message = JSON detail), but with every command's failure handled: that target
 * leaves failed PUBLISH/SUBSCRIBE/UNSUBSCRIBE promises unhandled (seen when closing while Redis is
 * down), which would crash the process.
 */
export function redisEventTarget(
  publishClient: Redis,
  subscribeClient: Redis,
  prefix: string,
  logger: Logger,
): EventTarget {
  const listeners = new Map<string, Set<EventListenerOrEventListenerObject>>();
  let publishFailing = false;
  subscribeClient.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(prefix)) return;
    const type = channel.slice(prefix.length);
    const callbacks = listeners.get(type);
    if (callbacks === undefined) return;
    let detail: unknown = null;
    try {
      detail = JSON.parse(message);
    } catch {
      // Someone else's message on our channel is still a ring.
    }
    const event = new CustomEvent(type, { detail });
    for (const callback of callbacks) {
      if (typeof callback === 'function') callback(event);
      else callback.handleEvent(event);
    }
  });
  const ignore = () => undefined;

  return {
    addEventListener(type, callback) {
      if (callback === null) return;
      let callbacks = listeners.get(type);
      if (callbacks === undefined) {
        callbacks = new Set();
        listeners.set(type, callbacks);
        subscribeClient.subscribe(prefix + type).catch((error: unknown) => {
          // A subscription still queued when the doorbell closes fails; that one is expected.
          if (subscribeClient.status === 'end') return;
          logger.warn({ err: describeError(error) }, 'doorbell could not subscribe');
        });
      }
      callbacks.add(callback);
    },
    removeEventListener(type, callback) {
      const callbacks = listeners.get(type);
      if (callback === null || callbacks === undefined || !callbacks.delete(callback)) return;
      if (callbacks.size > 0) return;
      listeners.delete(type);
      subscribeClient.unsubscribe(prefix + type).catch(ignore);
    },
    dispatchEvent(event) {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      publishClient.publish(prefix + event.type, JSON.stringify(detail ?? null)).then(
        () => {
          publishFailing = false;
        },
        (error: unknown) => {
          if (!publishFailing)
            logger.warn({ err: describeError(error) }, 'doorbell could not ring');
          publishFailing = true;
        },
      );
      return true;
    },
  };
}

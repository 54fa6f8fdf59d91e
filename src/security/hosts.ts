/**
 * Which `Host` and `Origin` values the gateway serves. A page on any site can make a browser send
 * requests to 127.0.0.1 through a DNS name it controls (DNS rebinding): such requests carry that
 * name as `Host`, so a gateway on loopback serves only loopback names. A WebSocket is not covered
 * by CORS at all, so its `Origin` is checked here against the same list as HTTP's CORS.
 */

/** Decides whether a request's `Host` header names this gateway. */
export type HostCheck = (host: string | undefined) => boolean;

interface HostPattern {
  name: string;
  /** Undefined: any port. */
  port: string | undefined;
}

/** Splits `name[:port]` (IPv6 literals in brackets) into lower-cased parts; port 80 when absent. */
function splitHost(value: string): { name: string; port: string | undefined } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(value.trim().toLowerCase());
  if (!match?.[1]) return null;
  return { name: match[1], port: match[2] };
}

/** Whether the address the server listens on is a loopback one. */
export function isLoopbackAddress(address: string): boolean {
  return (
    address === '::1' ||
    address === 'localhost' ||
    /^127\./.test(address) ||
    /^::ffff:127\./i.test(address)
  );
}

/**
 * The `Host` allow-list: the listening address with its port, plus `configured` entries (`name`,
 * `name:port` or `*`) when given; otherwise `localhost`, `127.0.0.1` and `[::1]` with the
 * listening port when the server listens on loopback, and any host when it listens elsewhere
 * (behind a proxy, set the public name explicitly).
 */
export function createHostCheck(
  configured: readonly string[],
  listening: { address: string; port: number },
): HostCheck {
  if (configured.includes('*')) return () => true;
  const port = String(listening.port);
  const address = listening.address.includes(':') ? `[${listening.address}]` : listening.address;
  // The listening address itself, which no page can make a browser send as its Host; the
  // embedded simulator delivers webhooks there.
  let patterns: HostPattern[] = [{ name: address.toLowerCase(), port }];
  if (configured.length > 0) {
    patterns = patterns.concat(
      configured.flatMap((entry) => {
        const parts = splitHost(entry);
        return parts ? [parts] : [];
      }),
    );
  } else if (isLoopbackAddress(listening.address)) {
    patterns = patterns.concat(['localhost', '127.0.0.1', '[::1]'].map((name) => ({ name, port })));
  } else {
    return () => true;
  }
  return (host) => {
    const parts = host === undefined ? null : splitHost(host);
    if (!parts) return false;
    const port = parts.port ?? '80';
    return patterns.some(
      (pattern) =>
        pattern.name === parts.name && (pattern.port === undefined || pattern.port === port),
    );
  };
}

function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/**
 * Whether a WebSocket handshake's `Origin` may open a socket: none at all (not a browser), one of
 * `corsOrigins`, or the gateway's own origin (its `Host`, which the host check has vouched for),
 * so GraphiQL served by the gateway keeps working.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  corsOrigins: readonly string[],
): boolean {
  if (origin === undefined) return true;
  const given = originOf(origin);
  if (given === null) return false;
  if (corsOrigins.some((allowed) => originOf(allowed) === given)) return true;
  return host !== undefined && new URL(given).host === host.trim().toLowerCase();
}

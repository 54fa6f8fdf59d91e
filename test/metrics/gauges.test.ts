import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../src/metrics/registry.js';

/** The value of an unlabelled sample in Prometheus text, as written. */
function sample(text: string, name: string): string | undefined {
  return new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
}

describe('gauges read at scrape time', () => {
  it('reports the feed lag its source gives', async () => {
    const metrics = createGatewayMetrics({ maxOperationNames: 10 });
    metrics.observe({ feedLag: async () => 7 });
    expect(sample(await metrics.render(), 'rtk_event_feed_lag_events')).toBe('7');
  });

  it('reports NaN when the log cannot be read, and the scrape still answers without the error', async () => {
    const metrics = createGatewayMetrics({ maxOperationNames: 10 });
    metrics.observe({
      feedLag: async () => {
        throw new Error('connect ECONNREFUSED postgres://gw:s3cret@db:5432/rtk');
      },
      checkBudgetAvailable: () => 42,
    });
    const text = await metrics.render();
    // prom-client writes it `Nan`; Prometheus reads NaN in any case (Go's ParseFloat).
    expect(sample(text, 'rtk_event_feed_lag_events')).toMatch(/^nan$/i);
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('ECONNREFUSED');
    // The other gauges are read as ever.
    expect(text).toMatch(/^rtk_\w+ 42$/m);
  });
});

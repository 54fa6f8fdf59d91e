import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { startSimulator } from './index.js';

/**
 * `npm run simulator`: the RealtimeKit simulator on its own, for demos and for a gateway started
 * separately in Cloudflare mode with `CLOUDFLARE_BASE_URL` pointing here.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel, name: 'rtk-simulator' });
  // A standalone simulator needs a port people can type; 0 only makes sense when embedded.
  const port = config.simulator.port === 0 ? 8788 : config.simulator.port;
  const simulator = await startSimulator({
    port,
    timeScale: config.simulator.timeScale,
    rateLimits: config.simulator.rateLimits ? undefined : false,
    logger,
  });

  process.stdout.write(
    [
      `RealtimeKit simulator listening on ${simulator.url} (time scale ${config.simulator.timeScale})`,
      '',
      `  SDK base URL      ${simulator.baseUrl}`,
      `  Webhook key URL   ${simulator.keyUrl}`,
      `  Fault control     POST/DELETE ${simulator.url}/__simulator/faults`,
      '',
      'Point the cloudflare SDK at it:',
      `  new Cloudflare({ apiToken: 'any-token', baseURL: '${simulator.baseUrl}' })`,
      'or run the gateway in Cloudflare mode against it:',
      `  CLOUDFLARE_BASE_URL=${simulator.baseUrl} CLOUDFLARE_API_TOKEN=any-token \\`,
      '  CLOUDFLARE_ACCOUNT_ID=any-account REALTIMEKIT_APP_ID=any-app \\',
      `  REALTIMEKIT_WEBHOOK_KEY_URL=${simulator.keyUrl} npm start`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'RealtimeKit simulator stopping');
    simulator.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'RealtimeKit simulator failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});

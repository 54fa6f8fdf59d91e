import { ConfigError, type GatewayConfig, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { createGatewayServer } from './transport/server.js';

/**
 * The process: `npm start` runs this (compiled, `node dist/main.js`). Reads the settings once,
 * starts the gateway, and stops it on SIGTERM or SIGINT.
 */
async function main() {
  let config: GatewayConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const gateway = createGatewayServer(config, { logger });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      gateway.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  await gateway.start();
}

main().catch((error: unknown) => {
  console.error('rtk-gateway failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});

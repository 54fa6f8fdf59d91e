import { startSimulator } from '../../src/simulator/index.js';
import { tell } from '../lib/ipc.js';

/**
 * The upstream for every part: the project's RealtimeKit simulator in a process of its own, so its
 * CPU counts neither for the gateway nor for a baseline. Its rate limits are off (the bench sends
 * far more than RealtimeKit's 250 requests per 10 s) and its clock is slowed down so recordings
 * keep their status while they are read.
 */
const simulator = await startSimulator({ port: 0, rateLimits: false, timeScale: 1000 });
tell({ type: 'ready', baseUrl: simulator.baseUrl });
process.once('SIGTERM', () => {
  simulator.stop().finally(() => process.exit(0));
});

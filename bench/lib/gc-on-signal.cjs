// Preloaded into the servers the bench measures (NODE_OPTIONS="--expose-gc --require …"): SIGUSR2
// runs a full garbage collection, so memory is read without the garbage start-up leaves behind.
// With BENCH_MEMORY_DIR set, the process then writes what it holds to <dir>/<pid>.json five times
// over a second (the collector returns memory to the system in the background): its RSS and the
// part of the JS heap that is resident but free (young generation and fragmentation, which grow
// and shrink with load rather than with what the process keeps).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { getHeapSpaceStatistics } = require('node:v8');

/**
 * The JS heap that is resident but free: per space, its physical (resident) size less what it
 * uses. Committed but untouched pages are not resident, so `heapTotal - heapUsed` would take away
 * more than RSS ever counted (a young generation grown to its limit, say, whose pages were never
 * all touched).
 */
function residentFreeHeap() {
  let free = 0;
  for (const space of getHeapSpaceStatistics()) {
    free += Math.max(0, space.physical_space_size - space.space_used_size);
  }
  return free;
}

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const dir = process.env.BENCH_MEMORY_DIR;
  if (!dir) return;
  const samples = [];
  const sample = () => {
    samples.push({ rss: process.memoryUsage.rss(), heapFree: residentFreeHeap() });
    if (samples.length < 5) setTimeout(sample, 250).unref();
    else writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(samples));
  };
  sample();
});

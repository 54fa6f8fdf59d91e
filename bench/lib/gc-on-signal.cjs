// Preloaded into the servers the bench measures (NODE_OPTIONS="--expose-gc --require …"): SIGUSR2
// runs a full garbage collection, so memory is read without the garbage start-up leaves behind.
// With BENCH_MEMORY_DIR set, the process then writes what it holds to <dir>/<pid>.json five times
// over a second (the collector returns memory to the system in the background): its RSS and the
// part of the JS heap that is committed but free (young generation and fragmentation, which grow
// and shrink with load rather than with what the process keeps).
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
  const dir = process.env.BENCH_MEMORY_DIR;
  if (!dir) return;
  const samples = [];
  const sample = () => {
    const { rss, heapTotal, heapUsed } = process.memoryUsage();
    samples.push({ rss, heapFree: heapTotal - heapUsed });
    if (samples.length < 5) setTimeout(sample, 250).unref();
    else writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(samples));
  };
  sample();
});

// Preloaded into the servers the bench measures (NODE_OPTIONS="--expose-gc --require …"): SIGUSR2
// runs a full garbage collection, so memory is read without the garbage start-up leaves behind.
process.on('SIGUSR2', () => {
  if (typeof globalThis.gc === 'function') globalThis.gc();
});

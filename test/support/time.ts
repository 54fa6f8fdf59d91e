/**
 * A ceiling for work a loaded machine may do slowly (a process starting, a retry succeeding):
 * generous everywhere, twice as long on CI. Tests wait on events; a ceiling only turns a hang
 * into a failure that says what never happened.
 */
export const scaled = (ms: number): number => ms * (process.env.CI ? 2 : 1);

/**
 * `vi.waitFor` options for waiting on an event: checked often, failing only at a ceiling a loaded
 * machine does not reach (vitest's own default gives up after 1 s).
 */
export const eventually = { timeout: scaled(30_000), interval: 20 };

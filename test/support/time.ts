/**
 * A ceiling for work a loaded machine may do slowly (a process starting, a retry succeeding):
 * generous everywhere, twice as long on CI. Tests wait on events; a ceiling only turns a hang
 * into a failure that says what never happened.
 */
export const scaled = (ms: number): number => ms * (process.env.CI ? 2 : 1);

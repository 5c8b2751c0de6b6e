/**
 * The SQL page's start-up as User Timing marks, visible in the browser's performance panel and read by
 * bench/explore.bench.ts for its breakdown: each stage's mark is set when that stage ends.
 */
export const STARTUP_STAGES = [
  /** The page has mounted and taken DuckDB-WASM's worker (started by its head). */
  'worker',
  /** The session's code (DuckDB-WASM's bindings, Arrow) has arrived. */
  'code',
  /** The data files are downloaded, checked and decoded. */
  'data',
  /** The WebAssembly module is compiled and instantiated, and Emscripten's start-up has run. */
  'instantiated',
  /** The database is open. */
  'opened',
  /** `registrations` is attached: the session opens and the waiting query is sent. */
  'first-table',
  /** Every other table is attached. */
  'attached',
  /** The first query's answer is on the page. */
  'answered'
] as const;

export type StartupStage = (typeof STARTUP_STAGES)[number];

export const startupMarkName = (stage: StartupStage): string => `explore:${stage}`;

export const markStartup = (stage: StartupStage): void => void performance.mark(startupMarkName(stage));

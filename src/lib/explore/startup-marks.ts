/**
 * The SQL page's start-up as User Timing marks, visible in the browser's performance panel and read by
 * bench/explore.bench.ts for its breakdown: each stage's mark is set when that stage ends.
 */
export const STARTUP_STAGES = ['worker', 'code', 'data', 'instantiated', 'opened', 'first-table', 'attached'] as const;

export type StartupStage = (typeof STARTUP_STAGES)[number];

export const startupMarkName = (stage: StartupStage): string => `explore:${stage}`;

export const markStartup = (stage: StartupStage): void => void performance.mark(startupMarkName(stage));

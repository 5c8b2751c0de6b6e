/**
 * Step lines for the pipeline: "✓ read+validate  1,000,000 rows  in 6.1 s (164,000 rows/s)".
 * While a long step runs and stderr is a TTY, one self-overwriting progress line is drawn on stderr
 * (throttled to ~10 updates/s), so logs redirected to a file stay clean.
 */
export interface ProgressOptions {
  /** Where step lines go (default: stdout). */
  out?: (line: string) => void;
  /** Draw the live line (default: stderr is a TTY). */
  live?: boolean;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtSec = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export class Progress {
  private readonly out: (line: string) => void;
  private readonly live: boolean;
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(options: ProgressOptions = {}) {
    this.out = options.out ?? ((line) => process.stdout.write(line + '\n'));
    this.live = options.live ?? Boolean(process.stderr.isTTY);
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Starts a step; `tick(n)` updates the live line, `done(detail, n?)` prints the step line. */
  step(name: string, total?: number): Step {
    return new Step(this, name, total);
  }

  /** @internal */
  draw(text: string, force = false): void {
    if (!this.live) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const width = (process.stderr.columns || 100) - 1;
    process.stderr.write('\r' + text.slice(0, width).padEnd(width));
    this.drawn = true;
  }

  /** @internal */
  print(line: string): void {
    if (this.drawn) {
      process.stderr.write('\r' + ' '.repeat((process.stderr.columns || 100) - 1) + '\r');
      this.drawn = false;
    }
    this.out(line);
  }

  info(line: string): void {
    this.print(`  ${line}`);
  }
}

export class Step {
  private readonly t0 = performance.now();
  private ticks = 0;

  constructor(
    private readonly progress: Progress,
    readonly name: string,
    private readonly total?: number
  ) {}

  get ms(): number {
    return performance.now() - this.t0;
  }

  /** Cheap: call per row or per batch; redraws at most every 100 ms. */
  tick(count: number, unit = 'rows'): void {
    if ((++this.ticks & 15) !== 0) return;
    const s = this.ms / 1000;
    const rate = s > 0 ? count / s : 0;
    let bar = '';
    if (this.total && this.total > 0) {
      const f = Math.min(1, count / this.total);
      const w = 24;
      bar = `[${'#'.repeat(Math.round(f * w)).padEnd(w, '.')}] ${(f * 100).toFixed(0)}% `;
    }
    this.progress.draw(`  ${this.name}: ${bar}${fmtInt(count)} ${unit}, ${fmtInt(rate)} ${unit}/s, ${s.toFixed(1)} s`);
  }

  /**
   * Prints "✓ name  detail  (elapsed[, rate])". `elapsedMs` overrides the step's own clock, for work that ran
   * inside another step's pass (city resolution happens row by row during read+validate).
   */
  done(detail: string, count?: number, unit = 'rows', elapsedMs?: number): number {
    const ms = elapsedMs ?? this.ms;
    const rate = count !== undefined && ms > 0 ? `, ${fmtInt((count * 1000) / ms)} ${unit}/s` : '';
    this.progress.print(`✓ ${this.name.padEnd(18)} ${detail}  (${fmtSec(ms)}${rate})`);
    return ms;
  }
}

/**
 * The engines bench's page: the same decoded cube in the scan engine, crossfilter2 and DuckDB-WASM, timed in one
 * browser. Runs are interleaved (each round starts the three in a rotated order, and every brush move is asked
 * of all three in turn), so a burst of load on the machine falls on all of them alike.
 */
import { tableFromArrays } from 'apache-arrow';
import { loadCore, type CoreData } from '../../shared/cube/dataset.ts';
import { createEngine, DEFAULT_FILTERS } from '../../shared/scan/scan-engine.ts';
import { startDuckDb } from '../../src/lib/explore/duckdb.ts';
import { duckDbFiles, startDuckDbWorker } from '../../src/lib/explore/duckdb-files.ts';
import { prng, randomBrush, scanAnswer } from './answer.ts';
import { createCrossfilterEngine } from './crossfilter-engine.ts';
import { answerFromRows, answerSql, CUBE_COLUMNS, type AnswerRow } from './filter-sql.ts';

export const ENGINES = ['scan', 'crossfilter', 'duckdb'] as const;
export type EngineName = (typeof ENGINES)[number];

export interface RoundTimes {
  /** Decoded cube in memory → first unfiltered answer, ms. */
  startup: Record<EngineName, number>;
  /** DuckDB-WASM's own start (module fetched and compiled, database open), included in its start-up. */
  duckdbBoot: number;
  /** One brush move → totals and the three breakdowns, ms. */
  brush: Record<EngineName, number[]>;
}

interface Live {
  /** DuckDB-WASM only: its own start, part of its start-up. */
  boot?: number;
  brush(hours: [number, number]): Promise<void> | void;
  close(): Promise<void> | void;
}

type Starter = (core: CoreData) => Promise<Live>;

const starters: Record<EngineName, Starter> = {
  async scan(core) {
    const engine = createEngine(core);
    scanAnswer(engine, false);
    return {
      brush(hours) {
        engine.setFilters({ hours });
        scanAnswer(engine, false);
      },
      close: () => engine.dispose()
    };
  },
  async crossfilter(core) {
    const engine = createCrossfilterEngine(core.registrations, core.manifest);
    engine.answer(false);
    return {
      brush(hours) {
        engine.setFilters({ ...DEFAULT_FILTERS, hours });
        engine.answer(false);
      },
      close() {}
    };
  },
  async duckdb(core) {
    const bootStart = performance.now();
    const db = await startDuckDb(startDuckDbWorker(duckDbFiles()));
    const boot = performance.now() - bootStart;
    const conn = await db.connect();
    const columns = Object.fromEntries(CUBE_COLUMNS.map((c) => [c, core.registrations.columns[c]]));
    await conn.insertArrowTable(tableFromArrays(columns), { name: 'cube' });
    const ask = async (hours: [number, number] | null) => {
      const sql = answerSql({ ...DEFAULT_FILTERS, hours }, core.manifest, false);
      answerFromRows((await conn.query(sql)).toArray().map((r) => r.toJSON() as AnswerRow), core.manifest, false);
    };
    await ask(null);
    return {
      boot,
      brush: ask,
      async close() {
        await conn.close();
        await db.terminate();
      }
    };
  }
};

async function round(core: CoreData, index: number, moves: number): Promise<RoundTimes> {
  const order = ENGINES.map((_, i) => ENGINES[(i + index) % ENGINES.length]);
  const startup = {} as Record<EngineName, number>;
  const live = {} as Record<EngineName, Live>;
  for (const name of order) {
    const t0 = performance.now();
    live[name] = await starters[name](core);
    startup[name] = performance.now() - t0;
  }
  const brush: Record<EngineName, number[]> = { scan: [], crossfilter: [], duckdb: [] };
  const rnd = prng(1000 + index);
  for (let m = 0; m < moves; m++) {
    const hours = randomBrush(rnd, core.manifest);
    for (let k = 0; k < order.length; k++) {
      const name = order[(k + m) % order.length];
      const t0 = performance.now();
      await live[name].brush(hours);
      brush[name].push(performance.now() - t0);
    }
  }
  for (const name of order) await live[name].close();
  return { startup, duckdbBoot: live.duckdb.boot ?? NaN, brush };
}

async function loadCube(): Promise<CoreData> {
  return loadCore(async (path) => {
    const res = await fetch(new URL(`data/${path}`, document.baseURI));
    if (!res.ok) throw new Error(`data/${path}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  });
}

declare global {
  interface Window {
    __enginesBench: { round(index: number, moves: number): Promise<RoundTimes> };
  }
}

let core: Promise<CoreData> | null = null;
window.__enginesBench = {
  round: async (index, moves) => round(await (core ??= loadCube()), index, moves)
};

/**
 * `tallyboard check --config FILE [--rows N]` — the pipeline on the first N rows of each CSV source (default
 * 10,000), publishing nothing: per source what would be read, accepted and rejected (by reason, two example rows
 * each with personal columns blank), the city match rate with the top unresolved spellings, and every config
 * problem with its fix. Exit 0 when a build would succeed, 1 when it would not, 2 usage.
 */
import { DEFAULT_CHECK_ROWS, runCheck } from '../init/check.ts';
import { fmtInt } from '../step-log.ts';
import { intFlag, parseArgs, requiredFlag, UsageError } from './args.ts';

const USAGE = 'usage: tallyboard check --config FILE [--rows N]';
export async function checkCommand(argv: string[]): Promise<number> {
  let config: string, rows: number;
  try {
    const args = parseArgs(argv, { config: 'string', rows: 'string' });
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    config = requiredFlag(args, 'config');
    rows = intFlag(args, 'rows', DEFAULT_CHECK_ROWS);
    if (rows < 1) throw new UsageError('--rows must be at least 1');
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tallyboard check: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  const say = (line: string): boolean => process.stdout.write(`check: ${line}\n`);
  const report = await runCheck(config, rows);
  for (const s of report.sources) {
    say(`source ${s.name}: read ${fmtInt(s.read)}${s.truncated ? ` (the first ${fmtInt(s.read)} rows only: --rows)` : ''} = accepted ${fmtInt(s.accepted)} + rejected ${fmtInt(s.rejected)}`);
    for (const r of s.reasons) {
      say(`  ${fmtInt(r.count)} × ${r.field}: ${r.reason}`);
      for (const e of r.examples) say(`      ${e}`);
    }
  }
  if (report.cities) {
    const { rows: withCity, matched, unresolved } = report.cities;
    say(`cities: ${fmtInt(matched)} of ${fmtInt(withCity)} rows matched (${withCity ? ((100 * matched) / withCity).toFixed(1) : '0.0'}%)`);
    if (unresolved.length) say(`  top unresolved spellings (add aliases to the pack or fix the export): ${unresolved.map((u) => `${JSON.stringify(u.spelling)} ${u.status} ×${fmtInt(u.count)}`).join(', ')}`);
  }
  for (const p of report.problems) say(`${p.fatal ? 'PROBLEM' : 'note'} ${p.where}: ${p.problem}\n         fix: ${p.fix}`);
  say(report.ok ? 'a build would succeed (nothing was published)' : 'a build would fail: fix the problems above (nothing was published)');
  return report.ok ? 0 : 1;
}

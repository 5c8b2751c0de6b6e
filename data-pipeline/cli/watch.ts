/**
 * `tallyboard watch --config FILE --every 5m [--out DIR] [--work DIR]`
 * Builds on a schedule (data-pipeline/watch/schedule.ts: one build at a time, overrun slots skipped) and checks the
 * alerts after each build that published; one line per run on stdout. A failed build leaves the last good publish
 * (the build publishes by an atomic swap, last) and the line says why; the next run tries again. Alerts are mailed
 * when the config has report.smtp and recipients, otherwise only counted in the line. Ctrl-C or SIGTERM stops after
 * the build in progress (a second one stops at once); exit 0.
 */
import { alertLine, checkAlerts } from '../alerts/check-alerts.ts';
import { alertMail } from '../alerts/mail-settings.ts';
import { alertSettings } from '../alerts/settings.ts';
import { campaignFolders } from '../config/folders.ts';
import { SmtpSettingsError } from '../report/mailer.ts';
import { Progress } from '../step-log.ts';
import { parseDuration } from '../watch/duration.ts';
import { builtLine, failedLine } from '../watch/run-line.ts';
import { runEvery } from '../watch/schedule.ts';
import { parseArgs, requiredFlag, stringFlag, UsageError } from './args.ts';
import { startConfigured } from './configured-command.ts';

const USAGE = 'usage: tallyboard watch --config FILE --every 5m|30s|1h [--out DIR] [--work DIR]';

export async function watchCommand(argv: string[]): Promise<number> {
  const say = (line: string): boolean => process.stderr.write(`tallyboard watch: ${line}\n`);
  const started = startConfigured(say, USAGE, () => {
    const args = parseArgs(argv, { config: 'string', every: 'string', out: 'string', work: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    const every = requiredFlag(args, 'every');
    const everyMs = parseDuration(every);
    if (everyMs === null) throw new UsageError(`--every must be a whole number of seconds, minutes or hours (30s, 5m, 1h), got "${every}"`);
    return { config: requiredFlag(args, 'config'), out: stringFlag(args, 'out'), work: stringFlag(args, 'work'), everyMs };
  });
  if (started === 2) return 2;
  const { flags, loaded } = started;
  const { config, everyMs } = flags;
  const folders = campaignFolders(loaded.config, loaded.dir, { data: flags.out, work: flags.work });
  const settings = alertSettings(loaded.config);
  let mail: ReturnType<typeof alertMail> | undefined;
  try {
    mail = alertMail(loaded.config, {});
  } catch (e) {
    if (!(e instanceof SmtpSettingsError)) throw e;
    say(`alerts are checked but not mailed: ${e.message}`);
  }

  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) process.exit(130);
    say(`${signal}: stopping after the current run (again to stop now)`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const { runBuild } = await import('../pipeline.ts');
  const { BuildResources } = await import('../build-resources.ts');
  const resources = new BuildResources();
  const print = (line: string): boolean => process.stdout.write(`${line}\n`);
  try {
    const runs = await runEvery(
      everyMs,
      async (n) => {
        const startedAt = new Date();
        const started = performance.now();
        let line: string;
        try {
          const result = await runBuild({ config, out: folders.data, work: folders.work, resources, progress: new Progress({ out: () => undefined, live: false }) });
          line = builtLine(n, startedAt, performance.now() - started, result.manifest, result.outDir);
        } catch (e) {
          print(failedLine(n, startedAt, performance.now() - started, (e as Error).message, folders.data));
          return;
        }
        try {
          const check = await checkAlerts({ dataDir: folders.data, workDir: folders.work, settings, mail, log: say });
          line += `; ${alertLine(check)}`;
        } catch (e) {
          line += `; alerts NOT checked: ${(e as Error).message.split('\n')[0]}`;
        }
        print(line);
      },
      stop.signal
    );
    say(`stopped after ${runs} run(s)`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

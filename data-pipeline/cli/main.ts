/**
 * The `tallyboard` command line. Each command lives in data-pipeline/cli/<command>.ts and returns an exit code;
 * loading them lazily keeps `cities resolve` from paying for DuckDB or the report renderer.
 */
const USAGE = `tallyboard <command> [options]

commands:
  init     --from FILE [--pack ru|us] [--out DIR]                     write campaign.json for an export, explained
  check    --config FILE [--rows N]                                  dry-run the pipeline on a sample, publish nothing
  demo     [--pack ru|us] [--registrations N] [--seed S] --out DIR   write a synthetic campaign's raw exports
  build    --config FILE [--out DIR] [--work DIR]                    run the pipeline: raw exports → cubes
  watch    --config FILE --every 5m [--out DIR] [--work DIR]         build on a schedule, check alerts after each build
  alerts   --config FILE [--data DIR] [--send] [--smtp URL] [--to A,B] [--now ISO]   check (and mail) incidents
  cities   resolve --pack ru|us                                      resolve free-text cities (stdin → JSON lines)
  events   --config FILE [--data DIR]                                what each event added (JSON lines: id, title, kind, regionCode, lift, low, high)
  report   --config FILE --date YYYY-MM-DD [--data DIR] [--out DIR] [--send] [--smtp URL] [--to A,B] [--force]
  serve    [--dir SITE] [--data DIR] [--port N] [--host H]           serve the dashboard and a live data folder
  password-hash                                                      read a password on stdin, print its hash
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  init: async () => (await import('./init.ts')).initCommand,
  check: async () => (await import('./check.ts')).checkCommand,
  demo: async () => (await import('./demo.ts')).demoCommand,
  build: async () => (await import('./build.ts')).buildCommand,
  watch: async () => (await import('./watch.ts')).watchCommand,
  alerts: async () => (await import('./alerts.ts')).alertsCommand,
  cities: async () => (await import('./cities.ts')).citiesCommand,
  events: async () => (await import('./events.ts')).eventsCommand,
  report: async () => (await import('./report.ts')).reportCommand,
  serve: async () => (await import('./serve.ts')).serveCommand,
  'password-hash': async () => (await import('./password-hash.ts')).passwordHashCommand
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`tallyboard: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return (await load())(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`tallyboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
);

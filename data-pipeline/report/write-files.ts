/** `--out DIR`: the report as files, for a browser or an archive. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from './build-report.ts';

export function writeReportFiles(dir: string, report: Report): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string | Buffer][] = [
    ['report.html', report.fileHtml],
    ['report.txt', report.text],
    ['readiness.csv', report.csv],
    ...report.charts.map((c): [string, Buffer] => [`${c.name}.png`, c.png])
  ];
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
  return files.map(([name]) => join(dir, name));
}

/**
 * What a CSV source's file really is, checked before it is parsed. A gzip archive, a spreadsheet workbook or
 * UTF-16 text read as UTF-8 CSV used to fail with `missing required column "id"`, which sends the admin looking
 * at the wrong thing; a Windows-1251 file read as UTF-8 published with 0.4 % of cities resolved. Here the file
 * is named with what it looks like and what to do.
 */
import { readHead } from './read-head.ts';
import { FatalInputError } from '../../fatal-input-error.ts';
import { detectEncoding } from './detect-encoding.ts';

const SAMPLE = 64 * 1024;


/**
 * Bytes that never occur in text (NUL and the C0 controls but tab, CR, LF, form feed, escape). Indexed loops here
 * and in detect-encoding.ts: they run once a build, before the JIT optimises them, where a `for…of` over the bytes
 * took twice as long (the 1M demo's two files sniffed in a fresh process: 18–27 against 9–12 ms).
 */
function controlShare(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) n++;
  }
  return bytes.length ? n / bytes.length : 0;
}

const isUtf16 = (e: string): boolean => /^utf-?16/i.test(e);

/**
 * Throws FatalInputError for a file that cannot be read as the profile says (compressed, a workbook, binary,
 * UTF-16 when not declared); returns warnings for one that can but probably should not (an 8-bit code page read
 * as UTF-8). `label` is the path as written in the config.
 */
export function sniffCsvFile(path: string, label: string, declaredEncoding = 'utf-8'): string[] {
  const bytes = readHead(path, SAMPLE);
  const fatal = (looks: string, todo: string): never => {
    throw new FatalInputError(`${label}: ${looks}, not CSV text; ${todo}`);
  };
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) fatal('the file is gzip-compressed', 'decompress it first (gunzip)');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) fatal('the file is a ZIP archive (an .xlsx or .ods workbook is one)', 'export the sheet as CSV');
  const guess = detectEncoding(bytes);
  if (isUtf16(guess.encoding) && !isUtf16(declaredEncoding)) {
    fatal(`the file is ${guess.encoding.toUpperCase()} text (${guess.evidence})`, `set the source's profile "encoding": "${guess.encoding}" (tallyboard init --from ${label} writes a profile)`);
  }
  if (!isUtf16(guess.encoding) && controlShare(bytes) > 0.01) fatal('the file holds binary data', 'export the data as CSV');
  const declared = declaredEncoding.toLowerCase().replace(/^utf8$/, 'utf-8');
  if (declared === 'utf-8' && guess.encoding !== 'utf-8') {
    return [`${label} does not read as UTF-8: it looks like ${guess.encoding} (${guess.certainty}: ${guess.evidence}); set the source's profile "encoding": "${guess.encoding}"`];
  }
  return [];
}

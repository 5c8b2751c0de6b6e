/**
 * Text encoding of an export, from its first bytes: a BOM is proof; UTF-16 without a BOM shows as NUL bytes on
 * every other position; valid multi-byte UTF-8 is all but impossible by accident; what is left is an 8-bit code
 * page, told apart by how its high bytes sit in words (Russian Windows-1251 words are made of high bytes only,
 * Latin-1 puts an accented letter inside otherwise ASCII words).
 */
import iconv from 'iconv-lite';

export type Certainty = 'certain' | 'high' | 'low';

export interface EncodingGuess {
  /** A name iconv-lite and the CSV reader accept. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' | 'windows-1252';
  certainty: Certainty;
  /** Why, in a few words, for init's explanation. */
  evidence: string;
}

/** Below this many words with non-ASCII letters, the 8-bit guess is called low. */
const ENOUGH_WORDS = 20;

function nulPattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > 0.3 * pairs && even < 0.05 * pairs) return 'utf-16le';
  if (even > 0.3 * pairs && odd < 0.05 * pairs) return 'utf-16be';
  return null;
}

/** Null when the sample is not UTF-8 (a character cut by the sample's end aside), else how many multi-byte characters it holds. */
function utf8Characters(bytes: Uint8Array): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    try {
      decoder.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      continue;
    }
    let leads = 0;
    for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0xc0) leads++;
    return leads;
  }
  return null;
}

/** Words holding a high byte: how many are all high bytes (Cyrillic in 1251) and how many mix in ASCII letters. */
function highByteWords(bytes: Uint8Array): { pure: number; mixed: number } {
  let pure = 0;
  let mixed = 0;
  let high = 0;
  let ascii = 0;
  const flush = (): void => {
    if (high > 0) {
      if (ascii === 0) pure++;
      else mixed++;
    }
    high = 0;
    ascii = 0;
  };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b >= 0xc0) high++;
    else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) ascii++;
    else flush();
  }
  flush();
  return { pure, mixed };
}

export function detectEncoding(bytes: Uint8Array): EncodingGuess {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', certainty: 'certain', evidence: 'UTF-8 byte order mark' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', certainty: 'certain', evidence: 'UTF-16 little-endian byte order mark' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', certainty: 'certain', evidence: 'UTF-16 big-endian byte order mark' };
  const wide = nulPattern(bytes);
  if (wide) return { encoding: wide, certainty: 'high', evidence: `no byte order mark, but every ${wide === 'utf-16le' ? 'second' : 'first'} byte of ASCII characters is NUL` };
  const letters = utf8Characters(bytes);
  if (letters !== null) {
    return letters === 0
      ? { encoding: 'utf-8', certainty: 'high', evidence: 'only ASCII in the sample (any ASCII-compatible encoding reads it the same)' }
      : { encoding: 'utf-8', certainty: 'certain', evidence: `${letters} multi-byte UTF-8 characters, all valid` };
  }
  const { pure, mixed } = highByteWords(bytes);
  const sure: Certainty = pure + mixed >= ENOUGH_WORDS ? 'high' : 'low';
  if (pure > 2 * mixed) return { encoding: 'windows-1251', certainty: sure, evidence: `not UTF-8; ${pure} words written wholly in high bytes (Cyrillic), ${mixed} mixed with Latin letters` };
  return { encoding: 'windows-1252', certainty: sure, evidence: `not UTF-8; ${mixed} Latin words with an accented letter, ${pure} words wholly in high bytes` };
}

/** The sample as text: BOM removed, a character cut by the end of the sample dropped by the decoder. */
export function decodeSample(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes), encoding, { stripBOM: true });
}

import { FORMAT_NAME, FORMAT_VERSION, type Manifest } from './format';
import { CubeFormatError } from './codec';

/** Checks a manifest before anything trusts it, so a stale or foreign data folder fails with a readable reason. */
export function parseManifest(value: unknown): Manifest {
  if (typeof value !== 'object' || value === null) throw new CubeFormatError('manifest.json is not a JSON object');
  const m = value as Partial<Manifest>;
  if (m.format !== FORMAT_NAME) throw new CubeFormatError(`manifest.json is not a Tallyboard data set (format "${String(m.format)}")`);
  if (m.version !== FORMAT_VERSION) {
    throw new CubeFormatError(
      `manifest.json has format version ${String(m.version)}, this reader understands version ${FORMAT_VERSION}: rebuild the data with the matching pipeline`
    );
  }
  for (const key of ['campaign', 'dimensions', 'files', 'counts', 'totals', 'hours'] as const) {
    if (typeof m[key] !== 'object' || m[key] === null) throw new CubeFormatError(`manifest.json lacks "${key}"`);
  }
  return m as Manifest;
}

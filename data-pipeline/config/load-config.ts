/**
 * Loads campaign.json and validates it against campaign.schema.json (ajv's validator, config/schema-validator.ts).
 * Every failure is a ConfigError whose message names the file and the JSON path, e.g.
 *   demo/campaign.json: /sources/1/profile/columns/created_at: must be string
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CampaignConfig, SourceProfile } from './campaign.ts';
import { schemaValidator } from './schema-validator.ts';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadedConfig {
  config: CampaignConfig;
  /** Absolute path of the config file. */
  file: string;
  /** Folder of the config file: every relative path in it is resolved against this. */
  dir: string;
}

let validator: ValidateFunction | undefined;

function compiled(): ValidateFunction {
  return (validator ??= schemaValidator());
}

/** The most useful error: the deepest one that is not a mere "if/then failed" summary. */
function describe(errors: ErrorObject[]): string {
  const useful = errors.filter((e) => e.keyword !== 'if');
  const list = useful.length > 0 ? useful : errors;
  list.sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length);
  const e = list[0];
  const path = e.instancePath || '/';
  let detail = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') detail = `unknown property "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') detail += ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ')})`;
  return `${path}: ${detail}`;
}

/** Validates an already-parsed config object; `file` is only used in messages. */
function isWebUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function validateConfig(value: unknown, file: string): CampaignConfig {
  const validate = compiled();
  if (!validate(value)) throw new ConfigError(`${file}: ${describe(validate.errors ?? [])}`);
  const config = value as CampaignConfig;
  if (config.window.start > config.window.end) throw new ConfigError(`${file}: /window: start ${config.window.start} is after end ${config.window.end}`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: config.timeZone });
  } catch {
    throw new ConfigError(`${file}: /timeZone: unknown time zone "${config.timeZone}"`);
  }
  const url = config.report?.dashboardUrl;
  // The link goes into every e-mail and the manifest: a javascript: or data: URL there would run in the reader's
  // browser with a click.
  if (url !== undefined && !isWebUrl(url)) throw new ConfigError(`${file}: /report/dashboardUrl: must be an http(s) URL, got "${url}"`);
  const names = new Set<string>();
  config.sources.forEach((s, i) => {
    if (names.has(s.name)) throw new ConfigError(`${file}: /sources/${i}/name: duplicate source name "${s.name}"`);
    names.add(s.name);
  });
  return config;
}

export function loadConfig(path: string): LoadedConfig {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the config (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return { config: validateConfig(value, path), file, dir: dirname(file) };
}

/** A source's profile: inline, or a path (relative to the config) to a JSON file holding one. */
export function loadProfile(profile: string | SourceProfile | undefined, configDir: string, where: string): SourceProfile | undefined {
  if (profile === undefined || typeof profile === 'object') return profile;
  const path = resolve(configDir, profile);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${profile}: cannot read the source profile named at ${where} (${(e as Error).message})`);
  }
  const v = value as SourceProfile;
  if (typeof v !== 'object' || v === null || typeof v.columns !== 'object' || !Array.isArray(v.personal)) {
    throw new ConfigError(`${profile}: a source profile needs "columns" (object) and "personal" (array)`);
  }
  return v;
}

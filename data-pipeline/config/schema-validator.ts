/**
 * The validator of campaign.schema.json: ajv's standalone code for it, generated ahead (`writeValidatorModule`, run
 * by `npm install` and `npm test`) into campaign-validator.generated.cjs beside the schema, or compiled by ajv when
 * that file is missing or of another schema (the hash it carries says). Loading the generated code took 16 ms,
 * against 185 ms to import ajv (76 ms) and compile the schema (108 ms), in every command that reads a config —
 * a tenth of an incremental build's 3 s budget.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const SCHEMA_PATH = fileURLToPath(new URL('./campaign.schema.json', import.meta.url));
export const GENERATED_VALIDATOR = fileURLToPath(new URL('./campaign-validator.generated.cjs', import.meta.url));
const OPTIONS = { allErrors: true, strict: false };

const hashOf = (schemaText: string): string => createHash('sha256').update(schemaText).digest('hex');

type Generated = ValidateFunction & { schemaHash?: string };

/** The schema's validator: the generated one when it is of this schema, else compiled here. */
export function schemaValidator(generated = GENERATED_VALIDATOR): ValidateFunction {
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  try {
    const validate = require(generated) as Generated;
    if (typeof validate === 'function' && validate.schemaHash === hashOf(schemaText)) return validate;
  } catch {
    // missing or unreadable: compiled below
  }
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  return new Ajv(OPTIONS).compile(JSON.parse(schemaText) as object);
}

/** Writes the generated validator (to a temporary name first: a stopped run leaves no half file); false when `out` is current. */
export function writeValidatorModule(out = GENERATED_VALIDATOR): boolean {
  const schemaText = readFileSync(SCHEMA_PATH, 'utf8');
  const hash = hashOf(schemaText);
  try {
    if ((require(out) as Generated).schemaHash === hash) return false;
  } catch {
    // missing or unreadable: written below
  }
  const { Ajv } = require('ajv') as { Ajv: typeof AjvClass };
  const standalone = (require('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: ValidateFunction) => string }).default;
  const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
  const code = standalone(ajv, ajv.compile(JSON.parse(schemaText) as object));
  const temporary = `${out}.${process.pid}.tmp`;
  writeFileSync(temporary, `// @ts-nocheck\n// Generated from campaign.schema.json by data-pipeline/config/schema-validator.ts: do not edit.\n${code}\nmodule.exports.schemaHash = ${JSON.stringify(hash)};\n`);
  renameSync(temporary, out);
  return true;
}

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaValidator, writeValidatorModule } from '../../../data-pipeline/config/schema-validator.ts';
import { writeCampaign } from '../../support/pipeline-helpers.ts';

const schema = JSON.parse(readFileSync('data-pipeline/config/campaign.schema.json', 'utf8')) as object;
const valid = JSON.parse(readFileSync(writeCampaign({}), 'utf8')) as Record<string, unknown>;
const variants: unknown[] = [
  valid,
  { ...valid, name: undefined },
  { ...valid, nearKm: 'far' },
  { ...valid, colour: 'red' },
  { ...valid, sources: [{ kind: 'ftp', name: 'x' }] },
  { ...valid, window: { start: '2024-03-01' } },
  []
].map((v) => JSON.parse(JSON.stringify(v)) as unknown);

/** What a validator says of a value: valid or not, and its errors as the loader reads them. */
function verdict(validate: ReturnType<typeof schemaValidator>, value: unknown): unknown {
  const ok = validate(value);
  return { ok, errors: (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, e.message]) };
}

describe('the campaign schema validator', () => {
  it('generated ahead, judges every config as ajv compiling the schema does', () => {
    // Inside the project: the generated code requires ajv's runtime, found from where the file lies.
    mkdirSync('test-results', { recursive: true });
    const out = join(mkdtempSync(resolve('test-results', 'validator-')), 'validator.cjs');
    expect(writeValidatorModule(out)).toBe(true);
    expect(writeValidatorModule(out)).toBe(false);
    const generated = schemaValidator(out);
    const compiled = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect((generated as { schemaHash?: string }).schemaHash).toMatch(/^[0-9a-f]{64}$/);
    for (const value of variants) expect(verdict(generated, value)).toEqual(verdict(compiled, value));
    expect(generated(variants[0])).toBe(true);
    expect(generated(variants[2])).toBe(false);
  });

  it('is compiled anew when the generated file is missing or of another schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-validator-'));
    const stale = join(dir, 'stale.cjs');
    writeFileSync(stale, 'module.exports = () => true;\nmodule.exports.schemaHash = "of another schema";\n');
    for (const path of [stale, join(dir, 'missing.cjs')]) {
      const validate = schemaValidator(path);
      expect(validate(variants[0])).toBe(true);
      expect(validate(variants[2])).toBe(false);
    }
  });
});

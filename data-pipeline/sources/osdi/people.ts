/**
 * Registrations from an OSDI server (Open Supporter Data Interface; Action Network implements it): the people
 * collection, read through the shared client (client.ts: paging, retries, token rules). Mapping, documented in
 * data-pipeline/sources/README.md:
 *
 *   id                  ← identifiers[0] (e.g. "action_network:<uuid>"), else _links.self.href — duplicates only
 *   created_at          ← created_date
 *   city, region        ← the primary postal address's locality and region (else the first address's)
 *   phone_confirmed_at, email_confirmed_at, questionnaire_at
 *                       ← custom_fields of the same name, when the server carries them
 *   source              ← not mapped: the configured source name is the source dimension
 *
 * Names, e-mail addresses, phone numbers, street lines, postal codes, coordinates and every other custom field are
 * never copied into `fields`. `raw` keeps the person record as read (minus its `_links`) for the private rejects file.
 */
import { STAGE_FIELDS, type SourceConfig } from '../../config/campaign.ts';
import type { RawRecord, RegistrationSource } from '../types.ts';
import { createOsdiClient, type OsdiOptions } from './client.ts';
import { identifiers, isObject, linkHref, str, type Json } from './hal.ts';

export type { OsdiOptions } from './client.ts';

export type OsdiSourceConfig = Extract<SourceConfig, { kind: 'osdi' }>;

const PEOPLE_REL = 'osdi:people';
const CLOCK_MARGIN_MS = 5 * 60_000;

/** One OSDI person → our fields. Exported for tests and for other OSDI-fed readers. */
export function mapOsdiPerson(person: Json): RawRecord['fields'] {
  const fields: RawRecord['fields'] = {};
  fields.id = identifiers(person)[0] ?? linkHref(person._links, 'self');
  fields.created_at = str(person.created_date);
  const addresses = Array.isArray(person.postal_addresses) ? person.postal_addresses.filter(isObject) : [];
  const address = addresses.find((a) => a.primary === true) ?? addresses[0];
  fields.city = address ? str(address.locality) : null;
  fields.region = address ? str(address.region) : null;
  const custom = isObject(person.custom_fields) ? person.custom_fields : {};
  for (const f of STAGE_FIELDS) {
    const v = str(custom[f]);
    if (v !== null) fields[f] = v;
  }
  return fields;
}

/**
 * `modifiedSince`: an incremental build reads only the people modified after it (OSDI's `modified_date` filter);
 * `watermark()` is where the next one starts: when this read began, less a margin for a server clock that is
 * behind ours (reading a person again is harmless: the newer record replaces the older).
 */
export function createOsdiSource(cfg: OsdiSourceConfig, env: NodeJS.ProcessEnv = process.env, options: OsdiOptions & { modifiedSince?: string } = {}): RegistrationSource {
  const client = createOsdiClient(cfg, `OSDI source "${cfg.name}"`, env, options);
  let began: string | null = null;

  async function* records(): AsyncGenerator<RawRecord> {
    began = new Date(Date.now() - CLOCK_MARGIN_MS).toISOString();
    let row = 0;
    for await (const { origin, items } of client.pages(PEOPLE_REL, { modifiedSince: options.modifiedSince })) {
      for (const p of items) {
        row++;
        if (!isObject(p)) {
          yield { origin, row, source: cfg.name, fields: {}, raw: JSON.stringify(p) ?? '', readError: { field: 'person', reason: 'not a JSON object' } };
          continue;
        }
        const { _links, ...rest } = p;
        yield { origin, row, source: cfg.name, fields: mapOsdiPerson(p), raw: JSON.stringify(rest) };
      }
    }
  }

  return { name: cfg.name, records, watermark: () => began };
}

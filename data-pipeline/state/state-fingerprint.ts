/**
 * What a source's facts (build-state.ts) are derived with, besides the rows themselves: the config file (sources,
 * time zone, valid times), the source profiles it names, the headquarters file (the facts' network periods) and
 * the key. A state made with anything else is rebuilt in full. The pack is not part of it: cities are resolved
 * afresh from the facts' text on every build (resolve/resolution-cache.ts keeps the answers).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CampaignConfig } from '../config/campaign.ts';

export function stateFingerprint(configPath: string, config: CampaignConfig, configDir: string, keyCheck: string): string {
  const h = createHash('sha256');
  const file = (p: string): void => {
    h.update(`${p}\u0000`);
    h.update(existsSync(p) ? readFileSync(p) : '(absent)');
  };
  file(resolve(configPath));
  for (const s of config.sources) if (s.kind === 'csv' && typeof s.profile === 'string') file(resolve(configDir, s.profile));
  if (config.headquarters) file(resolve(configDir, config.headquarters));
  h.update(keyCheck);
  return h.digest('hex');
}

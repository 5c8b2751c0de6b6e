/** Where a campaign publishes and keeps its private files, as every command resolves them (flags win over the config). */
import { resolve } from 'node:path';
import type { CampaignConfig } from './campaign.ts';

export interface CampaignFolders {
  /** The published data set. */
  data: string;
  /** Rejects, ledgers, locks: never published. */
  work: string;
}

export function campaignFolders(config: CampaignConfig, configDir: string, flags: { data?: string; work?: string } = {}): CampaignFolders {
  return {
    data: resolve(flags.data ?? resolve(configDir, config.output ?? '../static/data')),
    work: resolve(flags.work ?? resolve(configDir, config.work ?? '.tallyboard'))
  };
}

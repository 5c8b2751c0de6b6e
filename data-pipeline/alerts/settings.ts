/** The alert thresholds of a campaign: its `alerts` section over the defaults the README documents. */
import type { AlertsConfig, CampaignConfig } from '../config/campaign.ts';

export type AlertSettings = Required<Omit<AlertsConfig, 'to'>>;

export const DEFAULT_ALERTS: AlertSettings = {
  deliveredShareBelow: 0.5,
  outageHours: 1,
  minMessages: 20,
  silentHours: 3,
  daytime: { from: 9, to: 21 },
  capShare: 1
};

export function alertSettings(config: CampaignConfig): AlertSettings {
  // `to` rides along unread: the thresholds are all that detection looks at.
  return { ...DEFAULT_ALERTS, ...config.alerts };
}

/** Who is told: the alerts' own list, else the report's. */
export function alertRecipients(config: CampaignConfig): string[] {
  return config.alerts?.to ?? config.report?.to ?? [];
}

/** The SMTP server and recipients alerts go to: the report's settings, `--smtp` and `--to` over them. */
import type { CampaignConfig, SmtpConfig } from '../config/campaign.ts';
import { DEFAULT_FROM, SmtpSettingsError, smtpFromUrl } from '../report/mailer.ts';
import { alertRecipients } from './settings.ts';

export function alertMail(config: CampaignConfig, flags: { smtp?: string; to?: string[] }): { smtp: SmtpConfig; to: string[] } {
  const smtp = flags.smtp ? smtpFromUrl(flags.smtp, config.report?.smtp) : config.report?.smtp;
  if (!smtp) throw new SmtpSettingsError('mailing alerts needs an SMTP server: report.smtp in the config or --smtp smtp://host:port');
  const to = flags.to ?? alertRecipients(config);
  if (to.length === 0) throw new SmtpSettingsError('mailing alerts needs recipients: --to A,B, alerts.to or report.to in the config');
  return { smtp: { ...smtp, from: smtp.from || DEFAULT_FROM }, to };
}

/** `--to a@x, b@y` as a list. */
export function recipientList(flag: string | undefined): string[] | undefined {
  return flag === undefined ? undefined : flag.split(',').map((s) => s.trim()).filter(Boolean);
}

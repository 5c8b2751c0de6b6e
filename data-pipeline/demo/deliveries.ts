/**
 * Message deliveries and the funnel they drive. Each site registration asks for an SMS code (most do):
 * the first attempt goes through the next of three gateways in rotation; an attempt that is not delivered
 * (failed, or "sent" with no delivery report within a minute) is retried through the next gateway, up to
 * three attempts. During an outage one gateway delivers almost nothing. Phone numbers were validated
 * less strictly before the registration form changed, so more codes failed then. Every site registration
 * also gets a confirmation e-mail. One row per attempt, with its final status.
 *
 * The funnel: phone confirmed (~70 %) needs a delivered code; e-mail confirmed (~55 %) a delivered letter;
 * the questionnaire (~40 %) is done mostly by people who confirmed their phone — so "questionnaire and phone"
 * is a real subset. Every stage has its own timestamp after created_at; stages not reached by the time of
 * the export are empty.
 */
import type { DemoSpec } from './calendar.ts';
import { Rng } from './prng.ts';
import { DAY_MS, HOUR_MS } from '../../shared/time/units.ts';
import { zonedToEpoch } from './time.ts';

export const DELIVERY_HEADER = 'time,channel,gateway,status';
export const SMS_REQUEST_RATE = 0.92;
export const PHONE_CONFIRM_GIVEN_DELIVERED = 0.785;
export const EMAIL_CONFIRM_GIVEN_DELIVERED: readonly [number, number] = [0.38, 0.67];
export const QUESTIONNAIRE_RATE: readonly [number, number] = [0.12, 0.52];

export interface Stages {
  phoneAt: number | null;
  emailAt: number | null;
  questionnaireAt: number | null;
}

/** Growable buffer of delivery attempts: instant + index into `codes`. */
export class DeliverySink {
  times = new Float64Array(1 << 16);
  codes = new Uint8Array(1 << 16);
  length = 0;

  push(ms: number, code: number): void {
    if (this.length === this.times.length) {
      const t = new Float64Array(this.length * 2);
      t.set(this.times);
      this.times = t;
      const c = new Uint8Array(this.length * 2);
      c.set(this.codes);
      this.codes = c;
    }
    this.times[this.length] = ms;
    this.codes[this.length] = code;
    this.length++;
  }

  /** Removes and returns (sorted by time) the attempts before `ms`. */
  takeBefore(ms: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    let keep = 0;
    for (let i = 0; i < this.length; i++) {
      if (this.times[i] < ms) out.push([this.times[i], this.codes[i]]);
      else {
        this.times[keep] = this.times[i];
        this.codes[keep] = this.codes[i];
        keep++;
      }
    }
    this.length = keep;
    out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return out;
  }
}

const STATUSES = ['sent', 'delivered', 'failed'] as const;
type Status = (typeof STATUSES)[number];

export class Messenger {
  /** "channel,gateway,status" for each code. */
  readonly codes: string[] = [];
  private readonly sms: string[];
  private readonly outages: Array<{ gateway: number; from: number; to: number }>;
  private readonly formChangeMs: number;
  private rotation = 0;
  private readonly smsCode: number[][];
  private readonly emailCode: number[];

  constructor(
    spec: DemoSpec,
    private readonly endMs: number
  ) {
    this.sms = spec.smsGateways;
    this.smsCode = this.sms.map((g) => STATUSES.map((s) => this.code('sms', g, s)));
    this.emailCode = STATUSES.map((s) => this.code('email', spec.emailGateway, s));
    this.outages = spec.outages.map((o) => {
      const from = zonedToEpoch(o.start, spec.timeZone);
      return { gateway: this.sms.indexOf(o.gateway), from, to: from + o.hours * HOUR_MS };
    });
    this.formChangeMs = zonedToEpoch(spec.formChange, spec.timeZone);
  }

  private code(channel: string, gateway: string, status: Status): number {
    this.codes.push(`${channel},${gateway},${status}`);
    return this.codes.length - 1;
  }

  private inOutage(gateway: number, ms: number): boolean {
    for (const o of this.outages) if (o.gateway === gateway && ms >= o.from && ms < o.to) return true;
    return false;
  }

  /** SMS attempts for one registration; returns when the code was delivered, or null. */
  private smsAttempts(rng: Rng, createdMs: number, foreign: boolean, sink: DeliverySink): number | null {
    // Before the form change, phone numbers were not checked as typed: more of them were wrong.
    const invalid = rng.chance(createdMs < this.formChangeMs ? 0.055 : 0.012);
    let ms = createdMs + 5_000 + rng.int(40_000);
    let gw = this.rotation++ % this.sms.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      let status: Status;
      if (this.inOutage(gw, ms)) status = rng.chance(0.02) ? 'delivered' : rng.chance(0.4) ? 'sent' : 'failed';
      else if (invalid) status = 'failed';
      else if (rng.chance(foreign ? 0.45 : 0.93)) status = 'delivered';
      else status = rng.chance(0.3) ? 'sent' : 'failed';
      if (ms < this.endMs) sink.push(ms, this.smsCode[gw][STATUSES.indexOf(status)]);
      if (status === 'delivered') return ms;
      ms += 30_000 + rng.int(60_000);
      gw = (gw + 1) % this.sms.length;
    }
    return null;
  }

  private emailAttempt(rng: Rng, createdMs: number, sink: DeliverySink): number | null {
    const ms = createdMs + 2_000 + rng.int(28_000);
    const x = rng.next();
    const status: Status = x < 0.955 ? 'delivered' : x < 0.99 ? 'failed' : 'sent';
    if (ms < this.endMs) sink.push(ms, this.emailCode[STATUSES.indexOf(status)]);
    return status === 'delivered' ? ms : null;
  }

  /** Messages and stage timestamps for one site registration. */
  funnel(rng: Rng, createdMs: number, foreignPhone: boolean, sink: DeliverySink): Stages {
    const end = this.endMs;
    let phoneAt: number | null = null;
    if (rng.chance(SMS_REQUEST_RATE)) {
      const delivered = this.smsAttempts(rng, createdMs, foreignPhone, sink);
      if (delivered !== null && rng.chance(PHONE_CONFIRM_GIVEN_DELIVERED)) phoneAt = delivered + Math.round(rng.logNormal(40, 0.7)) * 1000;
    }
    const hasPhone = phoneAt !== null ? 1 : 0;
    let emailAt: number | null = null;
    const mailed = this.emailAttempt(rng, createdMs, sink);
    if (mailed !== null && rng.chance(EMAIL_CONFIRM_GIVEN_DELIVERED[hasPhone])) {
      emailAt = mailed + Math.round(Math.min(rng.logNormal(25 * 60, 1.6), 20 * DAY_MS / 1000)) * 1000;
    }
    let questionnaireAt: number | null = null;
    if (rng.chance(QUESTIONNAIRE_RATE[hasPhone])) {
      const from = phoneAt ?? createdMs;
      const delay = rng.chance(0.8) ? rng.logNormal(240, 0.9) : rng.logNormal(3 * 86_400, 1.1);
      questionnaireAt = from + Math.max(20, Math.round(Math.min(delay, 60 * 86_400))) * 1000;
    }
    return {
      phoneAt: phoneAt !== null && phoneAt < end ? phoneAt : null,
      emailAt: emailAt !== null && emailAt < end ? emailAt : null,
      questionnaireAt: questionnaireAt !== null && questionnaireAt < end ? questionnaireAt : null
    };
  }
}

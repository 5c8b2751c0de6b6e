/**
 * The demo campaign's calendar and numbers, per country pack: the timeline (≥ 18 months ending with
 * the collection window), caps, when headquarters open, the "+1" day, the SMS gateway outages.
 * Local times are wall-clock times in the campaign time zone.
 */
import type { PackCode } from '../../geo/pack.ts';

export interface OutageSpec {
  gateway: string;
  /** Local start "YYYY-MM-DDTHH:mm". */
  start: string;
  hours: number;
}

export interface DemoSpec {
  pack: PackCode;
  lang: 'ru' | 'en';
  name: string;
  timeZone: string;
  /** First day of data (local date). */
  start: string;
  /** Day after the last day of data (local date, exclusive): the export was taken at its midnight. */
  end: string;
  window: { start: string; end: string };
  target: number;
  totalCap: number;
  regionCap: number;
  nearKm: number;
  defaultRegistrations: number;
  /** How many headquarters to open, and over which local dates. */
  headquarters: { count: number; from: string; to: string; minRegionPopulation: number };
  /** Regions over-represented early on (the capitals), fading as the campaign goes regional. */
  capitals: string[];
  plusOne: string;
  formChange: string;
  smsGateways: string[];
  emailGateway: string;
  outages: OutageSpec[];
  /** National rally days (local dates). */
  rallyDays: string[];
  /** Share of registrations arriving through the third-party partner export. */
  partnerShare: number;
}

export const SPECS: Record<PackCode, DemoSpec> = {
  ru: {
    pack: 'ru',
    lang: 'ru',
    name: 'Демо-кампания: сбор подписей 2018',
    timeZone: 'Europe/Moscow',
    start: '2016-06-01',
    end: '2018-01-05',
    window: { start: '2017-12-01', end: '2018-01-04' },
    target: 315_000,
    totalCap: 315_000,
    regionCap: 7_500,
    nearKm: 50,
    defaultRegistrations: 1_000_000,
    headquarters: { count: 84, from: '2017-02-05', to: '2017-11-15', minRegionPopulation: 150_000 },
    capitals: ['RU-MOW', 'RU-SPE'],
    plusOne: '2017-09-24T20:00',
    formChange: '2017-07-15T12:00',
    smsGateways: ['sms-a', 'sms-b', 'sms-c'],
    emailGateway: 'smtp',
    outages: [
      { gateway: 'sms-b', start: '2017-02-21T09:00', hours: 7 },
      { gateway: 'sms-c', start: '2017-04-17T21:00', hours: 19 }
    ],
    rallyDays: ['2017-03-26', '2017-06-12', '2017-10-07'],
    partnerShare: 0.025
  },
  us: {
    pack: 'us',
    lang: 'en',
    name: 'Demo campaign: ballot access petition',
    timeZone: 'America/New_York',
    start: '2022-08-01',
    end: '2024-02-12',
    window: { start: '2024-01-08', end: '2024-02-11' },
    target: 200_000,
    totalCap: 220_000,
    regionCap: 5_000,
    nearKm: 50,
    defaultRegistrations: 500_000,
    headquarters: { count: 78, from: '2023-01-09', to: '2023-11-20', minRegionPopulation: 500_000 },
    capitals: ['US-NY', 'US-CA', 'US-DC'],
    plusOne: '2023-10-14T19:00',
    formChange: '2023-05-15T12:00',
    smsGateways: ['sms-a', 'sms-b', 'sms-c'],
    emailGateway: 'smtp',
    outages: [
      { gateway: 'sms-a', start: '2023-03-02T10:00', hours: 6 },
      { gateway: 'sms-c', start: '2023-06-12T22:00', hours: 16 }
    ],
    rallyDays: ['2023-04-15', '2023-07-04', '2023-10-28'],
    partnerShare: 0.025
  }
};

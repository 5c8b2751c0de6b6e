import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPublishTarget, PUBLISH_MARKER, PublishTargetError } from '../../../data-pipeline/export/publish-target.ts';

const root = mkdtempSync(join(tmpdir(), 'tb-target-'));
const campaign = join(root, 'campaign');
mkdirSync(campaign);
const guard = { configFile: join(campaign, 'campaign.json'), workDir: join(campaign, '.tallyboard'), inputs: [join(campaign, 'registrations.csv')] };
const check = (out: string) => () => checkPublishTarget(out, guard);

describe('checkPublishTarget', () => {
  it('allows a new folder, an empty one and one Tallyboard published', () => {
    expect(check(join(root, 'site', 'data'))).not.toThrow();
    mkdirSync(join(root, 'empty'));
    expect(check(join(root, 'empty'))).not.toThrow();
    mkdirSync(join(root, 'published'));
    writeFileSync(join(root, 'published', PUBLISH_MARKER), '{}');
    writeFileSync(join(root, 'published', 'manifest.json'), '{}');
    expect(check(join(root, 'published'))).not.toThrow();
    mkdirSync(join(root, 'older'));
    writeFileSync(join(root, 'older', 'manifest.json'), JSON.stringify({ format: 'tallyboard-cube' }));
    expect(check(join(root, 'older'))).not.toThrow();
  });

  it('refuses the root, the home folder, the config folder and any folder holding it', () => {
    expect(check('/')).toThrow(/file system root/);
    expect(check(homedir())).toThrow(PublishTargetError);
    expect(check(campaign)).toThrow(/holds the campaign config/);
    expect(check(root)).toThrow(/holds the campaign config/);
  });

  it('refuses the work folder, a folder inside it, and a folder that would hold it', () => {
    expect(check(guard.workDir)).toThrow(/work folder/);
    expect(check(join(guard.workDir, 'out'))).toThrow(/inside the work folder/);
    const away = { ...guard, workDir: join(root, 'pub2', 'work') };
    expect(() => checkPublishTarget(join(root, 'pub2'), away)).toThrow(/would replace the work folder/);
  });

  it('refuses a folder holding files it did not publish, naming the marker', () => {
    mkdirSync(join(root, 'mine'));
    writeFileSync(join(root, 'mine', 'notes.txt'), 'precious');
    expect(check(join(root, 'mine'))).toThrow(new RegExp(`did not publish \\(no ${PUBLISH_MARKER.replace('.', '\\.')}\\)`));
  });

  it('says at once when the folder cannot be written', () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: the check cannot fail for it
    mkdirSync(join(root, 'ro'));
    chmodSync(join(root, 'ro'), 0o555);
    expect(check(join(root, 'ro', 'data'))).toThrow(/no write permission/);
  });
});

// `rollcall partner user create`: a partner portal account, password from stdin.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { systemClock } from '../../../../server/clock.js';
import { loadConfig } from '../../../../server/config.js';
import { openDb, sqliteFileIn } from '../../../../server/db/connect.js';
import { runPartnerUserCommand } from '../../../../server/partners/cli-user.js';
import { PartnerRecords } from '../../../../server/partners/partner-records.js';
import { Users } from '../../../../server/auth/users.js';

describe('rollcall partner user create', () => {
  it('creates a partner user for an existing partner only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-cli-'));
    const config = loadConfig({ DATA_DIR: dir, APP_KEY: crypto.randomBytes(32).toString('base64'), LOG_LEVEL: 'silent' });
    const out: string[] = [];
    const io = {
      out: { write: (s: string) => out.push(s) },
      err: { write: (s: string) => out.push(s) },
      readPassword: async () => 'correct horse battery staple',
      confirm: false,
    };
    assert.equal(await runPartnerUserCommand(config, { partner: 'nope', email: 'a@club.example' }, io), 1);
    const db = openDb({ sqliteFile: sqliteFileIn(dir) });
    try {
      const { partner } = await new PartnerRecords(db, systemClock).create('Club', null);
      assert.equal(await runPartnerUserCommand(config, { partner: partner.id, email: 'A@Club.example' }, io), 0);
      const login = await new Users(db, systemClock).login('a@club.example', 'correct horse battery staple');
      assert.ok(login.ok && login.user.role === 'partner' && login.user.partner_id === partner.id);
      assert.equal(await runPartnerUserCommand(config, { partner: partner.id, email: 'a@club.example' }, io), 1);
      assert.equal(await runPartnerUserCommand(config, { email: 'b@club.example' }, io), 1);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

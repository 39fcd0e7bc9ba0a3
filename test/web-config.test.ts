/**
 * The web server's settings and the unit link's token, without servers: a missing or short
 * secret stops the web server with a message naming the variable (never echoing the secret),
 * and a token is refused when forged, tampered with or expired.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword, MemorySignInThrottle } from '../app/accounts';
import { isPassword } from '../app/passwords';
import { TooManyAttemptsError } from '../app/errors';
import { loadLinkSettings, loadWebEnv, requireLinkSecret, secretWeakness } from '../app/settings';
import { developmentSettings } from '../app/development-accounts';
import { signUnitToken, unitLinkMaker, verifyUnitToken } from '../app/unit-links';

const secret = 'a-secret-of-at-least-32-characters-000';

describe('web settings', () => {
  it('refuses to start without a link secret, or with a short one, naming the variable but not the secret', () => {
    expect(() => loadWebEnv({})).toThrow('LINK_SECRET is not set: expected at least 32 characters');
    expect(() => loadWebEnv({ LINK_SECRET: 'short-secret' })).toThrow('LINK_SECRET=(12 characters): at least 32 characters');
    expect(() => loadWebEnv({ LINK_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => loadWebEnv({ LINK_SECRET: secret, WEB_BASE_URL: 'campaigns.example' })).toThrow('WEB_BASE_URL="campaigns.example": an absolute http(s) URL');
  });

  it('refuses a long but weak secret (few distinct characters, a repeated piece, a run), naming LINK_SECRET and never echoing it', () => {
    const weak = ['a'.repeat(32), 'ab'.repeat(20), '0123456789'.repeat(4), 'abcdefghijklmnopqrstuvwxyz0123456789', 'passwordpasswordpasswordpassword1'];
    for (const value of weak) {
      expect(secretWeakness(value)).toBeDefined();
      let message = '';
      try {
        loadWebEnv({ LINK_SECRET: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^Invalid environment variable:\n {2}LINK_SECRET=\(\d+ characters\): .*expected a random secret of at least 32 characters \(e\.g\. openssl rand -hex 32\)$/);
      expect(message).not.toContain(value.slice(0, 12));
      // The worker reads the same settings: it refuses the same secret.
      expect(() => loadLinkSettings({ LINK_SECRET: value })).toThrow('LINK_SECRET=');
    }
    // What npm start generates and what the tests use are accepted.
    for (const value of [developmentSettings(mkdtempSync(path.join(tmpdir(), 'web-secret-')), {}).env.LINK_SECRET, secret, 'test-link-secret-0123456789abcdef0123456789']) {
      expect(secretWeakness(value)).toBeUndefined();
    }
  });

  it('stops the worker without a secret outside development, and lets development run without links', () => {
    expect(() => requireLinkSecret(loadLinkSettings({}), {})).toThrow(/^LINK_SECRET is not set: expected a random secret of at least 32 characters/);
    expect(() => requireLinkSecret(loadLinkSettings({}), { NODE_ENV: 'production' })).toThrow('LINK_SECRET is not set');
    expect(requireLinkSecret(loadLinkSettings({}), { NODE_ENV: 'development' })).toEqual({ baseUrl: 'http://127.0.0.1:3000', ttlMs: 30 * 24 * 3600_000 });
    expect(requireLinkSecret(loadLinkSettings({ LINK_SECRET: secret }), {}).secret).toBe(secret);
  });

  it('reads accounts from JSON and says which field is wrong', () => {
    const account = { username: 'zhang', name: '张三', role: 'admin', passwordHash: hashPassword('pw') };
    expect(loadWebEnv({ LINK_SECRET: secret, WEB_ACCOUNTS: JSON.stringify([account]) }).accounts).toEqual([account]);
    expect(() => loadWebEnv({ LINK_SECRET: secret, WEB_ACCOUNTS: JSON.stringify([{ ...account, role: 'mayor' }]) })).toThrow(/WEB_ACCOUNTS: \[0\.role\]/);
    expect(() => loadWebEnv({ LINK_SECRET: secret, WEB_ACCOUNTS: JSON.stringify([{ ...account, passwordHash: 'pw' }]) })).toThrow('scrypt$<salt>$<hash>');
  });

  it('gives the worker the base URL for links, and no secret when there is none', () => {
    expect(loadLinkSettings({ WEB_PORT: '8080' })).toEqual({ baseUrl: 'http://127.0.0.1:8080', ttlMs: 30 * 24 * 3600_000 });
    expect(loadLinkSettings({ WEB_BASE_URL: 'https://dc.example.gov.cn/', LINK_SECRET: secret, LINK_TTL_DAYS: '7' })).toEqual({
      baseUrl: 'https://dc.example.gov.cn',
      secret,
      ttlMs: 7 * 24 * 3600_000,
    });
  });

  it('generates a secret and two accounts once for npm start, and keeps them', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'web-dev-'));
    const first = developmentSettings(dataDir, {});
    expect(first.env.LINK_SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(developmentSettings(dataDir, {}).env).toEqual(first.env);
    const [admin] = readFileSync(first.passwordsFile!, 'utf8').trim().split('\n').map((line) => line.split(' '));
    const accounts = JSON.parse(readFileSync(first.env.WEB_ACCOUNTS, 'utf8')) as { passwordHash: string }[];
    expect(await isPassword(accounts[0]!.passwordHash, admin![1]!)).toBe(true);
    expect(developmentSettings(dataDir, { LINK_SECRET: secret, WEB_ACCOUNTS: '[]' }).env).toEqual({ LINK_SECRET: secret, WEB_ACCOUNTS: '[]' });
  });
});

describe('unit token', () => {
  const scope = { campaignId: 'zaozhuang-2022-ip-protection', unitId: 'tengzhou' };
  const now = Date.parse('2026-11-25T10:00:00Z');

  it('carries its campaign, unit and expiry, and makes the link of an email', () => {
    const token = signUnitToken(scope, secret, now + 60_000);
    expect(verifyUnitToken(token, secret, now)).toEqual({ ...scope, expiresAtMs: now + 60_000 });
    const link = unitLinkMaker({ baseUrl: 'https://dc.example.gov.cn/', secret, ttlMs: 60_000, now: () => now })(scope);
    expect(link).toBe(`https://dc.example.gov.cn/unit?token=${encodeURIComponent(token)}`);
  });

  it('refuses a token signed with another secret, with another unit put in, cut short or expired', () => {
    const token = signUnitToken(scope, secret, now + 60_000);
    const [, signature] = token.split('.');
    const otherUnit = Buffer.from(JSON.stringify({ c: scope.campaignId, u: 'shanting', e: now + 60_000 })).toString('base64url');
    expect(() => verifyUnitToken(token, `${secret}x`, now)).toThrow('链接无效：签名不正确');
    expect(() => verifyUnitToken(`${otherUnit}.${signature}`, secret, now)).toThrow('链接无效：签名不正确');
    expect(() => verifyUnitToken(token.split('.')[0]!, secret, now)).toThrow('链接无效：令牌格式不正确');
    expect(() => verifyUnitToken(token, secret, now + 60_000)).toThrow('链接已于2026-11-25T10:01:00.000Z过期');
  });
});

describe('failed log-ins', () => {
  it('refuses a name from an address after five failures, until fifteen minutes after the first; a success clears the count', async () => {
    let now = Date.parse('2022-04-15T09:00:00Z');
    const throttle = new MemorySignInThrottle(() => now);
    for (let failure = 0; failure < 5; failure += 1) {
      await throttle.check('10.0.0.1|zhang');
      await throttle.failed('10.0.0.1|zhang');
      now += 60_000;
    }
    await expect(throttle.check('10.0.0.1|zhang')).rejects.toThrow(new TooManyAttemptsError('登录失败次数过多，请10分钟后再试'));
    await expect(throttle.check('10.0.0.2|zhang')).resolves.toBeUndefined();
    await expect(throttle.check('10.0.0.1|li')).resolves.toBeUndefined();
    now = Date.parse('2022-04-15T09:15:00Z') + 1; // the first failure has left the window
    await expect(throttle.check('10.0.0.1|zhang')).resolves.toBeUndefined();
    await throttle.succeeded('10.0.0.1|zhang');
    for (let failure = 0; failure < 4; failure += 1) await throttle.failed('10.0.0.1|zhang');
    await expect(throttle.check('10.0.0.1|zhang')).resolves.toBeUndefined();
  });
});

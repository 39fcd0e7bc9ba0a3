/**
 * `npm start` on a developer's machine: a link secret and two accounts generated once into the
 * data folder (ignored by git), so the pages work without any setup. Production sets
 * LINK_SECRET and WEB_ACCOUNTS in the environment instead; the web server refuses to start
 * without a secret.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { hashPassword } from './accounts';

export interface DevelopmentSettings {
  env: { LINK_SECRET: string; WEB_ACCOUNTS: string };
  /** Where the generated passwords are written for the developer to read. */
  passwordsFile?: string;
}

/** The environment values the stack passes on, generated on first use; set values are kept. */
export function developmentSettings(dataDir: string, source: NodeJS.ProcessEnv): DevelopmentSettings {
  mkdirSync(dataDir, { recursive: true });
  const secretFile = path.join(dataDir, 'link-secret');
  if (!source.LINK_SECRET && !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const secret = source.LINK_SECRET || readFileSync(secretFile, 'utf8').trim();
  if (source.WEB_ACCOUNTS) return { env: { LINK_SECRET: secret, WEB_ACCOUNTS: source.WEB_ACCOUNTS } };

  const accountsFile = path.join(dataDir, 'web-accounts.json');
  const passwordsFile = path.join(dataDir, 'web-passwords.txt');
  if (!existsSync(accountsFile)) {
    const people = [
      { username: 'admin', name: '知识产权保护科管理员', role: 'admin' },
      { username: 'supervisor', name: '督办人员', role: 'supervisor' },
    ] as const;
    const passwords = people.map(() => randomBytes(9).toString('base64url'));
    writeFileSync(accountsFile, JSON.stringify(people.map((person, index) => ({ ...person, passwordHash: hashPassword(passwords[index]!) })), null, 2), { mode: 0o600 });
    writeFileSync(passwordsFile, people.map((person, index) => `${person.username} ${passwords[index]}`).join('\n') + '\n', { mode: 0o600 });
  }
  return { env: { LINK_SECRET: secret, WEB_ACCOUNTS: accountsFile }, passwordsFile };
}

// APP_KEY: the key every other key derives from (sealing, CSRF, rate-limit names, idempotency and
// mail HMACs). Absent from the environment, one is generated once into DATA_DIR (with a warning: an
// operator running several nodes must set the same key on all). APP_KEY_PREVIOUS: keys a rotation
// retired (docs/deploy.md, "Rotating APP_KEY"), kept only to open and verify what was made under them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Where the generated key is kept when APP_KEY is not set. */
export const appKeyFile = (dataDir: string): string => path.join(dataDir, 'app.key');

export function resolveAppKey(configured: string | undefined, dataDir: string, warn: (msg: string) => void): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = appKeyFile(dataDir);
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  // wx: never overwrite a key another process wrote first; the ID numbers encrypted with it depend on it.
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, key.toString('base64') + '\n');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    throw err;
  }
  warn(`APP_KEY is not set: generated one into ${file}. Back it up; set APP_KEY to the same value on every node.`);
  return key;
}

/** APP_KEY (seals and signs everything new) and APP_KEY_PREVIOUS (only opens and verifies the old). */
export interface AppKeys {
  current: Buffer;
  previous: Buffer[];
}

export function resolveAppKeys(
  config: { appKey: string | undefined; appKeyPrevious: readonly string[]; dataDir: string },
  warn: (msg: string) => void,
): AppKeys {
  const current = resolveAppKey(config.appKey, config.dataDir, warn);
  const previous = config.appKeyPrevious.map((k) => Buffer.from(k, 'base64')).filter((k) => !k.equals(current));
  return { current, previous };
}

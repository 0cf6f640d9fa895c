// APP_KEY: the key that encrypts ID numbers at rest. Absent from the environment, one is generated
// once into DATA_DIR (with a warning: an operator running several nodes must set the same key on all).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function resolveAppKey(configured: string | undefined, dataDir: string, warn: (msg: string) => void): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = path.join(dataDir, 'app.key');
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

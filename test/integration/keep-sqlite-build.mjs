// Keeps the better-sqlite3 binary `npm ci` just compiled where prebuild-install looks before it
// compiles: its cache in npm's cache directory, under the name of the release download it tries
// first. Here that download cannot be reached (the network reaches only npm and Debian), so every
// `npm ci` compiled SQLite from source; with the binary kept, the next `npm ci` on this machine
// unpacks it instead. The key holds the package version, Node's ABI, the platform and the CPU
// architecture, so a different Node or better-sqlite3 still compiles (and is kept in turn).
// Usage: node test/integration/keep-sqlite-build.mjs   (from the repository root, after npm ci)
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(path.resolve('package.json'));
const packageDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const binary = path.join(packageDir, 'build', 'Release', 'better_sqlite3.node');
const file = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
const url = `https://github.com/WiseLibs/better-sqlite3/releases/download/v${version}/${file}`;
// prebuild-install's cache name: the first 6 hex digits of the URL's sha512, then the file name.
const npmCache = execFileSync('npm', ['config', 'get', 'cache'], { encoding: 'utf8' }).trim() || path.join(os.homedir(), '.npm');
const cached = path.join(npmCache, '_prebuilds', `${crypto.createHash('sha512').update(url).digest('hex').slice(0, 6)}-${file}`);

if (fs.existsSync(cached)) {
  console.log(`better-sqlite3 ${version}: already kept at ${cached}`);
} else if (!fs.existsSync(binary)) {
  console.log(`better-sqlite3 ${version}: no compiled binary at ${binary}; nothing kept`);
} else {
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const temporary = `${cached}.${process.pid}.tmp`;
  execFileSync('tar', ['-czf', temporary, '-C', packageDir, 'build/Release/better_sqlite3.node']);
  fs.renameSync(temporary, cached);
  console.log(`better-sqlite3 ${version}: compiled binary kept at ${cached} for the next npm ci`);
}

// One LazyFS mount (a FUSE file system that keeps written data in its own cache until fsync; see
// lazyfs/README.upstream.md), driven by pid: mount a backing directory, drop what was not synced
// ("lazyfs::clear-cache" on its command FIFO), unmount and mount again so every file is read back
// from the backing directory. A power cut for the files under the mount point.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LazyFsOptions {
  /** Directory holding the built `lazyfs` binary and its libpcache.so (run.sh builds it). */
  binDir: string;
  /** Where the data really lives (the "disk"). */
  backing: string;
  /** The FUSE mount point the server uses. */
  mountPoint: string;
  /** Scratch directory for the configuration, the command FIFO and LazyFS's log. */
  workDir: string;
  /** Each started LazyFS process's pid and mount point are appended here (run.sh's cleanup unmounts and kills what is left). */
  pidFile?: string;
}

function mounted(mountPoint: string): boolean {
  return fs
    .readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[1] === mountPoint);
}

export class LazyFs {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly fifo: string;
  readonly logFile: string;
  private readonly config: string;

  constructor(readonly options: LazyFsOptions) {
    fs.mkdirSync(options.backing, { recursive: true });
    fs.mkdirSync(options.mountPoint, { recursive: true });
    fs.mkdirSync(options.workDir, { recursive: true });
    this.fifo = path.join(options.workDir, 'faults.fifo');
    this.logFile = path.join(options.workDir, 'lazyfs.log');
    this.config = path.join(options.workDir, 'lazyfs.toml');
    // LazyFS reads `--config-path X` as "no path given" when X contains "-o" in any case (main.cpp:
    // strcasestr(argv[i + 1], "-o")) and then aborts on its missing default configuration.
    if (/-o/i.test(this.config)) throw new Error(`LazyFS cannot take a configuration path containing "-o": ${this.config}`);
    // No eviction: nothing unsynced reaches the backing directory before an fsync. The cache is
    // allocated up front at every mount (about 1 s per 100 MB here) and starts empty: 128 MB holds
    // what one server life writes (a few hundred PDFs of ~11 KB, twice, and the database).
    fs.writeFileSync(
      this.config,
      [
        '[faults]',
        `fifo_path="${this.fifo}"`,
        '[cache]',
        'apply_eviction=false',
        '[cache.simple]',
        'custom_size="128mb"',
        'blocks_per_page=1',
        '[filesystem]',
        'log_all_operations=false',
        `logfile="${this.logFile}"`,
        '',
      ].join('\n'),
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts LazyFS in the foreground (a child we hold by pid) and waits until the mount is there. */
  async mount(): Promise<void> {
    if (mounted(this.options.mountPoint)) throw new Error(`${this.options.mountPoint} is already mounted`);
    const child = spawn(
      path.join(this.options.binDir, 'lazyfs'),
      [
        this.options.mountPoint,
        '--config-path',
        this.config,
        '-o',
        'allow_other',
        '-o',
        'modules=subdir',
        '-o',
        `subdir=${this.options.backing}`,
        '-f',
      ],
      { env: { ...process.env, LD_LIBRARY_PATH: this.options.binDir }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    if (this.options.pidFile && child.pid) fs.appendFileSync(this.options.pidFile, `lazyfs ${child.pid} ${this.options.mountPoint}\n`);
    const giveUpAt = Date.now() + 15_000;
    while (!mounted(this.options.mountPoint)) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`lazyfs exited (${child.exitCode ?? child.signalCode}): ${stderr}`);
      if (Date.now() > giveUpAt) throw new Error(`lazyfs did not mount ${this.options.mountPoint} within 15 s: ${stderr}`);
      await sleep(50);
    }
    // The command FIFO is created by LazyFS's fault worker once it runs.
    while (!fs.existsSync(this.fifo)) {
      if (Date.now() > giveUpAt) throw new Error(`lazyfs made no command FIFO within 15 s: ${stderr}`);
      await sleep(50);
    }
  }

  /** Drops every byte not yet fsynced ("lazyfs::clear-cache") and waits until LazyFS logs it done. */
  async clearCache(): Promise<void> {
    const done = 'cache is cleared';
    const before = this.countInLog(done);
    fs.writeFileSync(this.fifo, 'lazyfs::clear-cache\n');
    const giveUpAt = Date.now() + 15_000;
    while (this.countInLog(done) <= before) {
      if (Date.now() > giveUpAt) throw new Error(`lazyfs did not log "${done}" within 15 s; see ${this.logFile}`);
      await sleep(20);
    }
  }

  /** fusermount3 -u (lazy after 5 s of "busy"); then the LazyFS process ends (SIGTERM, SIGKILL after 5 s) and no mount is left. */
  async unmount(): Promise<void> {
    const mountPoint = this.options.mountPoint;
    const giveUpAt = Date.now() + 5_000;
    while (mounted(mountPoint)) {
      const r = spawnSync('fusermount3', ['-u', ...(Date.now() > giveUpAt ? ['-z'] : []), mountPoint], { encoding: 'utf8' });
      if (r.status === 0) break;
      await sleep(100);
    }
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = await Promise.race([this.exited.then(() => true), sleep(5_000).then(() => false)]);
      if (!exited) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await this.exited;
        clearTimeout(t);
      }
    }
    this.child = null;
    // A LazyFS that died while mounted leaves a dead mount ("transport endpoint is not connected").
    if (mounted(mountPoint)) spawnSync('fusermount3', ['-u', '-z', mountPoint]);
  }

  /** The power cut: drop the unsynced data, then unmount and mount again (files read back from the backing directory). */
  async cut(): Promise<void> {
    await this.clearCache();
    await this.unmount();
    await this.mount();
  }

  private countInLog(text: string): number {
    try {
      return fs.readFileSync(this.logFile, 'utf8').split(text).length - 1;
    } catch {
      return 0;
    }
  }
}

// verify: walks every key the host says exists, checks each volume's copy against its sha256,
// and (with repair) rewrites missing or corrupt copies from a good copy or by re-deriving them.
import { inspectCopy, type CopyState } from './copies.js';
import { restoreCopy, type Restored } from './restore.js';
import type { KeyCatalog, VerifyReport, VolumeVerifyReport } from './types.js';
import type { Volume } from './volume.js';

const CONCURRENT_KEYS = 8;

export async function verifyVolumes(volumes: Volume[], catalog: KeyCatalog, options: { repair: boolean }): Promise<VerifyReport> {
  const report: VerifyReport = { keys: 0, volumes: {}, rederived: 0, lost: [], unrepaired: 0 };
  for (const volume of volumes) report.volumes[volume.name] = emptyVolumeReport();

  const iterator = catalog.keys()[Symbol.asyncIterator]();
  const next = async (): Promise<{ key: string; sha256: string } | null> => {
    const item = await iterator.next();
    return item.done ? null : item.value;
  };
  const lane = async (): Promise<void> => {
    for (let item = await next(); item; item = await next()) {
      report.keys++;
      await verifyKey(volumes, catalog, item.key, item.sha256, options.repair, report);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_KEYS }, lane));
  report.lost.sort();
  return report;
}

async function verifyKey(
  volumes: Volume[],
  catalog: KeyCatalog,
  key: string,
  expected: string,
  repair: boolean,
  report: VerifyReport,
): Promise<void> {
  const copies: CopyState[] = await Promise.all(volumes.map((v) => inspectCopy(v, key, expected)));
  let good: Buffer | null = null;
  const bad: Volume[] = [];
  copies.forEach((copy, i) => {
    const volume = volumes[i] as Volume;
    const counts = report.volumes[volume.name] as VolumeVerifyReport;
    counts.checked++;
    if (copy.state === 'good') {
      counts.ok++;
      good ??= copy.bytes;
    } else if (copy.state === 'unavailable') counts.unavailable++;
    else {
      counts[copy.state]++;
      bad.push(volume);
    }
  });
  if (bad.length === 0) return;
  if (!repair) {
    report.unrepaired += bad.length;
    if (!good && !copies.some((c) => c.state === 'unavailable')) report.lost.push(key);
    return;
  }
  let outcome: Restored;
  try {
    outcome = await restoreCopy(volumes, catalog, key, expected, bad, good);
  } catch {
    // catalog.rederive failed: not a sign the key is lost (see restore.ts); a later run retries
    report.unrepaired += bad.length;
    return;
  }
  if (outcome.source === null) {
    report.unrepaired += bad.length;
    if (!copies.some((c) => c.state === 'unavailable')) report.lost.push(key);
    return;
  }
  if (outcome.source === 'rederived') report.rederived++;
  for (const volume of outcome.restored) (report.volumes[volume.name] as VolumeVerifyReport).repaired++;
  report.unrepaired += outcome.failed.length;
}

function emptyVolumeReport(): VolumeVerifyReport {
  return { checked: 0, ok: 0, missing: 0, corrupt: 0, unavailable: 0, repaired: 0 };
}

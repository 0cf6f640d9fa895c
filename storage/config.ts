// Reads the storage settings from the environment, for hosts that do not have their own schema:
//   STORAGE_VOLUMES='[{"name":"a","paths":["/mnt/a1","/mnt/a2"]},{"name":"b","paths":["/srv/b"]}]'
//   STORAGE_WRITE_QUORUM=2          (default: a majority of the volumes)
//   STORAGE_FAULTS_FILE=/run/rollcall/faults.json   (drills and tests only; see faultControl.ts)
// Throws one error that lists every problem.
import type { VolumeConfig } from './types.js';

export interface StorageEnvSettings {
  volumes: VolumeConfig[];
  writeQuorum?: number;
  faultControlFile?: string;
}

export function storageSettingsFromEnv(env: Record<string, string | undefined> = process.env): StorageEnvSettings {
  const problems: string[] = [];
  let volumes: VolumeConfig[] = [];
  const raw = env.STORAGE_VOLUMES;
  if (!raw) problems.push('STORAGE_VOLUMES is not set');
  else {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) throw new Error('not an array');
      volumes = parsed.map((v: unknown, i) => {
        const volume = v as { name?: unknown; paths?: unknown };
        if (typeof volume?.name !== 'string' || !Array.isArray(volume.paths) || !volume.paths.every((p) => typeof p === 'string')) {
          problems.push(`STORAGE_VOLUMES[${i}] must be {"name": string, "paths": string[]}`);
        }
        return { name: String(volume?.name), paths: Array.isArray(volume?.paths) ? volume.paths.map(String) : [] };
      });
    } catch (error) {
      problems.push(`STORAGE_VOLUMES is not valid JSON: ${(error as Error).message}`);
    }
  }
  let writeQuorum: number | undefined;
  if (env.STORAGE_WRITE_QUORUM !== undefined && env.STORAGE_WRITE_QUORUM !== '') {
    writeQuorum = Number(env.STORAGE_WRITE_QUORUM);
    if (!Number.isInteger(writeQuorum) || writeQuorum < 1) problems.push('STORAGE_WRITE_QUORUM must be a positive integer');
  }
  if (problems.length > 0) throw new Error(`storage settings: ${problems.join('; ')}`);
  return { volumes, ...(writeQuorum !== undefined && { writeQuorum }), ...(env.STORAGE_FAULTS_FILE && { faultControlFile: env.STORAGE_FAULTS_FILE }) };
}

// Proof that the checks can fail: after the real checks pass, each planted fault (a truncated PDF
// under its final name, a PDF with another registration's bytes, a leftover temp file, a lost
// row) must be reported by the check meant to catch it; every plant is undone afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX } from '@rollcall/storage';
import { checkDatabase, checkNoScratch, checkVolumes, type Snapshot } from './checks.js';
import type { VolumeDirs } from './volumes.js';

interface Plant {
  name: string;
  /** Plants the fault, runs the check it targets, undoes the fault; returns what the check reported. */
  run(): string[];
}

export function selfTest(snap: Snapshot, accepted: string[], volumes: VolumeDirs[]): string[] {
  const ready = [...snap.rows.values()].filter((r) => r.status === 'pdf_ready' && r.pdf_key);
  const [first, second] = ready;
  const volume = volumes[volumes.length - 1] as VolumeDirs;
  if (!first || !second) return ['self-test: fewer than two pdf_ready registrations to plant faults on'];
  const fileOf = (key: string) => path.join(volume.root, key);
  const withFile = (key: string, bytes: Buffer, check: () => string[]): string[] => {
    const original = fs.readFileSync(fileOf(key));
    fs.writeFileSync(fileOf(key), bytes);
    try {
      return check();
    } finally {
      fs.writeFileSync(fileOf(key), original);
    }
  };
  const plants: Plant[] = [
    {
      name: 'a truncated PDF under its final name',
      run: () =>
        withFile(first.pdf_key!, fs.readFileSync(fileOf(first.pdf_key!)).subarray(0, 4000), () => checkVolumes(snap, volumes).problems),
    },
    {
      name: "a complete PDF with another registration's bytes",
      run: () => withFile(first.pdf_key!, fs.readFileSync(fileOf(second.pdf_key!)), () => checkVolumes(snap, volumes).problems),
    },
    {
      name: 'a temp file left behind',
      run: () => {
        const temp = path.join(path.dirname(fileOf(first.pdf_key!)), `${TEMP_PREFIX}planted.pdf-000000`);
        fs.writeFileSync(temp, '%PDF-1.7 half');
        try {
          return checkNoScratch(volumes);
        } finally {
          fs.rmSync(temp);
        }
      },
    },
    {
      name: 'an accepted registration missing from the database',
      run: () => {
        const rows = new Map(snap.rows);
        rows.delete(accepted[0] ?? first.uid);
        return checkDatabase({ ...snap, rows }, accepted.length ? accepted : [first.uid]);
      },
    },
  ];
  const missed: string[] = [];
  for (const plant of plants) {
    const reported = plant.run();
    console.log(`[crash] self-test: ${plant.name} → ${reported.length ? `caught (${reported[0]})` : 'NOT CAUGHT'}`);
    if (reported.length === 0) missed.push(`self-test: the checks did not catch ${plant.name}`);
  }
  return missed;
}

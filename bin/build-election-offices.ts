// Rebuilds server/offices/data/election-offices.json from the two source files beside it
// (server/offices/data/source/) and prints how many ZIPs of each state reach a county or town
// office. Run after replacing a source file: `npm run build:all && node dist/bin/build-election-offices.js`.
import fs from 'node:fs';
import { buildOfficeData } from '../server/offices/build-data.js';
import { coverageByState, formatCoverage } from '../server/offices/coverage.js';
import { OFFICE_DATA_FILE, OFFICE_SOURCE_FILES } from '../server/offices/files.js';

const data = buildOfficeData(
  fs.readFileSync(OFFICE_SOURCE_FILES.zipCodes, 'utf8'),
  fs.readFileSync(OFFICE_SOURCE_FILES.offices, 'utf8'),
  new Date().toISOString().slice(0, 10),
);
fs.writeFileSync(OFFICE_DATA_FILE, JSON.stringify(data) + '\n');
process.stdout.write(`${OFFICE_DATA_FILE}: ${data.offices.length} offices, ${Object.keys(data.zips).length} ZIPs\n`);
process.stdout.write(formatCoverage(coverageByState(data, fs.readFileSync(OFFICE_SOURCE_FILES.zipCodes, 'utf8'))));

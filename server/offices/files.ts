// Where the office data lives in the repository.
import { projectPath } from '../project-root.js';

export const OFFICE_DATA_FILE = projectPath('server', 'offices', 'data', 'election-offices.json');
export const OFFICE_SOURCE_FILES = {
  zipCodes: projectPath('server', 'offices', 'data', 'source', 'zip-county.csv'),
  offices: projectPath('server', 'offices', 'data', 'source', 'election-offices.csv'),
};

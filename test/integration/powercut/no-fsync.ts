// Loaded into the server with `node --import` when POWERCUT_WITHOUT_FSYNC=1 (and into its worker
// threads, which inherit it): every fsync the JavaScript side asks for (the storage library's
// temp file, directory and probe fsyncs) does nothing, so the power-cut test can show that it
// fails without them. SQLite's own fsyncs (native code) are untouched.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const skip = (): void => {};
fs.fsyncSync = skip;
fs.fdatasyncSync = skip;
syncBuiltinESMExports(); // `import * as fs` and named imports see the change too

// The test reporter `npm test` uses (node --test --test-reporter=./dist/test/support/reporter.js): one line
// per test file, every failure in full (name, file, error, stack, diff), and at the end node's own
// totals as "# tests N" … "# fail N" lines and "N passed, N failed", the lines CI reads. TAP printed
// some 3,000 lines for a green run, with the failures lost among them.
//
// A node:test reporter is an async generator over the runner's events. Their order is what this
// relies on: node reports one file's tests after another's (in order, even when files run in
// parallel), so a test:start/pass/fail of another file means the previous file is done.
import path from 'node:path';
import { inspect } from 'node:util';
import type { TestEvent } from 'node:test/reporters';

interface FileTally {
  file: string;
  pass: number;
  fail: number;
  skip: number;
  todo: number;
  /** The file's own duration (its process), when node reported it; else the sum of its tests'. */
  ms: number | null;
  testsMs: number;
  /** stderr of the file's process, kept to show when the file itself failed (it crashed, it did not load). */
  stderr: string[];
  crashed: boolean;
}

const shown = (file: string | undefined): string => (file ? path.relative(process.cwd(), file) : '(no file)');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export default async function* reporter(source: AsyncIterable<TestEvent>): AsyncGenerator<string, void> {
  const files = new Map<string, FileTally>();
  const fileMs = new Map<string, number>();
  let current: FileTally | null = null;
  /** Names of the tests enclosing the one being reported, by nesting level. */
  const ancestry: string[] = [];
  const failures: string[] = [];
  const totals: string[] = [];

  const tally = (file: string): FileTally => {
    let t = files.get(file);
    if (!t) files.set(file, (t = { file, pass: 0, fail: 0, skip: 0, todo: 0, ms: null, testsMs: 0, stderr: [], crashed: false }));
    return t;
  };
  const fileLine = (t: FileTally): string => {
    const count = t.pass + t.fail;
    const ms = fileMs.get(t.file) ?? t.testsMs;
    const extra = [t.skip ? `${t.skip} skipped` : '', t.todo ? `${t.todo} todo` : ''].filter(Boolean).join(', ');
    const what = t.crashed ? 'did not run to the end' : t.fail ? `${t.fail} of ${count} failed` : `${count} test${count === 1 ? '' : 's'}`;
    const tail =
      t.crashed && t.stderr.length
        ? `\n  its stderr (last lines):\n${t.stderr
            .join('')
            .split('\n')
            .slice(-40)
            .map((l) => `    ${l}`)
            .join('\n')}`
        : '';
    return `${t.fail || t.crashed ? '✖' : '✔'} ${shown(t.file)}  ${what}${extra ? ` (${extra})` : ''}  ${seconds(ms)}${tail}\n`;
  };
  const switchTo = function* (file: string | undefined): Generator<string> {
    if (!file || current?.file === file) return;
    if (current) yield fileLine(current);
    current = tally(file);
    ancestry.length = 0;
  };

  for await (const event of source) {
    switch (event.type) {
      case 'test:start': {
        yield* switchTo(event.data.file);
        ancestry.length = event.data.nesting;
        ancestry[event.data.nesting] = event.data.name;
        break;
      }
      case 'test:complete': {
        // the file's own test (its name is its path) completes when its process ends
        if (event.data.file && event.data.nesting === 0 && event.data.name === event.data.file)
          fileMs.set(event.data.file, event.data.details.duration_ms);
        break;
      }
      case 'test:pass': {
        yield* switchTo(event.data.file);
        const t = current as FileTally | null; // (set by switchTo)
        if (!t || event.data.details.type === 'suite') break;
        if (event.data.skip !== undefined) t.skip++;
        else if (event.data.todo !== undefined) t.todo++;
        else t.pass++;
        t.testsMs += event.data.nesting === 0 ? event.data.details.duration_ms : 0;
        break;
      }
      case 'test:fail': {
        yield* switchTo(event.data.file);
        const t = current as FileTally | null;
        const { error } = event.data.details;
        const kind = (error as { failureType?: string }).failureType;
        // a suite failing because its tests did is already told by those tests
        if (kind === 'subtestsFailed') break;
        if (t && event.data.name === event.data.file) {
          // the file's process failed on its own (it did not load, it crashed, it did not exit): its line shows its stderr
          t.crashed = true;
          failures.push(`${shown(event.data.file)} did not run to the end`);
          break;
        }
        if (t) {
          if (event.data.todo !== undefined) t.todo++;
          else t.fail++;
          t.testsMs += event.data.nesting === 0 ? event.data.details.duration_ms : 0;
        }
        if (event.data.todo !== undefined) break; // a todo test may fail: that is what todo means
        const name = [...ancestry.slice(0, event.data.nesting), event.data.name].join(' › ');
        failures.push(`${name}  (${shown(event.data.file)})`);
        if (kind === 'cancelledByParent') {
          yield `✖ CANCELLED ${name}: ${error.message}\n`;
          break;
        }
        const where = event.data.line ? `${shown(event.data.file)}:${event.data.line}:${event.data.column ?? 0}` : shown(event.data.file);
        // The runner wraps what the test (or hook) threw: the thrown error, an AssertionError with its
        // diff, is the cause; a timeout's cause is only a string, and the wrapper says it all.
        const thrown = error.cause instanceof Error ? error.cause : error;
        const context = thrown !== error && kind !== 'testCodeFailure' ? ` (${error.message})` : '';
        const text = inspect(thrown, { depth: 6, colors: false, breakLength: 120 });
        yield `\n✖ FAILED ${name}${context}\n  at ${where}\n${text
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n\n`;
        break;
      }
      case 'test:stderr': {
        if (event.data.file) tally(event.data.file).stderr.push(event.data.message);
        break;
      }
      case 'test:diagnostic': {
        // the run's totals come last, at nesting 0 and from no file: "tests 461", "pass 461"…
        if (event.data.nesting === 0 && !event.data.file) totals.push(event.data.message);
        break;
      }
      default:
        break;
    }
  }
  if (current) yield fileLine(current);
  if (failures.length) yield `\n${failures.length} failed:\n${failures.map((f) => `  ✖ ${f}`).join('\n')}\n`;
  yield `\n${totals.map((line) => `# ${line}`).join('\n')}\n`;
  const count = (label: string): number => Number(totals.find((l) => l.startsWith(`${label} `))?.split(' ')[1] ?? 0);
  const cancelled = count('cancelled');
  yield `${count('pass')} passed, ${count('fail')} failed${cancelled ? `, ${cancelled} cancelled` : ''}\n`;
}

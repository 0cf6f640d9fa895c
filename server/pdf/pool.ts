// Renders PDFs on a worker-thread pool (piscina) so the event loop never lays out a page.
// Each worker keeps its own cache of the static page layers, warmed by its first render.
//
// pdfkit keeps about 70–100 KB per document it ever made (measured: a bare pdfkit loop grows the
// heap by ~70 KB a document, our renderer by ~100 KB), so a long surge would end out of memory.
// The pool is therefore replaced every `recycleAfter` renders: the old threads finish what they
// hold and exit, taking the garbage with them.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PdfRegistration } from './types.js';

export interface PdfRendererPool {
  render(reg: PdfRegistration): Promise<Buffer>;
  /** Finishes the queued renders, then stops the threads; later renders are refused. */
  close(): Promise<void>;
  /** How many times the threads were replaced (for tests and metrics). */
  readonly generation: number;
}

export interface PdfRendererOptions {
  /** Worker threads; default: one less than the CPUs (at least one), leaving one for the event loop. */
  threads?: number;
  /** Renders per pool before its threads are replaced (default 1000: ~100 MB per thread at most). */
  recycleAfter?: number;
}

export function createPdfRenderer(opts: PdfRendererOptions = {}): PdfRendererPool {
  const threads = opts.threads ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const recycleAfter = opts.recycleAfter ?? 1000;
  const makePool = () =>
    new Piscina<PdfRegistration, Uint8Array>({
      filename: new URL('./render-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
    });
  // The threads start with the first render, not with the renderer: a context built for a
  // one-shot command (or a test) that never renders would otherwise start threads only to end
  // them while they still load their modules, and node 20 can abort in that case
  // ("v8::Module::IsGraphAsync must be used on an instantiated module", seen in CI).
  let pool: Piscina<PdfRegistration, Uint8Array> | null = null;
  // piscina's close() rejects tasks still waiting in its queue, so a retiring pool is closed only
  // once every task given to it has settled.
  let pending = new Set<Promise<unknown>>();
  let rendered = 0;
  let generation = 0;
  const retiring = new Set<Promise<void>>();
  let closed = false;
  return {
    get generation() {
      return generation;
    },
    async render(reg) {
      // piscina would start fresh threads after close(); a closed renderer stays closed.
      if (closed) throw new Error('the PDF renderer is closed');
      const current = (pool ??= makePool());
      const result = current.run(reg);
      const tracked = pending;
      tracked.add(result);
      void result.then(
        () => tracked.delete(result),
        () => tracked.delete(result),
      );
      if (++rendered >= recycleAfter) {
        rendered = 0;
        generation++;
        pool = null; // the next render starts fresh threads
        pending = new Set();
        const retired = Promise.allSettled([...tracked])
          .then(() => current.close())
          .finally(() => retiring.delete(retired));
        retiring.add(retired);
      }
      const bytes = await result;
      // The worker transferred its buffer: wrap it, do not copy it.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async close() {
      closed = true;
      await Promise.allSettled([...pending]);
      await Promise.all([pool?.close(), ...retiring]);
    },
  };
}

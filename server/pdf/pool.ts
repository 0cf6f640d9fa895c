// Renders PDFs on a worker-thread pool (piscina) so the event loop never lays out a page.
// Each worker keeps its own cache of the static page layers, warmed by its first render.
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PdfRegistration } from './types.js';

export interface PdfRendererPool {
  render(reg: PdfRegistration): Promise<Buffer>;
  /** Finishes the queued renders, then stops the threads; later renders are refused. */
  close(): Promise<void>;
}

export interface PdfRendererOptions {
  /** Worker threads; default: one less than the CPUs (at least one), leaving one for the event loop. */
  threads?: number;
}

export function createPdfRenderer(opts: PdfRendererOptions = {}): PdfRendererPool {
  const threads = opts.threads ?? Math.max(1, availableParallelism() - 1);
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const pool = new Piscina<PdfRegistration, Uint8Array>({
    filename: new URL('./render-worker.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
  });
  let closed = false;
  return {
    async render(reg) {
      // piscina would start fresh threads after close(); a closed renderer stays closed.
      if (closed) throw new Error('the PDF renderer is closed');
      const bytes = await pool.run(reg);
      // The worker transferred its buffer: wrap it, do not copy it.
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async close() {
      closed = true;
      await pool.close();
    },
  };
}

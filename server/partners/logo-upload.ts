// Reads the logo form (multipart/form-data) with busboy under hard limits: one file, two small
// fields, LOGO_MAX_BYTES. The session's CSRF token (the `_csrf` field, which the form puts before
// the file) is checked before a byte of the file is kept; a file that grows past the limit is cut
// off while streaming, so no more than the limit is ever held in memory.
import busboy from 'busboy';
import type { Request } from 'express';
import { Forbidden } from '../errors.js';
import { LOGO_MAX_BYTES } from './logo-image.js';

export const LOGO_FIELD = 'logo';

export type UploadProblem = 'missing' | 'tooLarge' | 'tooManyFiles' | 'malformed';

export type UploadResult = { ok: true; bytes: Buffer } | { ok: false; problem: UploadProblem; status: 400 | 413 | 422 };

const STATUS: Record<UploadProblem, 400 | 413 | 422> = { missing: 422, tooManyFiles: 422, tooLarge: 413, malformed: 400 };

/** Past this much unread body after a refusal, the connection is cut instead of drained. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
/** Room for the multipart framing and the CSRF field around the file. */
const FRAMING_BYTES = 16 * 1024;

/**
 * The uploaded file's bytes, or the problem with the request. Rejects with Forbidden when the
 * CSRF token is missing, wrong, or comes after the file.
 */
export function readLogoUpload(req: Request, csrfOk: (token: string) => boolean, maxBytes = LOGO_MAX_BYTES): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let parser: busboy.Busboy | null = null;
    // Stop parsing; discard (never keep) what the client still sends, up to a cap.
    const stop = () => {
      if (parser) req.unpipe(parser);
      let drained = 0;
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > DRAIN_MAX_BYTES) req.destroy();
      });
      req.resume();
    };
    const fail = (problem: UploadProblem) => {
      if (settled) return;
      settled = true;
      stop();
      resolve({ ok: false, problem, status: STATUS[problem] });
    };
    const forbid = () => {
      if (settled) return;
      settled = true;
      stop();
      reject(new Forbidden('The form expired or was not sent from this site. Please go back and try again.'));
    };

    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + FRAMING_BYTES) return fail('tooLarge');
    // Not multipart (busboy would also take a urlencoded body, but express has read that one
    // already): a post with its token is a malformed upload, one without is a 403 like every form.
    const parsedToken = () => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' && csrfOk(token) ? fail('malformed') : forbid();
    };
    if (!/^multipart\/form-data\s*;/i.test(req.headers['content-type'] ?? '')) return parsedToken();
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: maxBytes, files: 1, fields: 2, parts: 3, fieldSize: 200, fieldNameSize: 40, headerPairs: 10 },
      });
    } catch {
      return parsedToken(); // multipart without a boundary
    }

    let csrfPassed = false;
    let chunks: Buffer[] | null = null;
    let fileEnded = false;
    let parsed = false;
    const done = () => {
      if (settled || !parsed || (chunks && !fileEnded)) return;
      if (!csrfPassed) return forbid();
      if (!chunks) return fail('missing');
      settled = true;
      resolve({ ok: true, bytes: Buffer.concat(chunks) });
    };

    parser.on('field', (name, value) => {
      if (name !== '_csrf') return;
      if (csrfOk(value)) csrfPassed = true;
      else forbid();
    });
    parser.on('file', (name, stream) => {
      // A body cut short errors the open file stream: without this listener that error would be
      // uncaught and take the whole process down.
      stream.on('error', () => fail('malformed'));
      if (!csrfPassed) {
        stream.resume();
        return forbid();
      }
      if (name !== LOGO_FIELD || chunks) {
        stream.resume();
        return fail(chunks ? 'tooManyFiles' : 'malformed');
      }
      const kept: Buffer[] = [];
      chunks = kept;
      stream.on('data', (chunk: Buffer) => kept.push(chunk));
      stream.on('limit', () => {
        kept.length = 0; // let the partial file go at once
        fail('tooLarge');
      });
      stream.on('end', () => {
        fileEnded = true;
        done();
      });
    });
    parser.on('filesLimit', () => fail('tooManyFiles'));
    parser.on('fieldsLimit', () => fail('malformed'));
    parser.on('partsLimit', () => fail('malformed'));
    parser.on('error', () => fail('malformed')); // bad boundary, truncated body, broken part headers
    parser.on('close', () => {
      parsed = true;
      done();
    });
    // The client went away mid-body: settle (nobody reads the answer, but nothing stays pending).
    req.on('aborted', () => fail('malformed'));
    req.on('error', () => fail('malformed'));
    req.pipe(parser);
  });
}

// The layout of a fault switch's shared memory, read by both sides: the main thread's FaultSwitch
// (faults.ts) flips it, the worker's FaultPoint (thread/fault-point.ts) obeys it.

export type FaultMode = 'hang' | 'fail' | 'full' | 'corrupt-reads';
export type FaultErrno = 'ENOTCONN' | 'EIO' | 'ESTALE' | 'EROFS';

export const FLAGS = 0; // bitmask of active modes
export const ERRNO = 1; // index into ERRNOS
export const SLOW_MS = 2; // added latency per call
export const WAKE = 3; // bumped on every change so a hung worker re-checks
export const CELLS = 4;

export const BIT: Record<FaultMode, number> = { hang: 1, fail: 2, full: 4, 'corrupt-reads': 8 };
export const ERRNOS: FaultErrno[] = ['ENOTCONN', 'EIO', 'ESTALE', 'EROFS'];
export const ERRNO_NUMBERS: Record<FaultErrno, number> = { ENOTCONN: -107, EIO: -5, ESTALE: -116, EROFS: -30 };

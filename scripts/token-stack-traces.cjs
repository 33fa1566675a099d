'use strict';
/**
 * cdktf records the creation stack of every token it makes (Error.captureStackTrace on a plain object, with
 * Error.stackTraceLimit raised to MAX_SAFE_INTEGER), only to print it if that token later fails to resolve.
 * Capturing those stacks was the largest single cost of a synth (about a fifth of its CPU time, see
 * docs/performance.md), and limiting their depth barely helps: the first frames are the costly ones.
 * So the launcher skips them; stacks of real Error objects are untouched. When a resolution error needs its
 * creation stack, rerun with SYNTH_TOKEN_STACKS=full.
 */
function skipTokenStackTraces(env = process.env) {
  if (env.SYNTH_TOKEN_STACKS === 'full') return;
  const capture = Error.captureStackTrace;
  Error.captureStackTrace = function captureStackTrace(target, below) {
    if (target instanceof Error) return capture(target, below);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return capture(target, below);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

module.exports = { skipTokenStackTraces };

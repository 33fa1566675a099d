/** The offline baseline state (moved to lib/offline-plan/baseline.ts, shared with `npm run plan -- --offline`). */
export { baselineKey, OFFLINE_PLAN_ARGS, stateFromPlan, writeBaselineState } from '../../lib/offline-plan/baseline';

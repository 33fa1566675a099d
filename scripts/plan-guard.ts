/** `npm run plan-guard -- <plan.json>`: blocks plans that delete or replace protected resources (docs/deploying.md). */
import { runGuard } from '../lib/plan-guard/cli';

process.exit(runGuard(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }));

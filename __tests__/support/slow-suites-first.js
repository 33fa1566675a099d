/**
 * Jest test order: the longest suites start first, so the run never ends with one worker busy on a long suite
 * while the other idles. Jest orders by the previous run's durations only when its cache has them (a clean clone
 * has none, and then it orders by file size, which says little here): these names come first in this order, and
 * every other suite keeps jest's own order after them.
 */
const { basename } = require('path');
const Sequencer = require('@jest/test-sequencer').default;

/** Measured longest first: real Terraform runs, the app build, edits synthesized one by one, the app run in child processes, helm. */
const LONGEST = [
  'terraform-real', 'plan-offline', 'node-group-rotation-terraform', 'plan-guard-terraform', 'state-cloud', 'app-build', 'config-validation-edits', 'synth-without-terraform',
  'terraform-modules', 'config-validation', 'k8s-render', 'config-validation-entry', 'cost-platform',
];

class SlowSuitesFirst extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = LONGEST.indexOf(basename(test.path, '.test.ts'));
      return index < 0 ? LONGEST.length : index;
    };
    return [...super.sort(tests)].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowSuitesFirst;

// As the synth launcher does: no creation stacks for cdktf tokens, set before cdktf loads (its module makes tokens).
// Under jest every such stack was also source-mapped frame by frame (source-map-support): about a fifth of the
// suite's CPU time. Real errors keep their stacks; SYNTH_TOKEN_STACKS=full restores cdktf's behaviour.
// cdktf itself is not loaded here: a file that only reads synthesized JSON never pays for it. Files that use
// cdktf's jest matchers (toHaveResource…) call Testing.setupJest() themselves.
(require('../../scripts/token-stack-traces.cjs') as { skipTokenStackTraces: () => void }).skipTokenStackTraces();

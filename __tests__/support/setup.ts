// As the synth launcher does: no creation stacks for cdktf tokens, set before cdktf loads (its module makes tokens).
// Under jest every such stack was also source-mapped frame by frame (source-map-support): about a fifth of the
// suite's CPU time. Real errors keep their stacks; SYNTH_TOKEN_STACKS=full restores cdktf's behaviour.
// cdktf itself is not loaded here: a file that only reads synthesized JSON never pays for it. Files that use
// cdktf's jest matchers (toHaveResource…) call Testing.setupJest() themselves.
(require('../../scripts/token-stack-traces.cjs') as { skipTokenStackTraces: () => void }).skipTokenStackTraces();

// cdktf's Testing.app() and Testing.fullSynth() make a `cdktf.outdir.*` directory in the temp dir for every app or
// synth and never remove it (hundreds per run). Each test file removes the ones made while it ran; anything else
// a test leaves in the temp dir fails the run (support/test-run-teardown.ts).
(require('./cdktf-outdirs') as typeof import('./cdktf-outdirs')).removeCdktfOutdirsAfterEachFile();

/**
 * The part of vega-lite's API the chart uses. Its own declarations are published only through package "exports",
 * which this project's `moduleResolution: node` does not read; esbuild bundles the real module.
 */
declare module 'vega-lite' {
  export function compile(spec: object): { spec: import('vega').Spec };
}

/** YAML files bundled as text (esbuild loader `.yaml: text`), as the run task's Lambda bundle ships the allow-list. */
declare module '*.yaml' {
  const text: string;
  export default text;
}

// Schema validation of Kubernetes objects with the pinned kubernetes-models packages (ESM only, so the tests run
// this file with plain node). stdin: JSON [{ module, object }]; stdout: JSON [string[] per object].
import { readFileSync } from 'fs';

/** `/spec/containers/0/name` → `spec.containers[0].name` (the notation of the unknown-field check). */
const jsonPath = (pointer) => pointer.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replaceAll('~1', '/').replaceAll('~0', '~')}`)).join('').replace(/^\./, '');

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { module, object } of input) {
  const kind = module.split('/').pop();
  const model = (await import(module))[kind];
  try {
    new model(object).validate();
    results.push([]);
  } catch (error) {
    const details = error.errors ?? error.details ?? [];
    results.push(details.length > 0
      ? details.map((e) => `${jsonPath(e.instancePath)}: ${e.message}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`)
      : [String(error.message)]);
  }
}
process.stdout.write(JSON.stringify(results));

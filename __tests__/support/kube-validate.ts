/**
 * Strict validation of Kubernetes objects: kubernetes-models' validate() (types, formats, required fields, enums)
 * plus the unknown-field check of kube-schema.ts. One child process per call (the models are ESM only).
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { modelModule, servedVersionProblem, unknownFields } from './kube-schema';

export type KubeObject = Record<string, unknown>;

/** Problems per object (same order), each `Kind/name: path: message`. */
export function validateObjects(objects: readonly KubeObject[]): string[][] {
  const withModel = objects.map((object) => ({ object, module: modelModule(String(object.apiVersion), String(object.kind)) }));
  const checkable = withModel.filter((o) => o.module);
  const result = spawnSync(process.execPath, [join(__dirname, 'kube-validate-worker.mjs')], {
    input: JSON.stringify(checkable), encoding: 'utf8', cwd: join(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`kube-validate-worker.mjs failed: ${result.stderr}`);
  const schemaErrors: string[][] = JSON.parse(result.stdout);
  let next = 0;
  return withModel.map(({ object, module }) => {
    const meta = (object.metadata ?? {}) as { name?: string };
    const label = `${object.kind}/${meta.name ?? '?'}`;
    if (!module) return [`${label}: no schema for ${object.apiVersion} ${object.kind} (add its models package)`];
    const served = servedVersionProblem(String(object.apiVersion));
    return [...(served ? [served] : []), ...schemaErrors[next++], ...unknownFields(object)].map((p) => `${label}: ${p}`);
  });
}

/**
 * Strict validation of Kubernetes objects: kubernetes-models' validate() (types, formats, required fields, enums)
 * plus the unknown-field check of kube-schema.ts. One child process per call (the models are ESM only).
 * Each cluster's objects are checked with the object models of its own Kubernetes minor, or the closest older one
 * installed (objectModelsFor in environments/kubernetes-upgrade.ts), and a warning says which when they differ.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { minorRank, objectModelsFor, type ObjectModelChoice } from '../../environments/kubernetes-upgrade';
import { KUBERNETES_OBJECT_MODELS } from '../../environments/versions';
import { modelModule, servedVersionProblem, unknownFields } from './kube-schema';

export type KubeObject = Record<string, unknown>;

/** The objects of one cluster and its Kubernetes minor. */
export interface ClusterObjects {
  readonly kubernetesVersion: string;
  readonly objects: readonly KubeObject[];
}

/** Per cluster: the object models used, and the problems per object (same order), each `Kind/name: path: message`. */
export interface ClusterValidation {
  readonly models: ObjectModelChoice;
  readonly problems: string[][];
}

/** The newest object models installed: the default when no cluster minor is given. */
const newestModels = () => Object.keys(KUBERNETES_OBJECT_MODELS).sort((a, b) => (minorRank(a) ?? 0) - (minorRank(b) ?? 0)).pop()!;

/** Problems per object (same order), validated with the object models of `kubernetesVersion` (default: the newest installed). */
export function validateObjects(objects: readonly KubeObject[], kubernetesVersion = newestModels()): string[][] {
  return validateClusters([{ kubernetesVersion, objects }])[0].problems;
}

/** Several clusters in one child process, each with the object models of its minor. */
export function validateClusters(clusters: readonly ClusterObjects[], warn: (message: string) => void = console.warn): ClusterValidation[] {
  const plans = clusters.map((cluster) => {
    const models = objectModelsFor(cluster.kubernetesVersion);
    if (models.note) warn(`object models: ${models.note}`);
    const withModel = cluster.objects.map((object) => ({ object, module: modelModule(String(object.apiVersion), String(object.kind), models.npm) }));
    return { models, withModel };
  });
  const checkable = plans.flatMap((p) => p.withModel.filter((o) => o.module));
  const result = spawnSync(process.execPath, [join(__dirname, 'kube-validate-worker.mjs')], {
    input: JSON.stringify(checkable), encoding: 'utf8', cwd: join(__dirname, '..', '..'), maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`kube-validate-worker.mjs failed: ${result.stderr}`);
  const schemaErrors: string[][] = JSON.parse(result.stdout);
  let next = 0;
  return plans.map(({ models, withModel }) => ({
    models,
    problems: withModel.map(({ object, module }) => {
      const meta = (object.metadata ?? {}) as { name?: string };
      const label = `${object.kind}/${meta.name ?? '?'}`;
      if (!module) return [`${label}: no schema for ${object.apiVersion} ${object.kind} (add its models package)`];
      const served = servedVersionProblem(String(object.apiVersion));
      return [...(served ? [served] : []), ...schemaErrors[next++], ...unknownFields(object, models.npm)].map((p) => `${label}: ${p}`);
    }),
  }));
}

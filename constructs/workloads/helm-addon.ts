/**
 * One cluster add-on as a Helm release (cdk-eks-blueprints style): chart and version from
 * environments/versions.ts, base values from helm-values/<name>.yaml, typed overrides deep-merged on top.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { readFileSync } from 'fs';
import { join } from 'path';
import { HELM_CHARTS, type HelmChartName } from '../../environments/versions';
import { deepMerge, type Plain } from '../../lib/deep-merge';
import { PROJECT_ROOT } from '../../lib/project-root';
import { parseYaml, stringifyYaml } from '../../lib/yaml-memo';

export const HELM_VALUES_DIR = join(PROJECT_ROOT, 'helm-values');

/** Release settings every add-on gets unless it says otherwise. */
export const RELEASE_DEFAULTS = {
  /** Roll back a failed install or upgrade instead of leaving it half-applied. */
  atomic: true,
  wait: true,
  cleanupOnFail: true,
  /** Seconds; image pulls on fresh nodes can be slow. */
  timeout: 600,
  /** Bounded release history (Secrets in the namespace). */
  maxHistory: 10,
} as const;

export interface HelmAddonProps {
  /** Chart key in HELM_CHARTS; also the release name and the values file name. */
  readonly chart: HelmChartName;
  readonly namespace: string;
  /** Values merged over `helm-values/<valuesFile>.yaml`. @default {} */
  readonly values?: Plain;
  /** Values file under helm-values/. @default the chart key */
  readonly valuesFile?: string;
  /** Release name. @default the chart key */
  readonly releaseName?: string;
  /** @default 600 */
  readonly timeout?: number;
  /** Releases or resources this one waits for. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** Parsed values files: every environment reads the same files, and YAML parsing is a visible part of synth time. */
const parsedValues = new Map<string, Plain>();

/** Reads a values file of helm-values/ (empty object when the file is empty); a fresh copy on every call. */
export function readHelmValues(file: string): Plain {
  let values = parsedValues.get(file);
  if (!values) {
    values = (parseYaml(readFileSync(join(HELM_VALUES_DIR, `${file}.yaml`), 'utf8')) as Plain | null) ?? {};
    parsedValues.set(file, values);
  }
  return copyPlain(values);
}

/** A deep copy of parsed YAML, made in this realm (structuredClone's objects fail deepMerge's plain-object check under jest's VM). */
function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyPlain) as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyPlain(v)])) as T;
  return value;
}

export class HelmAddon extends Construct {
  public readonly release: Release;
  /** The merged values handed to Helm. */
  public readonly values: Plain;

  constructor(scope: Construct, id: string, props: HelmAddonProps) {
    super(scope, id);
    const chart = HELM_CHARTS[props.chart];
    this.values = deepMerge(readHelmValues(props.valuesFile ?? props.chart), props.values);
    this.release = new Release(this, 'release', {
      ...RELEASE_DEFAULTS,
      name: props.releaseName ?? props.chart,
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      namespace: props.namespace,
      createNamespace: false,
      timeout: props.timeout ?? RELEASE_DEFAULTS.timeout,
      values: [stringifyYaml(this.values)],
      dependsOn: props.dependsOn,
    });
  }
}

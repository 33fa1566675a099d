/**
 * Grafana dashboards as code: every `helm-values/dashboards/*.json` becomes a ConfigMap labelled for the Grafana
 * dashboard sidecar (kube-prometheus-stack `grafana.sidecar.dashboards`), in the folder "AI Feedback".
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { Plain } from '../../lib/deep-merge';
import { HELM_VALUES_DIR } from '../workloads/helm-addon';
import { escapeHelmTemplate } from './manifests';

export const DASHBOARDS_DIR = join(HELM_VALUES_DIR, 'dashboards');
export const DASHBOARD_FOLDER = 'AI Feedback';

/** Dashboard file name (without `.json`) → its JSON text, as stored. */
export function readDashboards(dir: string = DASHBOARDS_DIR): Record<string, string> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  return Object.fromEntries(files.map((f) => [f.slice(0, -'.json'.length), readFileSync(join(dir, f), 'utf8')]));
}

/** One sidecar ConfigMap per dashboard (JSON escaped for the chart's `tpl`). */
export function dashboardConfigMaps(namespace: string, dashboards: Readonly<Record<string, string>> = readDashboards()): Plain[] {
  return Object.entries(dashboards).map(([name, json]) => {
    JSON.parse(json); // a broken file fails synth, not Grafana
    return {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `dashboard-${name}`,
        namespace,
        labels: { grafana_dashboard: '1' },
        annotations: { grafana_folder: DASHBOARD_FOLDER },
      },
      data: { [`${name}.json`]: escapeHelmTemplate(json) },
    };
  });
}

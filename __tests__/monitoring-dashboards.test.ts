/** Dashboards as code: valid JSON with the platform's panels, shipped unchanged to Grafana's sidecar. */
import { parse } from 'yaml';
import { DASHBOARD_FOLDER, readDashboards } from '../constructs/monitoring/dashboards';
import { unescapeHelmTemplate } from '../constructs/monitoring/manifests';
import { platformStack, type Json } from './support/synth';

const dashboards = readDashboards();
const exprsOf = (json: string): string[] => (JSON.parse(json).panels as Json[]).flatMap((p) => (p.targets as Json[]).map((t) => t.expr as string));
const panel = (title: RegExp): string[] => {
  for (const json of Object.values(dashboards)) {
    const found = (JSON.parse(json).panels as Json[]).find((p) => title.test(p.title));
    if (found) return (found.targets as Json[]).map((t) => t.expr);
  }
  throw new Error(`no panel titled ${title}`);
};

test('every dashboard file is valid JSON with a uid, a title, the Stockholm timezone and panels with queries', () => {
  expect(Object.keys(dashboards).sort()).toEqual(['gpu', 'platform-overview']);
  const uids = new Set<string>();
  for (const json of Object.values(dashboards)) {
    const d = JSON.parse(json);
    expect(d.uid).toMatch(/^[\w-]{1,40}$/);
    uids.add(d.uid);
    expect(d.timezone).toBe('Europe/Stockholm');
    expect(d.panels.length).toBeGreaterThan(0);
    for (const p of d.panels) {
      expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
      expect(p.targets.length).toBeGreaterThan(0);
    }
  }
  expect(uids.size).toBe(Object.keys(dashboards).length);
});

test.each([
  [/requests\/s by route/i, /sum by \(route\) \(rate\(http_requests_total\{job="api-gateway"\}\[5m\]\)\)/],
  [/p95/i, /histogram_quantile\(0\.95, .*http_request_duration_seconds_bucket/],
  [/queue size/i, /voice_processing_queue_size/],
  [/5xx/i, /rate\(http_requests_total\{status_code=~"5\.\."\}\[5m\]\)/],
  [/GPU utilisation/i, /DCGM_FI_DEV_GPU_UTIL/],
])('panel %s queries %s', (title, expr) => {
  expect(panel(title).join('\n')).toMatch(expr);
});

test.each(['production', 'staging'])('%s: each dashboard reaches Grafana as a labelled ConfigMap whose content is the file after Helm tpl', (env) => {
  const stack = platformStack(`${env}-workloads`);
  const values = parse(stack.resources('helm_release').find((r) => r.attrs.chart === 'kube-prometheus-stack')!.attrs.values[0]);
  const maps = (values.extraManifests as Json[]).filter((m) => m.kind === 'ConfigMap');
  expect(maps.map((m) => m.metadata.name).sort()).toEqual(Object.keys(dashboards).map((n) => `dashboard-${n}`).sort());
  for (const map of maps) {
    const name = map.metadata.name.replace(/^dashboard-/, '');
    expect(map.metadata).toMatchObject({ namespace: 'monitoring', labels: { grafana_dashboard: '1' }, annotations: { grafana_folder: DASHBOARD_FOLDER } });
    const shipped = map.data[`${name}.json`] as string;
    expect(shipped).not.toMatch(/\{\{(?!`)/); // no raw template action left for tpl to choke on
    expect(unescapeHelmTemplate(shipped)).toBe(dashboards[name]);
    expect(exprsOf(unescapeHelmTemplate(shipped))).toEqual(exprsOf(dashboards[name]));
  }
});

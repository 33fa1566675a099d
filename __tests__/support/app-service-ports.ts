/**
 * Ports of a rendered app-service release against the service's configured `port`: the container must listen
 * there, probes must hit it, and every Service port must forward to it (callers use `http://<svc>:<port>`, the network
 * policies admit only that port). A literal port in the chart templates passes every schema and name check; this does not.
 */
import { nameOf, podTemplates, selects } from './kube-checks';
import type { Json } from './synth';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** A container port reference (number or name) as a number, or undefined when no port of the container has that name. */
function resolve(ref: unknown, containers: readonly Json[]): number | undefined {
  if (typeof ref === 'number') return ref;
  if (typeof ref === 'string' && /^\d+$/.test(ref)) return Number(ref);
  return containers.flatMap((c) => c.ports ?? []).find((p: Json) => p.name === ref)?.containerPort;
}

/** Problems of one release's objects; `port` is the configured port, `directPortName` the Service port named after it. */
export function appPortProblems(objects: readonly Json[], port: number, directPortName = 'http-direct'): string[] {
  const problems: string[] = [];
  const pods = podTemplates(objects);
  if (pods.length === 0) problems.push('no workload rendered');
  for (const pod of pods) {
    const containers: Json[] = pod.spec.containers ?? [];
    for (const c of containers) {
      const ports: Json[] = c.ports ?? [];
      if (ports.length === 0) problems.push(`${pod.owner}: container ${c.name} declares no port (configured ${port})`);
      for (const p of ports) {
        if (p.containerPort !== port) problems.push(`${pod.owner}: container ${c.name} port ${p.name ?? '(unnamed)'} is ${p.containerPort}, but the service's configured port is ${port}`);
      }
      for (const probe of PROBES) {
        const handler = c[probe]?.httpGet ?? c[probe]?.tcpSocket ?? c[probe]?.grpc;
        if (!handler) continue;
        const target = resolve(handler.port, [c]);
        if (target !== port) problems.push(`${pod.owner}: container ${c.name} ${probe} targets ${JSON.stringify(handler.port)} (${target ?? 'no such port'}), not the configured port ${port}`);
      }
    }
  }
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const selected = pods.filter((p) => selects(svc.spec?.selector, p.labels)).flatMap((p) => p.spec.containers ?? []);
    for (const p of svc.spec?.ports ?? []) {
      const target = resolve(p.targetPort ?? p.port, selected);
      if (target !== port) problems.push(`${nameOf(svc)}: port ${p.name} forwards to ${JSON.stringify(p.targetPort ?? p.port)} (${target ?? 'no such container port'}), not the configured port ${port}`);
      if (p.name === directPortName && p.port !== port) problems.push(`${nameOf(svc)}: port ${p.name} is ${p.port}; callers use http://<service>:${port}`);
    }
  }
  return problems;
}

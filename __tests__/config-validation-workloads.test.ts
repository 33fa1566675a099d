/** Workloads validation rules: each names the environment, the field path and the rule. */
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { expectProblem, mutated, type ValidationCase } from './support/config';

type Services = Record<string, Record<string, unknown> & { resources: { limits: Record<string, string> } }>;
/** The catalog list by name (the entries themselves, so a change applies to the input). */
const services = (e: { workloads: { services: unknown } }) =>
  Object.fromEntries((e.workloads.services as (Services[string] & { name: string })[]).map((svc) => [svc.name, svc])) as Services;

const cases: ValidationCase[] = [
  ['GPU service without a GPU node group', mutated(production, (e) => {
    delete (e.eks.nodeGroups as Record<string, unknown>).gpu;
  }), 'workloads.services.ollama.gpu', /needs a node group with gpu: true/],
  ['HPA min above max', mutated(production, (e) => { (services(e)['api-gateway'].autoscaling as { minReplicas: number }).minReplicas = 30; }),
    'workloads.services.api-gateway.autoscaling.minReplicas', /30 is greater than maxReplicas 20/],
  ['HPA without a target', mutated(production, (e) => { services(e)['api-gateway'].autoscaling = { minReplicas: 3, maxReplicas: 20 }; }),
    'workloads.services.api-gateway.autoscaling', /needs cpuPercent or memoryPercent/],
  ['memory limit below request', mutated(production, (e) => { services(e).ollama.resources.limits.memory = '2Gi'; }),
    'workloads.services.ollama.resources.limits.memory', /2Gi is below the request 4Gi/],
  ['CPU limit below request', mutated(staging, (e) => { services(e)['api-gateway'].resources.limits.cpu = '100m'; }),
    'workloads.services.api-gateway.resources.limits.cpu', /100m is below the request 250m/],
  ['duplicate hostnames', mutated(production, (e) => { services(e)['business-dashboard'].hostname = 'aifeedback.se'; }),
    'workloads.services.business-dashboard.hostname', /"aifeedback.se" is already served by workloads.services.customer-pwa/],
  ['hostname not in the edge', mutated(production, (e) => { services(e)['customer-pwa'].hostname = 'shop.aifeedback.se'; }),
    'workloads.services.customer-pwa.hostname', /"shop.aifeedback.se" is not one of edge.hostnames/],
  ['unknown secret', mutated(production, (e) => { services(e)['api-gateway'].secrets = ['DATABASE_URL', 'REDIS_PASSWORD']; }),
    'workloads.services.api-gateway.secrets[1]', /"REDIS_PASSWORD" is not in data.secrets/],
  ['unknown network peer', mutated(production, (e) => { services(e).ollama.ingressFrom = ['api-gatway']; }),
    'workloads.services.ollama.ingressFrom[0]', /"api-gatway" is neither a service nor alb\/monitoring/],
  ['unknown egress peer', mutated(production, (e) => { services(e).ollama.egressTo = ['mysql']; }),
    'workloads.services.ollama.egressTo[0]', /"mysql" is neither a service nor postgres\/redis\/internet-https/],
  ['public service the ALB may not reach', mutated(production, (e) => { services(e)['customer-pwa'].ingressFrom = []; }),
    'workloads.services.customer-pwa.ingressFrom', /must include "alb"/],
  ['metrics Prometheus may not scrape', mutated(production, (e) => { services(e)['voice-processor'].ingressFrom = ['api-gateway']; }),
    'workloads.services.voice-processor.ingressFrom', /must include "monitoring"/],
  ['privileged port', mutated(production, (e) => { services(e)['customer-pwa'].port = 80; }), 'workloads.services.customer-pwa.port', />= 1024/],
  ['malformed quantity', mutated(production, (e) => { services(e).ollama.resources.limits.memory = '8GB'; }),
    'workloads.services.ollama.resources.limits.memory', /Kubernetes quantity/],
  ['empty image tag', mutated(production, (e) => { (services(e).ollama.image as { tag: string }).tag = ''; }), 'workloads.services.ollama.image.tag', /image tag/],
  ['time-slicing out of range', mutated(production, (e) => { e.workloads.gpuTimeSlicing = 0; }), 'workloads.gpuTimeSlicing', /greater than or equal to 1/],
];

test.each(cases)('%s', (_label, input, path, rule) => expectProblem(input, path, rule));

/**
 * Saved CloudWatch Logs Insights queries over the container log group Fluent Bit writes
 * (`/aws/eks/<cluster>/containers`), listed in the console under Logs Insights → Saved queries → `<prefix>/`.
 */
import { CloudwatchQueryDefinition } from '@cdktf/provider-aws/lib/cloudwatch-query-definition';
import { Construct } from 'constructs';

/** Query name → Logs Insights query. Fields are those of aws-for-fluent-bit's kubernetes filter. */
export const LOG_QUERIES: Readonly<Record<string, string>> = {
  'errors-last-hour': [
    'fields @timestamp, kubernetes.namespace_name, kubernetes.pod_name, kubernetes.container_name, log',
    '| filter log like /(?i)(error|exception|fatal|panic)/',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'errors-by-container': [
    'filter log like /(?i)(error|exception|fatal|panic)/',
    '| stats count(*) as errors by kubernetes.namespace_name, kubernetes.container_name',
    '| sort errors desc',
  ].join('\n'),
  'api-gateway-5xx': [
    'fields @timestamp, kubernetes.pod_name, log',
    '| filter kubernetes.container_name = "api-gateway" and log like /"statusCode":\\s*5\\d\\d/',
    '| sort @timestamp desc',
    '| limit 200',
  ].join('\n'),
  'pod-restarts-and-oom': [
    'fields @timestamp, kubernetes.namespace_name, kubernetes.pod_name, log',
    '| filter log like /(?i)(OOMKilled|Back-off restarting|out of memory)/',
    '| sort @timestamp desc',
  ].join('\n'),
};

export interface LogQueriesProps {
  /** Folder of the saved queries, e.g. `aifeedback-production`. */
  readonly namePrefix: string;
  /** The container log group (name). */
  readonly logGroupName: string;
}

export class LogQueries extends Construct {
  public readonly queries: Record<string, CloudwatchQueryDefinition> = {};

  constructor(scope: Construct, id: string, props: LogQueriesProps) {
    super(scope, id);
    for (const [name, queryString] of Object.entries(LOG_QUERIES)) {
      this.queries[name] = new CloudwatchQueryDefinition(this, name, {
        name: `${props.namePrefix}/${name}`,
        logGroupNames: [props.logGroupName],
        queryString,
      });
    }
  }
}

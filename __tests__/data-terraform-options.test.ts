/**
 * The data layer with the options the shipped environments leave off: read replicas, compliance vault lock,
 * Valkey. The real `terraform validate` and offline plan of this stack (aws 5.100.0) run in terraform-real.test.ts,
 * together with every other stack.
 */
import { dataLayerOptionsStack } from './support/data-layer-options';

const json = dataLayerOptionsStack();

test('the option set is really in the configuration', () => {
  expect(Object.keys(json.resource.aws_db_instance)).toHaveLength(3);
  expect(Object.keys(json.resource.aws_backup_vault_lock_configuration)).toHaveLength(1);
  expect(Object.values(json.resource.aws_cloudwatch_metric_alarm).filter((a) => (a as { metric_name: string }).metric_name === 'ReplicaLag')).toHaveLength(2);
});

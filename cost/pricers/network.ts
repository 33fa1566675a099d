/** NAT gateways (hours + data), public IPv4 addresses, interface endpoints (per zone-hour + data), internet egress. */
import type { Pricer } from './pricer';

export const networkPricer: Pricer = {
  types: ['aws_nat_gateway', 'aws_eip', 'aws_vpc_endpoint', 'aws_internet_gateway'],
  price(ctx) {
    const { assumptions, hours } = ctx;
    const nats = ctx.resources('aws_nat_gateway').filter((n) => n.attrs.connectivity_type !== 'private');
    for (const nat of nats) {
      const hour = ctx.regional(nat.region, 'natGatewayHour', nat.address);
      if (hour) ctx.add('NAT gateways', hour, hours, `${nat.attrs.tags?.Name ?? nat.name} × ${hours} h`);
    }
    if (nats.length > 0) {
      const gb = ctx.regional(nats[0].region, 'natGatewayGb', 'NAT gateway data processing');
      if (gb) ctx.add('NAT gateways', gb, assumptions.natDataGb, `data processed (assumed natDataGb, all ${nats.length} gateways)`);
    }
    for (const eip of ctx.resources('aws_eip')) {
      const hour = ctx.regional(eip.region, 'publicIpv4Hour', eip.address);
      if (hour) ctx.add('Public IPv4 addresses', hour, hours, `${eip.name} × ${hours} h`);
    }
    const interfaces = ctx.resources('aws_vpc_endpoint').filter((e) => (e.attrs.vpc_endpoint_type ?? 'Gateway') === 'Interface');
    for (const endpoint of interfaces) {
      const zones = Array.isArray(endpoint.attrs.subnet_ids) ? endpoint.attrs.subnet_ids.length : 1;
      const hour = ctx.regional(endpoint.region, 'interfaceEndpointAzHour', endpoint.address);
      const service = String(endpoint.attrs.service_name ?? endpoint.name).split('.').slice(3).join('.');
      if (hour) ctx.add('VPC interface endpoints', hour, zones * hours, `${service}: ${zones} zones × ${hours} h`);
    }
    if (interfaces.length > 0) {
      const gb = ctx.regional(interfaces[0].region, 'interfaceEndpointGb', 'interface endpoint data processing');
      if (gb) ctx.add('VPC interface endpoints', gb, assumptions.interfaceEndpointDataGb, `data processed (assumed interfaceEndpointDataGb)`);
    }
    const gateway = ctx.resources('aws_internet_gateway')[0];
    if (gateway) {
      const gb = ctx.regional(gateway.region, 'internetEgressGb', 'internet egress');
      if (gb) ctx.add('Data transfer out', gb, assumptions.internetEgressGb, 'to the internet (assumed internetEgressGb)');
    }
  },
};

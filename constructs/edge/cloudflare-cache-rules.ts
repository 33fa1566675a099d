/**
 * Cache rules (http_request_cache_settings): static-asset hosts and paths are cached at the edge, API hosts never are.
 * Later rules override earlier ones in this phase, so the bypass rule comes last and always wins for API hosts.
 */
import type { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { Ruleset, type RulesetRules } from '@cdktf/provider-cloudflare/lib/ruleset';
import { Construct } from 'constructs';
import { hostIn, pathStartsWith } from './ruleset-expressions';

export interface CloudflareCacheRulesProps {
  readonly zoneId: string;
  readonly namePrefix: string;
  /** Hosts serving only static assets (cdn., assets.). @default [] */
  readonly staticHosts?: readonly string[];
  /** Path prefixes of static assets on any host, e.g. `/_next/static/`. @default [] */
  readonly staticPathPrefixes?: readonly string[];
  /** Hosts never cached (the API). @default [] */
  readonly bypassHosts?: readonly string[];
  readonly provider?: CloudflareProvider;
}

export class CloudflareCacheRules extends Construct {
  public readonly ruleset: Ruleset;

  constructor(scope: Construct, id: string, props: CloudflareCacheRulesProps) {
    super(scope, id);
    const staticHosts = props.staticHosts ?? [];
    const staticPaths = props.staticPathPrefixes ?? [];
    const bypassHosts = props.bypassHosts ?? [];
    const rules: RulesetRules[] = [];
    if (staticHosts.length > 0) {
      rules.push({ ref: 'static_hosts', description: 'Cache static-asset hosts', expression: hostIn(staticHosts), action: 'set_cache_settings', actionParameters: { cache: true } });
    }
    if (staticPaths.length > 0) {
      rules.push({
        ref: 'static_paths',
        description: `Cache ${staticPaths.join(', ')}`,
        expression: staticPaths.map((p) => pathStartsWith(p)).join(' or '),
        action: 'set_cache_settings',
        actionParameters: { cache: true },
      });
    }
    if (bypassHosts.length > 0) {
      rules.push({ ref: 'bypass_hosts', description: 'Never cache API responses', expression: hostIn(bypassHosts), action: 'set_cache_settings', actionParameters: { cache: false } });
    }
    if (rules.length === 0) throw new Error('CloudflareCacheRules: no static hosts, static paths or bypass hosts');
    this.ruleset = new Ruleset(this, 'ruleset', {
      provider: props.provider,
      zoneId: props.zoneId,
      kind: 'zone',
      phase: 'http_request_cache_settings',
      name: `${props.namePrefix} cache rules`,
      description: 'Edge caching of static assets; bypass for APIs',
      rules,
    });
  }
}

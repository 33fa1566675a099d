/**
 * Cloudflare's published edge ranges: the only sources the origin load balancer admits on 443.
 * Static data on purpose (README "DNS and edge"): the offline plan needs no API call, synth is deterministic,
 * and a change of Cloudflare's ranges shows up as a reviewable diff of this file.
 */
export const CLOUDFLARE_IP_RANGES = {
  /** Where the lists come from; refresh both together and update `retrieved`. */
  source: 'https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6',
  // Written from Cloudflare's published lists and cross-checked on this date against several public copies (one dated
  // 2026-09-29); synth runs offline, so compare once with the two URLs above before the first deploy.
  retrieved: '2026-11-21',
  ipv4: [
    '173.245.48.0/20', '103.21.244.0/22', '103.22.200.0/22', '103.31.4.0/22', '141.101.64.0/18',
    '108.162.192.0/18', '190.93.240.0/20', '188.114.96.0/20', '197.234.240.0/22', '198.41.128.0/17',
    '162.158.0.0/15', '104.16.0.0/13', '104.24.0.0/14', '172.64.0.0/13', '131.0.72.0/22',
  ],
  ipv6: ['2400:cb00::/32', '2606:4700::/32', '2803:f800::/32', '2405:b500::/32', '2405:8100::/32', '2a06:98c0::/29', '2c0f:f248::/32'],
} as const;

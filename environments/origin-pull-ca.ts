/**
 * The CA that signs the Cloudflare zone's Authenticated Origin Pulls client certificate (docs/decisions/0024-authenticated-origin-pulls.md):
 * the origin load balancer's trust store holds only this certificate, so a TLS connection reaches the origin only when
 * it presents a client certificate this CA signed, which only this zone's Cloudflare edge holds.
 *
 * Public data (a CA certificate, no key). The shipped certificate is an EXAMPLE whose key was thrown away when it was
 * made: it can sign nothing, so an origin deployed with it refuses every connection (it fails closed). Before the first
 * deploy, run `scripts/origin-pull-cert.sh <zone id>`: it makes a CA and a client
 * certificate, uploads the client certificate and key to the zone through Cloudflare's API (neither reaches Terraform
 * or its state) and prints the CA certificate to paste here.
 */
export const ORIGIN_PULL_CA = {
  /** The zone whose client certificate this CA signs. */
  zone: 'aifeedback.se',
  /** Example until replaced by the certificate the script prints. */
  example: true,
  /** Made on this date (valid ten years). */
  issued: '2026-12-06',
  certificate: [
    '-----BEGIN CERTIFICATE-----',
    'MIICEjCCAbigAwIBAgIUevJRyvA0abhl1mVC9WeL34eQANMwCgYIKoZIzj0EAwIw',
    'VTETMBEGA1UECgwKYWlmZWVkYmFjazE+MDwGA1UEAww1YWlmZWVkYmFjay5zZSBv',
    'cmlnaW4tcHVsbCBDQSAoZXhhbXBsZSwga2V5IGRpc2NhcmRlZCkwHhcNMjYxMjA2',
    'MTM1NTE1WhcNMzYxMjAzMTM1NTE1WjBVMRMwEQYDVQQKDAphaWZlZWRiYWNrMT4w',
    'PAYDVQQDDDVhaWZlZWRiYWNrLnNlIG9yaWdpbi1wdWxsIENBIChleGFtcGxlLCBr',
    'ZXkgZGlzY2FyZGVkKTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABH1katUGjHhX',
    'a4ksNGlp+Jv8Q38DJyI1DpVjqq6NArN1AUS5IP90vqnWsemAP+xIZS18eELPqfoT',
    '/1H7lavM5XSjZjBkMB0GA1UdDgQWBBSQHvSbiJ8aR+otlBmd1tnRDhoJUDAfBgNV',
    'HSMEGDAWgBSQHvSbiJ8aR+otlBmd1tnRDhoJUDASBgNVHRMBAf8ECDAGAQH/AgEA',
    'MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQDAgNIADBFAiEAzeTl0IpXBBCjoDG/',
    'AYnF09ZP8fjxUiYbYLmg3wE73JACIAtZ9Vq//dMUtspF51ovTdQeBgtulD69GFg4',
    'AjZIl3ej',
    '-----END CERTIFICATE-----',
    '',
  ].join('\n'),
} as const;

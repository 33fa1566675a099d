/**
 * A stand-in for an operator's own origin-pull CA in test environments (support/environments.ts): a real self-signed
 * CA certificate (EC P-256, ten years) whose key was discarded when it was made, so it can sign nothing. Tests only.
 */
export const TEST_ORIGIN_PULL_CA = [
    '-----BEGIN CERTIFICATE-----',
    'MIIB+jCCAaCgAwIBAgIUQuM9xAQXhJZydnLqDowKQCm+se0wCgYIKoZIzj0EAwIw',
    'STEZMBcGA1UECgwQYWlmZWVkYmFjayB0ZXN0czEsMCoGA1UEAwwjb3JpZ2luLXB1',
    'bGwgdGVzdCBDQSAoa2V5IGRpc2NhcmRlZCkwHhcNMjYxMjA2MTQxNzIwWhcNMzYx',
    'MjAzMTQxNzIwWjBJMRkwFwYDVQQKDBBhaWZlZWRiYWNrIHRlc3RzMSwwKgYDVQQD',
    'DCNvcmlnaW4tcHVsbCB0ZXN0IENBIChrZXkgZGlzY2FyZGVkKTBZMBMGByqGSM49',
    'AgEGCCqGSM49AwEHA0IABI0NXmvxkdG3I/y3Gj1m2lLoPJvqvVCr4x/gp0HrGAFx',
    'bNTT9loy69eaoAivGY0/nhKg/Zc4AW5R2NJu6tTytISjZjBkMB0GA1UdDgQWBBSl',
    'brFCPgZHDN7ur4V8k+lRmYhoKDAfBgNVHSMEGDAWgBSlbrFCPgZHDN7ur4V8k+lR',
    'mYhoKDASBgNVHRMBAf8ECDAGAQH/AgEAMA4GA1UdDwEB/wQEAwIBBjAKBggqhkjO',
    'PQQDAgNIADBFAiEA1TeV9/nFyrp/pMg5EHZy1BQsd9fPH9ZAcTwvuXBV4N0CIHAN',
    '5u5LMvEeHBkPqDSfcn4EmDeoXR17lfZyO3sgSpEu',
    '-----END CERTIFICATE-----',
  '',
].join('\n');

// Types for the matchers `Testing.setupJest()` registers (cdktf ships them untyped for jest 30); a file that uses
// them calls Testing.setupJest() itself (support/setup.ts does not load cdktf).
declare namespace jest {
  interface Matchers<R> {
    toHaveResource(resourceConstructor: { tfResourceType: string }): R;
    toHaveResourceWithProperties(resourceConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveDataSource(dataSourceConstructor: { tfResourceType: string }): R;
    toHaveDataSourceWithProperties(dataSourceConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toHaveProvider(providerConstructor: { tfResourceType: string }): R;
    toHaveProviderWithProperties(providerConstructor: { tfResourceType: string }, properties: Record<string, unknown>): R;
    toBeValidTerraform(): R;
  }
}

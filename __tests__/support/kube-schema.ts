/**
 * Unknown-field check for Kubernetes objects. kubernetes-models' validate() checks types, formats and required
 * fields but lets unknown keys through (its schemas allow additional properties), and the API server drops or
 * rejects such keys at apply time. This walks the model's own type declarations (.d.ts of the pinned packages,
 * parsed with the TypeScript parser) and reports every key the API type does not declare.
 */
import { existsSync, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import * as ts from 'typescript';

const NODE_MODULES = join(__dirname, '..', '..', 'node_modules');

/** API group → the package (and folder) holding its models. Core `v1` lives at kubernetes-models/v1. */
const GROUP_PACKAGES: Readonly<Record<string, string>> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
  'external-secrets.io': '@kubernetes-models/external-secrets/external-secrets.io',
};

/**
 * kubernetes-models merges the OpenAPI specs of many Kubernetes releases, so it also knows APIs the clusters no
 * longer serve (policy/v1beta1, autoscaling/v2beta2, ...). Built-in objects must use a GA version.
 */
export function servedVersionProblem(apiVersion: string): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group in GROUP_PACKAGES || !/alpha|beta/.test(version)) return undefined;
  return `${apiVersion} is not a GA API (removed from or off by default on the clusters' Kubernetes versions)`;
}

/**
 * The module path (without extension) of the model of `apiVersion`/`kind`, or undefined when none is installed.
 * `builtIn` is the package of the built-in APIs for the cluster's minor (objectModelsFor in
 * environments/kubernetes-upgrade.ts); custom resources come from their own packages.
 */
export function modelModule(apiVersion: string, kind: string, builtIn = 'kubernetes-models'): string | undefined {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const base = group === '' ? `${builtIn}/${version}` : `${GROUP_PACKAGES[group] ?? `${builtIn}/${group}`}/${version}`;
  return existsSync(join(NODE_MODULES, `${base}/${kind}.d.ts`)) ? `${base}/${kind}` : undefined;
}

type Shape =
  | { kind: 'scalar' }
  | { kind: 'array'; of: () => Shape }
  | { kind: 'map'; of: () => Shape }
  | { kind: 'object'; name: string; props: Map<string, () => Shape> };

const SCALAR: Shape = { kind: 'scalar' };
const files = new Map<string, ts.SourceFile>();
const fileShapes = new Map<string, Shape>();

function sourceFile(path: string): ts.SourceFile {
  let file = files.get(path);
  if (!file) {
    file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
    files.set(path, file);
  }
  return file;
}

function resolveImport(from: string, spec: string): string {
  const bare = spec.replace(/\.js$/, '');
  return spec.startsWith('.') ? resolve(dirname(from), `${bare}.d.ts`) : join(NODE_MODULES, `${bare}.d.ts`);
}

/** The shape of the (single) type a model file declares: its interface, or its type alias. */
function shapeOfFile(path: string): Shape {
  const cached = fileShapes.get(path);
  if (cached) return cached;
  const file = sourceFile(path);
  const declaration = file.statements.find((s) => ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) as
    ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
  if (!declaration) throw new Error(`${path}: no interface or type alias`);
  const shape = ts.isInterfaceDeclaration(declaration) ? objectShape(file, declaration.name.text, declaration.members) : shapeOf(file, declaration.type);
  fileShapes.set(path, shape);
  return shape;
}

function objectShape(file: ts.SourceFile, name: string, members: ts.NodeArray<ts.TypeElement>): Shape {
  const index = members.find(ts.isIndexSignatureDeclaration);
  if (index) return { kind: 'map', of: () => shapeOf(file, index.type) };
  const props = new Map<string, () => Shape>();
  for (const member of members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const type = member.type;
    let memo: Shape | undefined;
    props.set((member.name as ts.StringLiteral | ts.Identifier).text, () => (memo ??= shapeOf(file, type)));
  }
  return { kind: 'object', name, props };
}

function shapeOf(file: ts.SourceFile, type: ts.TypeNode): Shape {
  if (ts.isArrayTypeNode(type)) return { kind: 'array', of: () => shapeOf(file, type.elementType) };
  if (ts.isTypeLiteralNode(type)) return objectShape(file, 'inline object', type.members);
  if (ts.isParenthesizedTypeNode(type)) return shapeOf(file, type.type);
  if (ts.isUnionTypeNode(type)) {
    // `T | null` and literal unions: the first non-scalar member decides.
    return type.types.map((t) => shapeOf(file, t)).find((s) => s.kind !== 'scalar') ?? SCALAR;
  }
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return SCALAR;
  const name = type.typeName.text;
  if (name === 'Array' && type.typeArguments?.[0]) {
    const element = type.typeArguments[0];
    return { kind: 'array', of: () => shapeOf(file, element) };
  }
  const local = file.statements.find((s) => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name);
  if (local) return ts.isInterfaceDeclaration(local) ? objectShape(file, name, local.members) : shapeOf(file, (local as ts.TypeAliasDeclaration).type);
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause?.namedBindings) continue;
    const bindings = statement.importClause.namedBindings;
    if (ts.isNamedImports(bindings) && bindings.elements.some((e) => e.name.text === name)) {
      const spec = (statement.moduleSpecifier as ts.StringLiteral).text;
      return spec.startsWith('@kubernetes-models/base') ? SCALAR : shapeOfFile(resolveImport(file.fileName, spec));
    }
  }
  return SCALAR; // TypeMeta and friends
}

/** Every key of `object` that its API type does not declare, as `path: message` lines. */
export function unknownFields(object: Record<string, unknown>, builtIn?: string): string[] {
  const module = modelModule(String(object.apiVersion), String(object.kind), builtIn);
  if (!module) return [`${object.apiVersion}/${object.kind}: no schema installed for this API type`];
  const problems: string[] = [];
  walk(object, shapeOfFile(join(NODE_MODULES, `${module}.d.ts`)), '', problems);
  return problems;
}

function walk(value: unknown, shape: Shape, path: string, problems: string[]): void {
  if (value === null || typeof value !== 'object') return;
  if (shape.kind === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(v, shape.of(), `${path}[${i}]`, problems));
  if (shape.kind === 'map' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, shape.of(), `${path}[${JSON.stringify(k)}]`, problems);
  if (shape.kind === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const prop = shape.props.get(k);
      if (prop) walk(v, prop(), path ? `${path}.${k}` : k, problems);
      else problems.push(`${path ? `${path}.` : ''}${k}: unknown field (${shape.name} has no such field)`);
    }
  }
}

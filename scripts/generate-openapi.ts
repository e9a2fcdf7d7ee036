/**
 * Dev-time generator of the OpenAPI v3 component schemas the API server serves
 * (`npx tsx scripts/generate-openapi.ts`). Writes
 * `src/api/openapi/generated/schemas.json`: every schema reachable from the kinds
 * in RESOURCES (and their lists, plus Status, DeleteOptions, WatchEvent, Patch,
 * autoscaling/v1 Scale, Binding and Eviction), named as upstream names them
 * (`io.k8s.api.apps.v1.Deployment`), keys sorted, no indentation.
 *
 * Source: the `.d.ts` files of the installed `kubernetes-models` and
 * `@kubernetes-models/apimachinery`, read with the TypeScript compiler API. Their
 * JSDoc carries the upstream descriptions; their TS types carry the structure. What
 * TS types lose is recovered as follows:
 * - integer vs number and the int32/int64/byte formats: by probing the package's
 *   precompiled validators (`_schemas/<Name>.mjs`) with 1.5, 2^31 and "%%%";
 * - `x-kubernetes-*` patch/apply extensions: from our table in
 *   `src/api/openapi/patch-extensions.ts`;
 * - Quantity, IntOrString, Time, MicroTime: the shapes upstream's v3 documents use.
 * Shape conventions follow upstream v3: a described `$ref` property becomes
 * `allOf: [{$ref}]` plus description; lists of structs have items
 * `{allOf: [{$ref}], default: {}}`; required scalars carry their zero `default`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { allPatchMeta, structMapTypeOf, patchMetaOf } from '../src/api/openapi/patch-extensions.js';
import { RESOURCES, servedGroupVersions } from '../src/api/resources.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };
interface ValidationError { readonly instancePath: string; readonly keyword: string; readonly params: Record<string, unknown> }
type Validator = ((data: unknown) => boolean) & { errors?: ValidationError[] | null };
/** One step from a property to a nested value: a named property, an array item or a map value. */
type Segment = { readonly prop: string } | 'item' | 'value';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODELS = join(ROOT, 'node_modules', 'kubernetes-models');
const MACHINERY = join(ROOT, 'node_modules', '@kubernetes-models', 'apimachinery');
const OUT = join(ROOT, 'src', 'api', 'openapi', 'generated', 'schemas.json');
const REF_PREFIX = '#/components/schemas/';
const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';

const API_VERSION_DOC =
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const KIND_DOC =
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const QUANTITY_DOC = [
  'Quantity is a fixed-point representation of a number. It provides convenient marshaling/unmarshaling in JSON and YAML, in addition to String() and AsInt64() accessors.',
  'The serialization format is:',
  '``` <quantity>        ::= <signedNumber><suffix>\n\n\t(Note that <suffix> may be empty, from the "" case in <decimalSI>.)\n\n<digit>           ::= 0 | 1 | ... | 9 <digits>          ::= <digit> | <digit><digits> <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits> <sign>            ::= "+" | "-" <signedNumber>    ::= <number> | <sign><number> <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI> <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei\n\n\t(International System of units; See: http://physics.nist.gov/cuu/Units/binary.html)\n\n<decimalSI>       ::= m | "" | k | M | G | T | P | E\n\n\t(Note that 1024 = 1Ki but 1000 = 1k; I didn\'t choose the capitalization.)\n\n<decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber> ```',
  'No matter which of the three exponent forms is used, no quantity may represent a number greater than 2^63-1 in magnitude, nor may it have more than 3 decimal places. Numbers larger or more precise will be capped or rounded up. (E.g.: 0.1m will rounded up to 1m.) This may be extended in the future if we require larger or smaller quantities.',
  'When a Quantity is parsed from a string, it will remember the type of suffix it had, and will use the same type again when it is serialized.',
  'Before serializing, Quantity will be put in "canonical form". This means that Exponent/suffix will be adjusted up or down (with a corresponding increase or decrease in Mantissa) such that:\n\n- No precision is lost - No fractional digits will be emitted - The exponent (or suffix) is as large as possible.\n\nThe sign will be omitted unless the number is negative.\n\nExamples:\n\n- 1.5 will be serialized as "1500m" - 1.5Gi will be serialized as "1536Mi"',
  'Note that the quantity will NEVER be internally represented by a floating point number. That is the whole point of this exercise.',
  "Non-canonical values will still parse as long as they are well formed, but will be re-emitted in their canonical form. (So always use canonical form, or don't diff.)",
  'This format is intended to make it difficult to use these numbers without writing some sort of special handling code in the hopes that that will cause implementors to also use a fixed point implementation.',
].join('\n\n');

/** Scalar wrappers whose upstream v3 shape TS cannot express. */
const SCALARS: Readonly<Record<string, Schema>> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { description: QUANTITY_DOC, oneOf: [{ type: 'string' }, { type: 'number' }] },
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  [`${META}.Time`]: { type: 'string', format: 'date-time' },
  [`${META}.MicroTime`]: { type: 'string', format: 'date-time' },
};

/** A property as parsed, before refs are shaped (that needs the referenced schema). */
interface PropDraft { schema: Schema; readonly description: string | undefined; readonly required: boolean }
interface Draft {
  readonly schema: Schema;
  readonly props: Map<string, PropDraft> | undefined;
  readonly isKind: boolean;
}

function kindFile(group: string, version: string, kind: string): string {
  return group === '' ? join(MODELS, version, `${kind}.d.ts`) : join(MODELS, group, version, `${kind}.d.ts`);
}

/** Upstream schema name from the file's place in the package, e.g. `apps/v1/Deployment.d.ts`. */
function schemaNameOfFile(file: string): string {
  if (file.startsWith(MACHINERY + sep)) {
    return ['io.k8s.apimachinery.pkg', ...relative(MACHINERY, file).replace(/\.d\.ts$/, '').split(sep)].join('.');
  }
  const parts = relative(MODELS, file).replace(/\.d\.ts$/, '').split(sep);
  const [group = '', version = '', kind = ''] = parts.length === 2 ? ['core', ...parts] : parts;
  return `io.k8s.api.${group.split('.')[0] ?? group}.${version}.${kind}`;
}

const pascal = (name: string): string => name.split('.').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

function resolveImport(fromFile: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return join(dirname(fromFile), `${specifier}.d.ts`);
  const machinery = '@kubernetes-models/apimachinery/';
  if (specifier.startsWith(machinery)) return join(MACHINERY, `${specifier.slice(machinery.length)}.d.ts`);
  return undefined; // @kubernetes-models/base: Model, TypeMeta and friends carry no schema
}

/** The JSDoc text just before `node`, with the comment markup removed, or undefined. */
function docOf(node: ts.Node, text: string): string | undefined {
  const comment = (ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).at(-1);
  if (comment === undefined) return undefined;
  const raw = text.slice(comment.pos, comment.end);
  if (!raw.startsWith('/**')) return undefined;
  const lines = raw.slice(3, -2).split('\n').map((line) => line.replace(/^\s*\* ?/, ''));
  const doc = lines.join('\n').replace(/^\s*\n|\n\s*$/g, '').replaceAll('*\\/', '*/');
  return doc === '' ? undefined : doc;
}

const validators = new Map<string, Validator | undefined>();
function isValidator(value: unknown): value is Validator {
  return typeof value === 'function';
}
async function validatorOf(schemaName: string, file: string): Promise<Validator | undefined> {
  const packageRoot = file.startsWith(MACHINERY + sep) ? MACHINERY : MODELS;
  const path = join(packageRoot, '_schemas', `${pascal(schemaName)}.mjs`);
  if (!validators.has(path)) {
    const mod: unknown = await import(pathToFileURL(path).href);
    const validate = typeof mod === 'object' && mod !== null && 'validate' in mod ? mod.validate : undefined;
    validators.set(path, isValidator(validate) ? validate : undefined);
  }
  return validators.get(path);
}

/** The validator's errors at `segments` when the value there is `value`. */
function probe(validate: Validator | undefined, segments: readonly Segment[], value: unknown): ValidationError[] {
  if (validate === undefined) throw new Error('no validator to probe a number or string with');
  let data = value;
  for (const segment of [...segments].reverse()) {
    data = segment === 'item' ? [data] : segment === 'value' ? { k: data } : { [segment.prop]: data };
  }
  validate(data);
  const path = segments.map((segment) => (segment === 'item' ? '/0' : segment === 'value' ? '/k' : `/${segment.prop}`)).join('');
  return (validate.errors ?? []).filter((error) => error.instancePath === path);
}

interface Context {
  readonly file: string;
  readonly imports: ReadonlyMap<string, string>;
  readonly validate: Validator | undefined;
  readonly deps: Set<string>;
}

function refTo(ctx: Context, file: string): Schema {
  ctx.deps.add(file);
  return { $ref: REF_PREFIX + schemaNameOfFile(file) };
}

function convert(ctx: Context, node: ts.TypeNode, segments: readonly Segment[]): Schema {
  switch (node.kind) {
    case ts.SyntaxKind.BooleanKeyword:
      return { type: 'boolean' };
    case ts.SyntaxKind.StringKeyword: {
      const format = probe(ctx.validate, segments, '%%%').find((error) => error.keyword === 'format')?.params['format'];
      return typeof format === 'string' ? { type: 'string', format } : { type: 'string' };
    }
    case ts.SyntaxKind.NumberKeyword: {
      if (!probe(ctx.validate, segments, 1.5).some((error) => error.params['type'] === 'integer')) return { type: 'number', format: 'double' };
      const int32 = probe(ctx.validate, segments, 2 ** 31).some((error) => error.params['format'] === 'int32');
      return { type: 'integer', format: int32 ? 'int32' : 'int64' };
    }
    default:
  }
  if (ts.isLiteralTypeNode(node) && ts.isStringLiteral(node.literal)) return { type: 'string', enum: [node.literal.text] };
  if (ts.isUnionTypeNode(node)) {
    const values = node.types.map((member) => (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal) ? member.literal.text : undefined));
    if (values.every((value) => value !== undefined)) return { type: 'string', enum: values };
  }
  if (ts.isArrayTypeNode(node)) return { type: 'array', items: convert(ctx, node.elementType, [...segments, 'item']) };
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const [argument] = node.typeArguments ?? [];
    if (name === 'Array' && argument !== undefined) return { type: 'array', items: convert(ctx, argument, [...segments, 'item']) };
    const file = ctx.imports.get(name);
    if (file !== undefined) return refTo(ctx, file);
  }
  if (ts.isTypeLiteralNode(node)) {
    const [member] = node.members;
    if (node.members.length === 1 && member !== undefined && ts.isIndexSignatureDeclaration(member)) {
      return { type: 'object', additionalProperties: convert(ctx, member.type, [...segments, 'value']) };
    }
    // kubernetes-models inlines a whole kind where upstream embeds it (StatefulSet's
    // volumeClaimTemplates): refer to the kind whose `spec` type this literal uses.
    const spec = node.members.find((m) => ts.isPropertySignature(m) && m.name.getText().replaceAll('"', '') === 'spec');
    if (spec !== undefined && ts.isPropertySignature(spec) && spec.type !== undefined && ts.isTypeReferenceNode(spec.type)) {
      const specFile = ctx.imports.get(spec.type.typeName.getText());
      if (specFile?.endsWith('Spec.d.ts') === true) return refTo(ctx, specFile.replace(/Spec\.d\.ts$/, '.d.ts'));
    }
  }
  throw new Error(`${ctx.file}: cannot convert type ${node.getText()}`);
}

/** Parses one `.d.ts` into a draft schema; returns the files it refers to. */
async function parseFile(file: string): Promise<{ name: string; draft: Draft; deps: Set<string> }> {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const name = schemaNameOfFile(file);
  const imports = new Map<string, string>();
  let localName: string | undefined;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const target = resolveImport(file, statement.moduleSpecifier.text);
      const bindings = statement.importClause?.namedBindings;
      if (target !== undefined && bindings !== undefined && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) imports.set(element.name.text, target);
      }
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((e) => e.name.text === `I${pascal(name)}`);
      localName = element?.propertyName?.text ?? localName;
    }
  }
  if (localName === undefined) throw new Error(`${file}: no export named I${pascal(name)}; the schema name ${name} is wrong`);
  const declaration = source.statements.find(
    (s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration => (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === localName,
  );
  if (declaration === undefined) throw new Error(`${file}: ${localName} is not declared`);
  const description = docOf(declaration, text);
  const described = (schema: Schema): Schema => (description === undefined ? schema : { description, ...schema });
  const deps = new Set<string>();
  const scalar = SCALARS[name];
  if (scalar !== undefined) return { name, draft: { schema: described(scalar), props: undefined, isKind: false }, deps };
  if (ts.isTypeAliasDeclaration(declaration)) {
    if (declaration.type.kind !== ts.SyntaxKind.StringKeyword) throw new Error(`${file}: unexpected alias ${declaration.type.getText()}`);
    return { name, draft: { schema: described({ type: 'string' }), props: undefined, isKind: false }, deps };
  }
  const isKind = declaration.heritageClauses?.some((clause) => clause.types.some((t) => t.expression.getText() === 'TypeMeta')) === true;
  const ctx: Context = { file, imports, validate: await validatorOf(name, file), deps };
  const props = new Map<string, PropDraft>();
  const gvk: Schema = {};
  for (const member of declaration.members) {
    if (!ts.isPropertySignature(member) || member.type === undefined) throw new Error(`${file}: unexpected member ${member.getText()}`);
    const prop = member.name.getText().replaceAll('"', '');
    const typeMeta = isKind && (prop === 'apiVersion' || prop === 'kind');
    if (typeMeta && ts.isLiteralTypeNode(member.type) && ts.isStringLiteral(member.type.literal)) {
      const value = member.type.literal.text;
      if (prop === 'kind') gvk['kind'] = value;
      else {
        const slash = value.indexOf('/');
        gvk['group'] = slash < 0 ? '' : value.slice(0, slash);
        gvk['version'] = value.slice(slash + 1);
      }
    }
    props.set(prop, {
      schema: typeMeta ? { type: 'string' } : convert(ctx, member.type, [{ prop }]),
      description: docOf(member, text) ?? (prop === 'apiVersion' ? API_VERSION_DOC : prop === 'kind' ? KIND_DOC : undefined),
      required: member.questionToken === undefined && !typeMeta,
    });
  }
  const schema: Schema = described({ type: 'object' });
  if (isKind) schema['x-kubernetes-group-version-kind'] = [gvk];
  return { name, draft: { schema, props, isKind }, deps };
}

const refName = (schema: Json | undefined): string | undefined =>
  typeof schema === 'object' && schema !== null && !Array.isArray(schema) && typeof schema['$ref'] === 'string' && Object.keys(schema).length === 1
    ? schema['$ref'].slice(REF_PREFIX.length)
    : undefined;

/** Shapes refs as upstream does, adds defaults and patch extensions. */
function finalize(drafts: ReadonlyMap<string, Draft>): Map<string, Schema> {
  const isStruct = (name: string): boolean => (drafts.get(name)?.props?.size ?? 0) > 0;
  const nested = (schema: Schema): Schema => {
    for (const key of ['items', 'additionalProperties'] as const) {
      const inner = schema[key];
      if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) continue;
      const target = refName(inner);
      schema[key] = target !== undefined && isStruct(target) ? { allOf: [inner], default: {} } : nested(inner);
    }
    return schema;
  };
  const zero: Readonly<Record<string, Json>> = { string: '', integer: 0, number: 0, boolean: false };
  const out = new Map<string, Schema>();
  for (const [name, draft] of drafts) {
    const schema = { ...draft.schema };
    const mapType = structMapTypeOf(name);
    if (mapType !== undefined) schema['x-kubernetes-map-type'] = mapType;
    if (draft.props !== undefined) {
      const properties: Schema = {};
      for (const [prop, { schema: raw, description, required }] of draft.props) {
        const target = refName(raw);
        let p: Schema = target === undefined ? nested({ ...raw }) : description === undefined ? { ...raw } : { allOf: [raw] };
        if (description !== undefined) p = { ...p, description };
        // Upstream gives value (non-pointer) struct fields `default: {}`; TS cannot tell
        // pointers apart, so: required structs (but selectors are required pointers),
        // metadata, and a kind's spec and status.
        const struct = target !== undefined && isStruct(target) && target !== `${META}.LabelSelector`;
        if (struct && (required || prop === 'metadata' || (draft.isKind && (prop === 'spec' || prop === 'status')))) p['default'] = {};
        const zeroValue = typeof p['type'] === 'string' ? zero[p['type']] : undefined;
        if (required && zeroValue !== undefined) p['default'] = zeroValue;
        const meta = patchMetaOf(name, prop);
        if (meta?.strategy !== undefined) p['x-kubernetes-patch-strategy'] = meta.strategy;
        if (meta?.mergeKey !== undefined) p['x-kubernetes-patch-merge-key'] = meta.mergeKey;
        if (meta?.listType !== undefined) p['x-kubernetes-list-type'] = meta.listType;
        if (meta?.listMapKeys !== undefined) p['x-kubernetes-list-map-keys'] = [...meta.listMapKeys];
        if (meta?.mapType !== undefined) p['x-kubernetes-map-type'] = meta.mapType;
        properties[prop] = p;
      }
      if (draft.props.size > 0) schema['properties'] = properties;
      const required = [...draft.props].filter(([, p]) => p.required).map(([prop]) => prop);
      if (required.length > 0) schema['required'] = required;
    }
    out.set(name, schema);
  }
  return out;
}

/** Upstream lists one group-version-kind per served group-version on these meta kinds. */
function addMetaKinds(schemas: Map<string, Schema>): void {
  const gvks = (kind: string): Json[] =>
    servedGroupVersions()
      .flatMap(({ group, versions }) => versions.map((version) => ({ group, kind, version })))
      .filter(({ group, version }) => RESOURCES.some((r) => r.stored && r.group === group && r.version === version))
      .sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version));
  for (const kind of ['DeleteOptions', 'WatchEvent']) {
    const schema = schemas.get(`${META}.${kind}`);
    if (schema !== undefined) schema['x-kubernetes-group-version-kind'] = gvks(kind);
  }
  const status = schemas.get(`${META}.Status`);
  if (status !== undefined) status['x-kubernetes-group-version-kind'] = [{ group: '', kind: 'Status', version: 'v1' }];
}

function checkPatchTable(schemas: ReadonlyMap<string, Schema>): void {
  for (const { schemaName, property } of allPatchMeta()) {
    const schema = schemas.get(schemaName);
    if (schema === undefined) throw new Error(`patch-extensions: no schema ${schemaName}`);
    const properties = schema['properties'];
    if (typeof properties !== 'object' || properties === null || Array.isArray(properties) || !(property in properties)) {
      throw new Error(`patch-extensions: ${schemaName} has no property ${property}`);
    }
  }
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key] ?? null)]));
}

async function main(): Promise<void> {
  const roots = RESOURCES.filter((r) => r.stored).flatMap((r) => [kindFile(r.group, r.version, r.kind), kindFile(r.group, r.version, `${r.kind}List`)]);
  roots.push(
    ...['Status', 'DeleteOptions', 'WatchEvent', 'Patch'].map((kind) => join(MACHINERY, 'apis', 'meta', 'v1', `${kind}.d.ts`)),
    kindFile('autoscaling', 'v1', 'Scale'),
    kindFile('', 'v1', 'Binding'),
    kindFile('policy', 'v1', 'Eviction'),
  );
  const drafts = new Map<string, Draft>();
  const queue = [...new Set(roots)];
  const seen = new Set(queue);
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const { name, draft, deps } = await parseFile(file);
    if (drafts.has(name)) throw new Error(`two files define ${name} (${basename(file)})`);
    drafts.set(name, draft);
    for (const dep of deps) {
      if (seen.has(dep)) continue;
      seen.add(dep);
      queue.push(dep);
    }
  }
  const schemas = finalize(new Map([...drafts].sort(([a], [b]) => (a < b ? -1 : 1))));
  addMetaKinds(schemas);
  checkPatchTable(schemas);
  const json = JSON.stringify(sortKeys(Object.fromEntries(schemas)));
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${json}\n`);
  process.stdout.write(`wrote ${relative(ROOT, OUT)}: ${schemas.size} schemas, ${json.length} bytes\n`);
}

await main();

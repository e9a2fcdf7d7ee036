import type { JsonObject, JsonValue } from '../../api/openapi/openapi-documents.js';
import { isJsonObject, openApiDocument, referencedSchemaName, schemaNameOf } from '../../api/openapi/openapi-documents.js';

/**
 * The apply topology of a type, as structured-merge-diff's schema.Atom: what a value
 * at some path may be (a scalar, a list, a map or struct; the deduced type may be any
 * of them, chosen by the value) and, for lists and maps, whether it is owned whole
 * (atomic) or element by element.
 */
export interface Atom {
  readonly scalar: boolean;
  readonly list: ListSchema | undefined;
  readonly map: MapSchema | undefined;
}

export interface ListSchema {
  /** `associative` covers list-type `set` (no keys) and `map` (keys). */
  readonly relationship: 'atomic' | 'associative';
  readonly keys: readonly string[];
  readonly element: Atom;
}

export interface MapSchema {
  readonly relationship: 'atomic' | 'granular';
  /** Whether `name` is a declared struct field (not a free map key). */
  isField(name: string): boolean;
  /** The type of a field or map value; a key the schema does not know is deduced. */
  fieldType(name: string): Atom;
  /** The schema default of a declared field, used for missing list-map keys. */
  fieldDefault(name: string): unknown;
  /**
   * The struct as Go's zero value serializes it: non-pointer struct fields as their
   * own zero value, required lists, maps and pointers as null, scalars left out.
   */
  zero(): Record<string, unknown>;
}

/** A map with no declared fields: granular, values deduced. */
class FreeMap implements MapSchema {
  constructor(
    readonly relationship: 'atomic' | 'granular',
    readonly element: () => Atom,
  ) {}
  isField(): boolean {
    return false;
  }
  fieldType(): Atom {
    return this.element();
  }
  fieldDefault(): unknown {
    return undefined;
  }
  zero(): Record<string, unknown> {
    return {};
  }
}

/** An atomic untyped value (upstream `__untyped_atomic_`): a scalar, or a list or map owned whole. */
export const UNTYPED_ATOMIC: Atom = {
  scalar: true,
  get list(): ListSchema {
    return { relationship: 'atomic', keys: [], element: UNTYPED_ATOMIC };
  },
  map: new FreeMap('atomic', () => UNTYPED_ATOMIC),
};

/** A value without a schema (upstream `__untyped_deduced_`): granular maps, atomic lists. */
export const DEDUCED: Atom = {
  scalar: true,
  list: { relationship: 'atomic', keys: [], element: UNTYPED_ATOMIC },
  map: new FreeMap('granular', () => DEDUCED),
};

/**
 * Non-pointer struct fields marked omitempty, which Go still serializes (as `{}`) but
 * our generated schemas give no `default: {}`; they shape what a create "adds".
 */
const VALUE_STRUCTS: Readonly<Record<string, readonly string[]>> = {
  'io.k8s.api.apps.v1.DaemonSetSpec': ['updateStrategy'],
  'io.k8s.api.apps.v1.DeploymentSpec': ['strategy'],
  'io.k8s.api.apps.v1.ReplicaSetSpec': ['template'],
  'io.k8s.api.apps.v1.StatefulSetSpec': ['updateStrategy'],
  'io.k8s.api.batch.v1.JobTemplateSpec': ['spec'],
  'io.k8s.api.core.v1.PersistentVolumeClaimSpec': ['resources'],
  'io.k8s.api.core.v1.PodTemplateSpec': ['spec'],
};

const SCALAR: Atom = { scalar: true, list: undefined, map: undefined };
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/**
 * Defaults upstream declares (`+default=`) on list-map key fields that our generated
 * schemas lack; without them `ports: [{containerPort: 80}]` would have no key.
 */
const KEY_DEFAULTS: Readonly<Record<string, Readonly<Record<string, JsonValue>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.LocalObjectReference': { name: '' },
};

function mapRelationship(schema: JsonObject): 'atomic' | 'granular' | undefined {
  const mapType = schema['x-kubernetes-map-type'];
  return mapType === 'atomic' ? 'atomic' : mapType === 'granular' ? 'granular' : undefined;
}

/** Upstream's getListElementRelationship: list-type, else a merge patch strategy, else atomic. */
function listRelationship(schema: JsonObject): { relationship: 'atomic' | 'associative'; keys: string[] } {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') return { relationship: 'associative', keys: [] };
  if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'];
    return { relationship: 'associative', keys: Array.isArray(keys) ? keys.filter((key) => typeof key === 'string') : [] };
  }
  if (listType === undefined) {
    const strategy = schema['x-kubernetes-patch-strategy'];
    const mergeKey = schema['x-kubernetes-patch-merge-key'];
    if (strategy === 'merge' || strategy === 'merge,retainKeys') {
      return { relationship: 'associative', keys: typeof mergeKey === 'string' ? [mergeKey] : [] };
    }
  }
  return { relationship: 'atomic', keys: [] };
}

function withMapRelationship(atom: Atom, relationship: 'atomic' | 'granular'): Atom {
  const map = atom.map;
  if (map === undefined || map.relationship === relationship) return atom;
  const list = relationship === 'atomic' && atom.list !== undefined ? { ...atom.list, relationship: 'atomic' as const } : atom.list;
  return {
    scalar: atom.scalar,
    list,
    map: {
      relationship,
      isField: (name) => map.isField(name),
      fieldType: (name) => map.fieldType(name),
      fieldDefault: (name) => map.fieldDefault(name),
      zero: () => map.zero(),
    },
  };
}

/** Turns the OpenAPI component schemas of one group-version into atoms, lazily. */
class SchemaConverter {
  readonly #schemas: Readonly<Record<string, JsonObject>>;
  readonly #named = new Map<string, Atom>();

  constructor(schemas: Readonly<Record<string, JsonObject>>) {
    this.#schemas = schemas;
  }

  named(name: string): Atom {
    let atom = this.#named.get(name);
    if (atom === undefined) {
      const schema = this.#schemas[name];
      atom = name === RAW_EXTENSION ? UNTYPED_ATOMIC : schema === undefined ? DEDUCED : this.inline(schema, name);
      this.#named.set(name, atom);
    }
    return atom;
  }

  /** Upstream's makeOpenAPIRef: a named type (with a map-type override) or an inline one. */
  ref(schema: JsonObject): Atom {
    const name = referencedSchemaName(schema);
    if (name === undefined) return this.inline(schema, undefined);
    const relationship = mapRelationship(schema);
    const atom = this.named(name);
    return relationship === undefined ? atom : withMapRelationship(atom, relationship);
  }

  inline(schema: JsonObject, name: string | undefined): Atom {
    switch (schema.type) {
      case 'string':
      case 'integer':
      case 'number':
      case 'boolean':
        return SCALAR;
      case 'array':
        return this.#list(schema);
      case 'object':
        return this.#object(schema, name);
      default:
        return DEDUCED;
    }
  }

  #list(schema: JsonObject): Atom {
    const { relationship, keys } = listRelationship(schema);
    const items = schema.items;
    let element: Atom | undefined;
    const elementOf = (): Atom => {
      element ??= isJsonObject(items) ? this.ref(items) : DEDUCED;
      return element;
    };
    const list: ListSchema = {
      relationship,
      keys,
      get element(): Atom {
        return elementOf();
      },
    };
    return { scalar: false, list, map: undefined };
  }

  #object(schema: JsonObject, name: string | undefined): Atom {
    const relationship = mapRelationship(schema) ?? 'granular';
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const additional = schema.additionalProperties;
    const hasProperties = Object.keys(properties).length > 0;
    if (!hasProperties && additional === undefined) return relationship === 'atomic' ? UNTYPED_ATOMIC : DEDUCED;
    const fields = new Map<string, Atom>();
    let element: Atom | undefined;
    const elementOf = (): Atom => {
      element ??= isJsonObject(additional) ? this.ref(additional) : DEDUCED;
      return element;
    };
    const keyDefaults = name === undefined ? undefined : KEY_DEFAULTS[name];
    const required = Array.isArray(schema.required) ? schema.required : [];
    const valueStructs = name === undefined ? [] : (VALUE_STRUCTS[name] ?? []);
    const zero = (): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [field, definition] of Object.entries(properties)) {
        if (!isJsonObject(definition)) continue;
        const type = map.fieldType(field);
        if (isJsonObject(definition.default) || valueStructs.includes(field)) out[field] = type.map?.zero() ?? {};
        else if (required.includes(field) && (type.list !== undefined || type.map !== undefined)) out[field] = null;
      }
      return out;
    };
    const map: MapSchema = {
      relationship,
      zero,
      isField: (field) => Object.hasOwn(properties, field),
      fieldType: (field) => {
        const definition = Object.hasOwn(properties, field) ? properties[field] : undefined;
        if (!isJsonObject(definition)) return elementOf();
        let atom = fields.get(field);
        if (atom === undefined) {
          atom = this.ref(definition);
          fields.set(field, atom);
        }
        return atom;
      },
      fieldDefault: (field) => {
        const definition = Object.hasOwn(properties, field) ? properties[field] : undefined;
        const declared = isJsonObject(definition) ? definition.default : undefined;
        return declared ?? keyDefaults?.[field];
      },
    };
    return { scalar: false, list: undefined, map };
  }
}

const byKind = new Map<string, Atom>();

/**
 * The apply topology of a kind, from the OpenAPI document of its group-version
 * (`('apps', 'v1', 'Deployment')`). A kind without a schema is deduced whole.
 */
export function schemaOf(group: string, version: string, kind: string): Atom {
  const key = `${group}/${version}/${kind}`;
  let atom = byKind.get(key);
  if (atom === undefined) {
    const schemas = openApiDocument(group, version)?.components.schemas;
    const name = schemaNameOf(group, version, kind);
    atom = schemas !== undefined && Object.hasOwn(schemas, name) ? new SchemaConverter(schemas).named(name) : DEDUCED;
    byKind.set(key, atom);
  }
  return atom;
}

/** The atom at a path of `root`: field names, `[]` for a list's items. For tests and diagnostics. */
export function atomAt(root: Atom, ...path: string[]): Atom | undefined {
  let atom: Atom | undefined = root;
  for (const step of path) {
    if (atom === undefined) return undefined;
    atom = step === '[]' ? atom.list?.element : atom.map?.fieldType(step);
  }
  return atom;
}

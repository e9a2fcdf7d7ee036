import { isJsonObject, openApiDocument, referencedSchemaName, schemaNameOf } from '../../api/openapi/openapi-documents.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { PatchField, PatchSchema } from './strategic-merge-patch.js';


const cache = new Map<ResourceInfo, PatchSchema | undefined>();

/** Strategic-merge-patch metadata of a kind, read from its OpenAPI schema. */
export function patchSchemaOf(info: ResourceInfo): PatchSchema | undefined {
  if (!cache.has(info)) cache.set(info, buildPatchSchema(info));
  return cache.get(info);
}

function buildPatchSchema(info: ResourceInfo): PatchSchema | undefined {
  const schemas = openApiDocument(info.group, info.version)?.components.schemas;
  if (schemas === undefined) return undefined;
  const nodes = new Map<string, PatchSchema>();
  const nodeOf = (name: string | undefined): PatchSchema | undefined => {
    if (name === undefined) return undefined;
    const schema = schemas[name];
    if (schema === undefined) return undefined;
    let node = nodes.get(name);
    if (node !== undefined) return node;
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    const fields = new Map<string, PatchField | undefined>();
    node = {
      property(property) {
        if (fields.has(property)) return fields.get(property);
        const definition = properties[property];
        let field: PatchField | undefined;
        if (isJsonObject(definition)) {
          const target = definition.type === 'array' ? definition.items : isJsonObject(definition.additionalProperties) ? definition.additionalProperties : definition;
          const strategy = definition['x-kubernetes-patch-strategy'];
          const mergeKey = definition['x-kubernetes-patch-merge-key'];
          field = {
            schema: nodeOf(referencedSchemaName(target)),
            strategy: typeof strategy === 'string' ? strategy.split(',') : [],
            mergeKey: typeof mergeKey === 'string' ? mergeKey : undefined,
          };
        }
        fields.set(property, field);
        return field;
      },
    };
    nodes.set(name, node);
    return node;
  };
  return nodeOf(schemaNameOf(info.group, info.version, info.kind));
}

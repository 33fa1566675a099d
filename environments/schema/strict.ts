/**
 * Strictness for every object of a schema, applied once to the whole tree: a key no schema declares is an error
 * naming the key and the closest declared one. `cdktf synth/diff/deploy` do not type-check, so a misspelled
 * optional key (`diskSizeGb` for `diskSizeGiB`) would otherwise be dropped silently and its default deployed.
 * Objects declared `.passthrough()` on purpose keep their extra keys.
 */
import { z } from 'zod';
import { suggestion } from '../../lib/did-you-mean';

/** Validates one key no schema declares: always an issue at that key's path. */
function unknownKey(known: readonly string[]): z.ZodTypeAny {
  return z.unknown().superRefine((_value, ctx) => {
    const key = String(ctx.path[ctx.path.length - 1]);
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `unknown key; ${suggestion(key, known)}`, params: { unknownKey: true } });
  });
}

const cache = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>();

/** The same schema with every plain object rejecting unknown keys (recursively, through wrappers and effects). */
export function strictDeep<T extends z.ZodTypeAny>(schema: T): T {
  const hit = cache.get(schema);
  if (hit) return hit as T;
  const result = rebuild(schema);
  cache.set(schema, result);
  return result as T;
}

function rebuild(schema: z.ZodTypeAny): z.ZodTypeAny {
  const def = schema._def;
  const Same = schema.constructor as new (d: unknown) => z.ZodTypeAny;
  if (schema instanceof z.ZodObject) {
    const shape = Object.fromEntries(Object.entries(schema.shape as z.ZodRawShape).map(([k, v]) => [k, strictDeep(v)]));
    const open = def.unknownKeys === 'passthrough' || !(def.catchall instanceof z.ZodNever);
    return new Same({ ...def, shape: () => shape, ...(open ? {} : { catchall: unknownKey(Object.keys(shape)) }) });
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return z.discriminatedUnion(def.discriminator, def.options.map((o: z.ZodTypeAny) => strictDeep(o)), def);
  }
  if (schema instanceof z.ZodEffects) return new Same({ ...def, schema: strictDeep(def.schema) });
  if (schema instanceof z.ZodPipeline) return new Same({ ...def, in: strictDeep(def.in), out: strictDeep(def.out) });
  if (schema instanceof z.ZodArray) return new Same({ ...def, type: strictDeep(def.type) });
  if (schema instanceof z.ZodRecord) return new Same({ ...def, valueType: strictDeep(def.valueType) });
  if (schema instanceof z.ZodUnion) return new Same({ ...def, options: def.options.map((o: z.ZodTypeAny) => strictDeep(o)) });
  if (schema instanceof z.ZodIntersection) return new Same({ ...def, left: strictDeep(def.left), right: strictDeep(def.right) });
  if (schema instanceof z.ZodTuple) return new Same({ ...def, items: def.items.map((o: z.ZodTypeAny) => strictDeep(o)) });
  if ('innerType' in def) return new Same({ ...def, innerType: strictDeep(def.innerType as z.ZodTypeAny) });
  return schema;
}

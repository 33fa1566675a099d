/** Policy rules over synthesized Terraform JSON, each named after the checkov/trivy check it mirrors. */
import { references, type SynthResource, type SynthStack } from '../support/synth';

export interface Violation {
  /** Terraform address of the offending resource. */
  readonly address: string;
  readonly message: string;
}

export interface PolicyRule {
  /** checkov id (or a custom id where none exists), e.g. `CKV_AWS_7`. */
  readonly id: string;
  /** The trivy/CIS equivalent, e.g. `AVD-AWS-0065`. */
  readonly mirrors?: string;
  readonly title: string;
  /** `platform`: every stack of the app, for rules that follow cross-stack references. @default [stack] */
  evaluate(stack: SynthStack, platform?: readonly SynthStack[]): Violation[];
}

/** A single-resource ("Py") rule: `check` returns a message when the resource fails. */
export function resourceRule(
  id: string,
  title: string,
  types: readonly string[],
  check: (resource: SynthResource, stack: SynthStack) => string | undefined,
  mirrors?: string,
): PolicyRule {
  return {
    id,
    title,
    mirrors,
    evaluate: (stack) => stack.resources(...types).flatMap((resource) => {
      const message = check(resource, stack);
      return message ? [{ address: resource.address, message }] : [];
    }),
  };
}

/** A graph ("G") rule: every resource of `type` needs a related resource satisfying `accept`. */
export function relatedRule(
  id: string,
  title: string,
  type: string,
  relatedTypes: readonly string[],
  accept: (related: SynthResource) => boolean,
  missing: string,
  mirrors?: string,
  /** Only count references made through this attribute (e.g. `bucket`), as checkov's connections do. */
  via?: string,
): PolicyRule {
  const linked = (related: SynthResource, address: string) => !via || references(related.attrs[via]).includes(address);
  return {
    id,
    title,
    mirrors,
    evaluate: (stack) => stack.resources(type).flatMap((resource) =>
      stack.referencing(resource.address, ...relatedTypes).some((r) => linked(r, resource.address) && accept(r))
        ? [] : [{ address: resource.address, message: missing }]),
  };
}

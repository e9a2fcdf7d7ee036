import { validateAnnotations, validateLabels } from '../../../api/labels-validation.js';
import type { ObjectReader } from './object-reader.js';
import { checkPodSpec, type PodSpecOptions } from './pod-spec-validation.js';

/**
 * Upstream's ValidatePodTemplateSpec. As upstream, label and annotation problems are
 * reported at `<template>.labels`, not `<template>.metadata.labels`.
 */
export function checkPodTemplate(template: ObjectReader, options: Omit<PodSpecOptions, 'isPod'> = {}): void {
  const { problems } = template;
  const metadata = template.struct('metadata');
  problems.add(...validateLabels(metadata.raw('labels'), template.at('labels')));
  problems.add(...validateAnnotations(metadata.raw('annotations'), template.at('annotations')));
  const spec = template.struct('spec');
  checkPodSpec(spec, { ...options, isPod: false });
  if (spec.list('ephemeralContainers').length > 0) problems.forbidden(spec.at('ephemeralContainers'), 'ephemeral containers not allowed in pod template');
}

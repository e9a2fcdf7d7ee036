import type { ControllerSpec } from '../controllers/runtime/controller-spec.js';

/** Every controller `tug server` runs, in start order. */
export function allControllers(): ControllerSpec[] {
  return [];
}

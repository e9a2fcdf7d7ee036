import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Mount } from '../runtime/container-runtime.js';
import type { PodContainer, PreparedVolume } from './pod-volumes.js';

const PROPAGATION: Readonly<Record<string, Mount['propagation']>> = {
  None: 'private',
  HostToContainer: 'hostToContainer',
  Bidirectional: 'bidirectional',
};

/**
 * A container's runtime mounts from its volumeMounts, as the kubelet's makeMounts:
 * read-only when the mount asks or the volume is always read-only, `subPath` (or
 * `subPathExpr` with `$(VAR)` from the container's literal env values) resolved inside
 * the volume and created as a directory when missing. A subPath is bound to the file
 * it names at container start, so it does not follow later configMap/secret updates.
 */
export function volumeMountsFor(container: PodContainer, volumes: ReadonlyMap<string, PreparedVolume>): Mount[] {
  return (container.volumeMounts ?? []).map((mount) => {
    const volume = volumes.get(mount.name);
    if (volume === undefined) throw new Error(`cannot find volume "${mount.name}" to mount into container "${container.name}"`);
    const subPath = mount.subPathExpr !== undefined && mount.subPathExpr !== '' ? expand(mount.subPathExpr, container) : (mount.subPath ?? '');
    const propagation = mount.mountPropagation === undefined ? undefined : PROPAGATION[mount.mountPropagation];
    if (mount.mountPropagation !== undefined && propagation === undefined) {
      throw new Error(`invalid mountPropagation ${mount.mountPropagation} for volume "${mount.name}"`);
    }
    return {
      containerPath: mount.mountPath,
      hostPath: subPath === '' ? volume.hostPath : subPathOf(volume.hostPath, subPath),
      readonly: mount.readOnly === true || volume.readOnly,
      ...(propagation === undefined ? {} : { propagation }),
    };
  });
}

function subPathOf(volumePath: string, subPath: string): string {
  if (isAbsolute(subPath) || subPath.split('/').includes('..')) {
    throw new Error(`subPath "${subPath}" must be a relative path without '..'`);
  }
  const wanted = join(volumePath, subPath);
  if (!existsSync(wanted)) mkdirSync(wanted, { recursive: true, mode: 0o750 });
  // Resolving symlinks pins configMap/secret keys to their current file, and catches
  // links that lead out of the volume.
  const root = realpathSync(volumePath);
  const resolved = realpathSync(wanted);
  const inside = relative(root, resolved);
  if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw new Error(`subpath "${resolved}" not within volume path "${root}"`);
  }
  return resolved;
}

/** Kubernetes' $(VAR) expansion: `$$` escapes, unknown references stay as written. */
function expand(text: string, container: PodContainer): string {
  const env = new Map((container.env ?? []).flatMap((variable) => (variable.value === undefined ? [] : [[variable.name, variable.value] as const])));
  return text.replace(/\$\$|\$\(([^)]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return env.get(name ?? '') ?? match;
  });
}

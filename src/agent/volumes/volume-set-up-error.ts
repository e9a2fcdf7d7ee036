import { errorMessage, TugError } from '../../util/errors.js';

/** A volume that could not be set up; the message is the kubelet's FailedMount event text. */
export class VolumeSetUpError extends TugError {
  readonly code = 'FailedMount';
  readonly volumeName: string;

  constructor(volumeName: string, cause: unknown) {
    super(`MountVolume.SetUp failed for volume "${volumeName}" : ${errorMessage(cause)}`, { cause });
    this.volumeName = volumeName;
  }
}

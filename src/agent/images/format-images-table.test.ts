import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatImagesTable, humanSize } from './format-images-table.js';

describe('formatImagesTable', () => {
  it('prints one row per tag with a short id and a human size, like crictl images', () => {
    const table = formatImagesTable([
      { id: `sha256:${'b'.repeat(64)}`, repoTags: ['tugboat.local/pause:1'], repoDigests: [], sizeBytes: 1_056_825 },
      {
        id: `sha256:${'a'.repeat(64)}`,
        repoTags: ['127.0.0.1:5000/tugboat/httpd:1', '127.0.0.1:5000/tugboat/httpd:latest'],
        repoDigests: [],
        sizeBytes: 999,
      },
      { id: `sha256:${'c'.repeat(64)}`, repoTags: [], repoDigests: [`quay.io/org/app@sha256:${'d'.repeat(64)}`], sizeBytes: 12_345_678 },
    ]);
    assert.equal(table, [
      'REPOSITORY                     TAG      IMAGE ID        SIZE',
      '127.0.0.1:5000/tugboat/httpd   1        aaaaaaaaaaaaa   999B',
      '127.0.0.1:5000/tugboat/httpd   latest   aaaaaaaaaaaaa   999B',
      'quay.io/org/app                <none>   ccccccccccccc   12.3MB',
      'tugboat.local/pause            1        bbbbbbbbbbbbb   1.06MB',
      '',
    ].join('\n'));
  });

  it('prints only the header when there are no images', () => {
    assert.equal(formatImagesTable([]), 'REPOSITORY   TAG   IMAGE ID   SIZE\n');
  });

  it('rounds sizes to three significant digits in decimal units', () => {
    assert.deepEqual([0, 1000, 1_500_000, 742_123].map(humanSize), ['0B', '1kB', '1.5MB', '742kB']);
  });
});

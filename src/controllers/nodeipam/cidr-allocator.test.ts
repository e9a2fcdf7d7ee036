import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CidrAllocator } from './cidr-allocator.js';

describe('CidrAllocator', () => {
  it('hands out the /24s of the cluster CIDR lowest first, skipping ones in use', () => {
    const allocator = new CidrAllocator('10.42.0.0/16');
    allocator.occupy('10.42.1.0/24');
    assert.equal(allocator.allocate(), '10.42.0.0/24');
    assert.equal(allocator.allocate(), '10.42.2.0/24');
    allocator.release('10.42.0.0/24');
    assert.equal(allocator.allocate(), '10.42.0.0/24');
  });

  it('runs out after the last subnet', () => {
    const allocator = new CidrAllocator('10.42.0.0/23');
    assert.equal(allocator.allocate(), '10.42.0.0/24');
    assert.equal(allocator.allocate(), '10.42.1.0/24');
    assert.equal(allocator.allocate(), undefined);
  });
});

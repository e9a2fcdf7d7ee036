import { describeStorageConformance } from '../conformance/storage-conformance.js';
import { MemoryStorage } from './memory-storage.js';

describeStorageConformance('memory', { open: async () => new MemoryStorage() });

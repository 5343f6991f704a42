import { BackendUnavailableError } from '../errors.js';
import { registerGpuFactory } from './registry.js';

// Placeholder until the gpu.js backend lands (its own issue): asking for it fails loudly.
registerGpuFactory(async () => {
  throw new BackendUnavailableError('gpu', 'the gpu.js backend is not implemented yet');
});

export { encodeSafetensors, decodeSafetensors, entryOf, MAX_HEADER_BYTES } from './safetensors.js';
export type { SafetensorsDType, SafetensorsEntry, SafetensorsFile } from './safetensors.js';
export { writeAtomic } from './atomic.js';
export {
  saveCheckpoint,
  loadCheckpoint,
  restoreInto,
  restoreFromConfig,
  buildFromManifest,
  saveModel,
  loadModel,
  sha256Hex,
  WEIGHTS_FILE,
  MANIFEST_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
} from './checkpoint.js';
export type {
  CheckpointManifest,
  CheckpointInput,
  LoadedCheckpoint,
  ModelResolver,
  ModelManifestInput,
  TensorInfo,
  Json,
} from './checkpoint.js';

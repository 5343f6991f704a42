export { encodeSafetensors, decodeSafetensors, entryOf, MAX_HEADER_BYTES } from './safetensors.js';
export type { SafetensorsDType, SafetensorsEntry, SafetensorsFile } from './safetensors.js';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  modelFromCheckpoint,
  restoreInto,
  restoreFromConfig,
  buildFromManifest,
  sha256Hex,
  WEIGHTS_FILE,
  MANIFEST_FILE,
  CHECKPOINT_FORMAT,
  CHECKPOINT_FORMAT_VERSION,
} from './checkpoint-format.js';
export type {
  CheckpointManifest,
  CheckpointInput,
  CheckpointFiles,
  EncodedCheckpoint,
  LoadedCheckpoint,
  ModelResolver,
  ModelManifestInput,
  TensorInfo,
  Json,
} from './checkpoint-format.js';

/**
 * Every error the library throws on bad input is one of these, so callers can
 * branch on the class and read the structured fields instead of parsing text.
 */
export class AncfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Tensor shapes or dtypes that do not fit the operation. */
export class ShapeError extends AncfError {}

/** An argument outside its allowed range or of the wrong kind. */
export class ArgumentError extends AncfError {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
  }
}

/** A malformed input file: names the file, the 1-based line and the offending text. */
export class DataFormatError extends AncfError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly text: string,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason} (got ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text)})`);
  }
}

/** An id (user or item) the model or id map has never seen. */
export class UnknownIdError extends AncfError {
  constructor(
    readonly kind: 'user' | 'item',
    readonly id: string | number,
  ) {
    super(`unknown ${kind} id ${JSON.stringify(id)}`);
  }
}

/** A requested backend (or gpu.js mode) that cannot run here, with the reason. */
export class BackendUnavailableError extends AncfError {
  constructor(
    readonly backend: string,
    readonly reason: string,
  ) {
    super(`backend ${backend} is unavailable: ${reason}`);
  }
}

/** A checkpoint that fails validation: names the file and what did not match. */
export class CheckpointError extends AncfError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** A data source that yielded no usable rows (after skipping bad lines or filtering). */
export class EmptyDataError extends AncfError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** A downloaded or cached file whose digest differs from the expected one. */
export class ChecksumError extends AncfError {
  constructor(
    readonly file: string,
    readonly algorithm: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${file}: ${algorithm} checksum mismatch: expected ${expected}, got ${actual}`);
  }
}

/** A download that failed (HTTP status, network error, or an archive that is not what was expected). */
export class DownloadError extends AncfError {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** A layer or loss used out of order: `backward` before any `forward`, or a gradient whose shape does not match the cached forward. */
export class LayerStateError extends AncfError {
  constructor(
    readonly layer: string,
    readonly reason: string,
  ) {
    super(`${layer}: ${reason}`);
  }
}

/** An operation the given model cannot perform (e.g. similar items for a model without item embeddings). */
export class UnsupportedOperationError extends AncfError {
  constructor(
    readonly operation: string,
    readonly model: string,
    readonly reason: string,
  ) {
    super(`${operation} is not supported by model ${model}: ${reason}`);
  }
}

/** A data file that cannot be opened or read (missing, a folder, no permission): names the file. */
export class DataFileError extends AncfError {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

/** An error of the operating system about a file (ENOSPC, EACCES, …), as Node reports it. */
export type FileSystemError = Error & { readonly code: string; readonly path?: string; readonly syscall?: string };

export function isFileSystemError(error: unknown): error is FileSystemError {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

const EXPLANATIONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the device',
};

/** `no space left on the device (ENOSPC) writing /runs/x/summary.json`: a file-system error for people. */
export function describeFileSystemError(error: FileSystemError, path = error.path): string {
  const explanation = EXPLANATIONS[error.code] ?? error.message;
  const verb = error.syscall === 'open' || error.syscall === 'write' || error.syscall === 'rename' || error.syscall === 'mkdir' ? 'writing' : 'accessing';
  return `${explanation} (${error.code})${path ? ` ${verb} ${path}` : ''}`;
}

/**
 * Writing a run's outputs failed (full disk, permissions, a removed folder). The files written
 * before stay; temporary files are removed. The CLI exits 1 with this message, no stack trace.
 */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  constructor(
    readonly path: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  static of(error: unknown, path: string): OutputError | unknown {
    if (error instanceof OutputError || !isFileSystemError(error)) return error;
    return new OutputError(path, error.code, `cannot write the output: ${describeFileSystemError(error, path)}`);
  }
}

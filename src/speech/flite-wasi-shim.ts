/**
 * Just enough WASI (preview1) to run flite.wasm as a command, entirely in memory.
 *
 * Why not node:wasi: it is experimental on Node 20 (prints an ExperimentalWarning), it can only
 * write through a real preopened directory (temp files to create and clean up per worker), and
 * in tests Node aborted the process after ~10 un-collected node:wasi instances. This shim
 * implements the 13 imports flite.wasm declares; files it creates under the preopened
 * directory live in a Map, so audio never touches the disk. Anything else (reading files,
 * other directories) fails with the WASI error flite would get from a sandbox.
 *
 * TypeScript's configured libs do not include the WebAssembly namespace, so the few parts used
 * here are typed locally below.
 */

/** The slice of the WebAssembly JS API this module uses. */
export interface WasmModule {
  readonly __wasmModule?: never;
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Module: abstract new (...args: never[]) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export function compileWasm(bytes: Uint8Array): Promise<WasmModule> {
  return wasmApi.compile(bytes);
}

/** For values that crossed a thread boundary (a compiled module can be posted to workers). */
export function isWasmModule(value: unknown): value is WasmModule {
  return value instanceof wasmApi.Module;
}

// WASI errno values (wasi_snapshot_preview1).
const SUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOENT = 44;
const ESPIPE = 70;
// File types for fdstat.
const FILETYPE_CHARACTER_DEVICE = 2;
const FILETYPE_DIRECTORY = 3;
const FILETYPE_REGULAR_FILE = 4;
const OFLAGS_CREAT = 1;
const OFLAGS_TRUNC = 8;
const PREOPEN_FD = 3;

class ProcExit {
  constructor(readonly code: number) {}
}

interface OpenFile {
  path: string;
  data: Uint8Array;
  length: number;
  position: number;
}

export interface WasiRunResult {
  exitCode: number;
  /** Files the program created under the preopened directory, by path relative to it. */
  files: Map<string, Uint8Array>;
  stdout: string;
  stderr: string;
}

/**
 * Instantiates `module` afresh (a WASI command's memory is single-use) and runs `_start` with
 * `args` (args[0] is the program name). `preopenDir` (e.g. "/out") is the one directory the
 * program may create files in.
 */
export function runWasiCommand(
  module: WasmModule,
  args: readonly string[],
  preopenDir: string,
): WasiRunResult {
  const encoder = new TextEncoder();
  const argBytes = args.map((a) => encoder.encode(`${a}\0`));
  const preopenName = encoder.encode(preopenDir);
  const open = new Map<number, OpenFile>();
  const closed = new Map<string, Uint8Array>();
  const output: Record<1 | 2, string[]> = { 1: [], 2: [] };
  let nextFd = PREOPEN_FD + 1;
  let memory: WasmMemory | null = null;

  const view = (): DataView => new DataView(memory!.buffer);
  const bytes = (ptr: number, length: number): Uint8Array =>
    new Uint8Array(memory!.buffer, ptr, length);
  /** Calls `each(ptr, len)` for every buffer of an iovec array, returns the total length. */
  const forEachIovec = (
    iovs: number,
    count: number,
    each: (ptr: number, len: number) => void,
  ): number => {
    const dv = view();
    let total = 0;
    for (let i = 0; i < count; i++) {
      const ptr = dv.getUint32(iovs + 8 * i, true);
      const len = dv.getUint32(iovs + 8 * i + 4, true);
      each(ptr, len);
      total += len;
    }
    return total;
  };

  const wasi = {
    args_sizes_get(argcPtr: number, bufSizePtr: number): number {
      view().setUint32(argcPtr, argBytes.length, true);
      view().setUint32(
        bufSizePtr,
        argBytes.reduce((sum, b) => sum + b.length, 0),
        true,
      );
      return SUCCESS;
    },
    args_get(argvPtr: number, bufPtr: number): number {
      let at = bufPtr;
      argBytes.forEach((b, i) => {
        view().setUint32(argvPtr + 4 * i, at, true);
        bytes(at, b.length).set(b);
        at += b.length;
      });
      return SUCCESS;
    },
    clock_time_get(clockId: number, _precision: bigint, timePtr: number): number {
      const ns = clockId === 0 ? BigInt(Date.now()) * 1_000_000n : process.hrtime.bigint();
      view().setBigUint64(timePtr, ns, true);
      return SUCCESS;
    },
    fd_close(fd: number): number {
      const file = open.get(fd);
      if (!file) return fd <= PREOPEN_FD ? SUCCESS : EBADF;
      closed.set(file.path, file.data.slice(0, file.length));
      open.delete(fd);
      return SUCCESS;
    },
    fd_fdstat_get(fd: number, statPtr: number): number {
      let type: number;
      if (fd <= 2) type = FILETYPE_CHARACTER_DEVICE;
      else if (fd === PREOPEN_FD) type = FILETYPE_DIRECTORY;
      else if (open.has(fd)) type = FILETYPE_REGULAR_FILE;
      else return EBADF;
      const dv = view();
      dv.setUint8(statPtr, type);
      dv.setUint16(statPtr + 2, 0, true); // fs_flags
      dv.setBigUint64(statPtr + 8, 0xffff_ffffn, true); // rights: everything
      dv.setBigUint64(statPtr + 16, 0xffff_ffffn, true);
      return SUCCESS;
    },
    fd_fdstat_set_flags(): number {
      return SUCCESS;
    },
    fd_prestat_get(fd: number, prestatPtr: number): number {
      if (fd !== PREOPEN_FD) return EBADF; // ends libc's scan of preopened directories
      view().setUint8(prestatPtr, 0); // tag: directory
      view().setUint32(prestatPtr + 4, preopenName.length, true);
      return SUCCESS;
    },
    fd_prestat_dir_name(fd: number, pathPtr: number, pathLen: number): number {
      if (fd !== PREOPEN_FD) return EBADF;
      bytes(pathPtr, Math.min(pathLen, preopenName.length)).set(preopenName.subarray(0, pathLen));
      return SUCCESS;
    },
    fd_read(fd: number, _iovs: number, _count: number, nreadPtr: number): number {
      if (fd !== 0) return EBADF;
      view().setUint32(nreadPtr, 0, true); // stdin is empty
      return SUCCESS;
    },
    fd_seek(fd: number, offset: bigint, whence: number, newOffsetPtr: number): number {
      const file = open.get(fd);
      if (!file) return fd <= 2 ? ESPIPE : EBADF;
      const base =
        whence === 0 ? 0 : whence === 1 ? file.position : whence === 2 ? file.length : -1;
      const position = base + Number(offset);
      if (base < 0 || position < 0) return EINVAL;
      file.position = position;
      view().setBigUint64(newOffsetPtr, BigInt(position), true);
      return SUCCESS;
    },
    fd_write(fd: number, iovs: number, count: number, nwrittenPtr: number): number {
      let written: number;
      if (fd === 1 || fd === 2) {
        written = forEachIovec(iovs, count, (ptr, len) =>
          output[fd].push(Buffer.from(bytes(ptr, len)).toString('utf8')),
        );
      } else {
        const file = open.get(fd);
        if (!file) return EBADF;
        written = forEachIovec(iovs, count, (ptr, len) => {
          const end = file.position + len;
          if (end > file.data.length) {
            const grown = new Uint8Array(Math.max(end, file.data.length * 2));
            grown.set(file.data.subarray(0, file.length));
            file.data = grown;
          }
          file.data.set(bytes(ptr, len), file.position);
          file.position = end;
          file.length = Math.max(file.length, end);
        });
      }
      view().setUint32(nwrittenPtr, written, true);
      return SUCCESS;
    },
    path_open(
      dirFd: number,
      _dirFlags: number,
      pathPtr: number,
      pathLen: number,
      oflags: number,
      _rightsBase: bigint,
      _rightsInheriting: bigint,
      _fdFlags: number,
      fdPtr: number,
    ): number {
      if (dirFd !== PREOPEN_FD) return EBADF;
      const path = Buffer.from(bytes(pathPtr, pathLen)).toString('utf8');
      const existing = closed.get(path);
      if (!(oflags & (OFLAGS_CREAT | OFLAGS_TRUNC)) && !existing) return ENOENT;
      const data = oflags & OFLAGS_TRUNC || !existing ? new Uint8Array(1 << 16) : existing.slice();
      const fd = nextFd++;
      open.set(fd, {
        path,
        data,
        length: oflags & OFLAGS_TRUNC || !existing ? 0 : existing.length,
        position: 0,
      });
      view().setUint32(fdPtr, fd, true);
      return SUCCESS;
    },
    proc_exit(code: number): never {
      throw new ProcExit(code);
    },
  };

  const instance = new wasmApi.Instance(module, { wasi_snapshot_preview1: wasi });
  const exportedMemory = instance.exports.memory;
  const start = instance.exports._start;
  if (!(exportedMemory instanceof wasmApi.Memory) || typeof start !== 'function')
    throw new Error('not a WASI command: the module must export "memory" and "_start"');
  memory = exportedMemory;
  let exitCode = 0;
  try {
    start();
  } catch (error) {
    if (!(error instanceof ProcExit)) throw error;
    exitCode = error.code;
  }
  // Files left open at exit still count (a program may exit without closing).
  for (const fd of [...open.keys()]) wasi.fd_close(fd);
  return { exitCode, files: closed, stdout: output[1].join(''), stderr: output[2].join('') };
}

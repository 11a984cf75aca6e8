/** Reading a WebAssembly module's import section, for the parser's loader (`satteri-wasm.ts`). */

/** The limits (in 64 KiB pages) the module declares for the memory it imports: a shared memory must match them. */
export function importedMemoryLimits(bytes: Uint8Array): { initial: number; maximum: number | undefined } {
  let at = 8;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++]!;
      result |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  const name = () => {
    const length = u32();
    at += length;
  };
  while (at < bytes.length) {
    const id = bytes[at++]!;
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let count = u32(); count > 0; count--) {
        name();
        name();
        const kind = bytes[at++]!;
        if (kind === 0) u32();
        else if (kind === 1) {
          at++;
          const flags = bytes[at++]!;
          u32();
          if (flags & 1) u32();
        } else if (kind === 2) {
          const flags = bytes[at++]!;
          const initial = u32();
          const maximum = flags & 1 ? u32() : undefined;
          return { initial, maximum };
        } else if (kind === 3) at += 2;
        else throw new Error(`satteri's WebAssembly: unknown import kind ${kind}`);
      }
    }
    at = end;
  }
  throw new Error("satteri's WebAssembly imports no memory");
}

/**
 * Runs a command and measures its wall time and the peak resident memory of
 * its whole process tree (the process and every descendant, summed), sampled
 * from /proc every 50 ms. Linux only; elsewhere the memory is reported as null.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Measured {
  code: number | null;
  /** Milliseconds from spawn to exit. */
  wallMs: number;
  /** Largest sum of VmRSS over the tree seen by the sampler, in bytes (null without /proc). */
  peakRssBytes: number | null;
  /**
   * CPU time (user + system) of the tree in ms, as of the last sample before exit (null without /proc).
   * Less sensitive than wall time to other work on the machine.
   */
  cpuMs: number | null;
  output: string;
}

const PROC = '/proc';

interface ProcInfo {
  ppid: number;
  /** utime + stime + cutime + cstime, in clock ticks: the process's CPU and that of the children it reaped. */
  ticks: number;
}

/** Parent pid and CPU ticks of every process, from /proc/<pid>/stat. */
function processes(): Map<number, ProcInfo> {
  const out = new Map<number, ProcInfo>();
  for (const name of readdirSync(PROC)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`${PROC}/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces: the fields after the last `)` are fixed
      // (state, ppid, …; utime, stime, cutime and cstime are fields 14 to 17 of the whole line).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
      out.set(Number(name), { ppid: Number(rest[1]), ticks });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return out;
}

/** `root` and all its descendants, with their CPU ticks. */
function tree(root: number): { pids: number[]; ticks: number } {
  const all = processes();
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of all) {
    let list = children.get(ppid);
    if (!list) children.set(ppid, (list = []));
    list.push(pid);
  }
  const pids: number[] = [];
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    pids.push(pid);
    ticks += all.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return { pids, ticks };
}

/** `root` and all its descendants. */
export function processTree(root: number): number[] {
  return tree(root).pids;
}

/** Resident set size of one process in bytes (0 when it is gone). */
function rss(pid: number): number {
  try {
    const status = readFileSync(`${PROC}/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

export function treeRss(root: number): number {
  return processTree(root).reduce((sum, pid) => sum + rss(pid), 0);
}

/** Linux's USER_HZ: /proc reports CPU time in hundredths of a second on every common platform. */
const TICKS_PER_SECOND = 100;

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Sampling interval in ms. */
  interval?: number;
  /** Called with each chunk of output (for progress). */
  onOutput?: (text: string) => void;
}

export function runMeasured(command: string, args: readonly string[], options: RunOptions): Promise<Measured> {
  const hasProc = existsSync(`${PROC}/self/status`);
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (d: Buffer) => {
      const text = String(d);
      output += text;
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let peak = 0;
    let ticks = 0;
    const sample = () => {
      if (child.pid === undefined || child.exitCode !== null) return;
      const t = tree(child.pid);
      peak = Math.max(
        peak,
        t.pids.reduce((sum, pid) => sum + rss(pid), 0),
      );
      ticks = Math.max(ticks, t.ticks);
    };
    const timer = hasProc ? setInterval(sample, options.interval ?? 50) : undefined;
    sample();
    child.once('error', (error) => {
      if (timer) clearInterval(timer);
      reject(error);
    });
    child.once('close', (code) => {
      if (timer) clearInterval(timer);
      resolvePromise({
        code,
        wallMs: performance.now() - started,
        peakRssBytes: hasProc ? peak : null,
        cpuMs: hasProc ? (ticks * 1000) / TICKS_PER_SECOND : null,
        output,
      });
    });
  });
}

/** Total size in bytes of the files under `dir` (0 when it does not exist). */
export function folderSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A free TCP port on the loopback interface (one implementation: scripts/shared/free-port.ts). */
export { freePort } from '../shared/free-port.ts';

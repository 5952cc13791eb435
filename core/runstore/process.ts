/**
 * Whether a process that recorded itself (a run, the warehouse lock, the
 * daemon's lease) is still that same process. A bare pid is not enough:
 * pids are reused, and after a container restart pid 1234 is often a
 * different program. So a holder also records its identity, the boot id and
 * the kernel's start time of the process (/proc/PID/stat field 22), and a
 * live pid with another identity is a stranger.
 *
 * @example
 * const me = processIdentity(process.pid);  // 'c0ffee…-boot:123456'
 * isProcessAlive(process.pid, me)           // true
 * isProcessAlive(process.pid, 'other:1')    // false: the pid was reused
 * isProcessAlive(2 ** 30)                   // false
 */
import fs from 'node:fs';

let bootId: string | null | undefined;

function readBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/**
 * `BOOT_ID:STARTTIME` of a live process, or null where /proc cannot tell
 * (not Linux, or the process is gone).
 */
export function processIdentity(pid: number): string | null {
  const boot = readBootId();
  if (!boot || !Number.isInteger(pid) || pid <= 0) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (the command) is in parentheses and may hold spaces: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTime = fields[22 - 3];
    return startTime ? `${boot}:${startTime}` : null;
  } catch {
    return null;
  }
}

/**
 * Whether `pid` names a live process on this machine and, when `identity`
 * was recorded, the same process that recorded it.
 */
export function isProcessAlive(pid: number, identity?: string | null): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check, nothing is sent
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!identity) return true;
  const current = processIdentity(pid);
  // Where /proc cannot tell, trust the pid as before.
  return current === null || current === identity;
}

const OWN_IDENTITY = processIdentity(process.pid);

/** The identity to record for a holder `pid` (this process's is read once). */
export function identityOf(pid: number): string | null {
  return pid === process.pid ? OWN_IDENTITY : processIdentity(pid);
}

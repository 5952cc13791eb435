/**
 * Whether a process id names a live process on this machine. Used to tell an
 * interrupted run or an abandoned lock from one still in progress.
 *
 * @example
 * isProcessAlive(process.pid) // true
 * isProcessAlive(2 ** 30)     // false
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0); // signal 0: existence check, nothing is sent
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

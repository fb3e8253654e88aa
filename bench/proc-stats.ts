/**
 * CPU read from /proc (Linux), for the benchmarks: a process's own, and the embedded PostgreSQL's (its postmaster
 * and every backend it started), so the database's work per request or per settlement can be printed beside the rest.
 */
import fs from "node:fs";
import path from "node:path";

/** USER_HZ on Linux: /proc's CPU times are in these ticks */
const TICKS = 100;

/** /proc/<pid>/stat's fields after the command name (state is [0], ppid [1], utime [11], stime [12], cutime [13]…) */
function statFields(pid: number | string): string[] {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** user + system CPU of a stat line, in seconds (utime, stime; with `withReaped`, its reaped children's too) */
function statCpuSeconds(fields: string[], withReaped = false): number {
  const reaped = withReaped ? Number(fields[13]) + Number(fields[14]) : 0;
  return (Number(fields[11]) + Number(fields[12]) + reaped) / TICKS;
}

/** CPU seconds a process has used so far (user + system). */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(statFields(pid));
}

/** The postmaster's pid of an embedded PostgreSQL started in `dataDir` (startEmbeddedPostgres keeps it in pg/). */
export function postmasterPidOf(dataDir: string): number {
  return Number(fs.readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
}

/** CPU seconds of a PostgreSQL: its postmaster and every process it started (the backends); 0 without one. */
export function databaseCpuSeconds(postmasterPid: number | null): number {
  if (postmasterPid === null) return 0;
  let total = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(entry);
      // the postmaster's own CPU and that of the backends it has reaped (cutime, cstime: a pool closes idle
      // connections, and their CPU would otherwise leave the sum), and its live children's
      if (Number(entry) === postmasterPid) total += statCpuSeconds(fields, true);
      else if (Number(fields[1]) === postmasterPid) total += statCpuSeconds(fields);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

import { createHash } from 'node:crypto';
import { inlineStatement, literal, noParameter, placeholdersIn, type Statement } from './inline-statement';

/**
 * Most of a read's database time was planning, not running: row-level security adds a dozen sub-selects
 * (one per session setting it reads) to every reference to a protected table, and planning each costs
 * about as much as a small query. A look-up spent ~4 ms planning and ~0.5 ms executing. So the reads sent
 * by ActorTransactions.readOnce are SQL-prepared once per pooled connection and then EXECUTEd with a
 * generic plan; the settings stay run-time values (the sub-selects are evaluated per execution), so one
 * plan serves every actor.
 */
export class PreparedReads {
  /** Statement names each pooled connection holds (connections are pg clients, kept as long as the pool keeps them). */
  private readonly byConnection = new WeakMap<object, Set<string>>();

  /** Bounds what one connection holds, in case a caller builds SQL text that varies per call. */
  static readonly MAX_PER_CONNECTION = 200;

  /**
   * The commands that run `statements` on `connection`, and per statement the index of the command whose
   * result is its rows. `preparing` are the names these commands prepare: confirm them once the commands
   * succeeded; if they failed, confirm those PostgreSQL lists as prepared (a failed message may have
   * prepared some before it stopped, and a rollback does not undo PREPARE), or forget the connection.
   */
  plan(connection: object, statements: readonly Statement[], firstIndex: number): { commands: string[]; resultAt: number[]; preparing: string[] } {
    const held = this.held(connection);
    const commands: string[] = [];
    const resultAt: number[] = [];
    const preparing: string[] = [];
    for (const statement of statements) {
      const { name, placeholders } = describe(statement.sql);
      const missing = placeholders.find((n) => n < 1 || n > statement.params.length);
      if (missing !== undefined) throw noParameter(missing, statement.params.length);
      let prepared = held.has(name) || preparing.includes(name);
      if (!prepared && held.size + preparing.length < PreparedReads.MAX_PER_CONNECTION) {
        commands.push(`PREPARE ${name} AS ${statement.sql}`);
        preparing.push(name);
        prepared = true;
      }
      resultAt.push(firstIndex + commands.length);
      commands.push(prepared ? execute(name, statement.params) : inlineStatement(statement));
    }
    return { commands, resultAt, preparing };
  }

  confirm(connection: object, names: readonly string[]): void {
    const held = this.held(connection);
    for (const name of names) held.add(name);
  }

  forget(connection: object): void {
    this.byConnection.delete(connection);
  }

  private held(connection: object): Set<string> {
    let held = this.byConnection.get(connection);
    if (!held) this.byConnection.set(connection, (held = new Set()));
    return held;
  }
}

/**
 * Name and placeholders of the SQL texts seen lately: hashing and scanning a look-up's ~4 KB of SQL on
 * every call showed in profiles. The name is determined by the text, so every connection and replica calls
 * the same statement the same.
 */
const described = new Map<string, { name: string; placeholders: number[] }>();

function describe(sql: string): { name: string; placeholders: number[] } {
  let found = described.get(sql);
  if (found === undefined) {
    found = { name: `cx_read_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`, placeholders: placeholdersIn(sql) };
    if (described.size >= 1000) described.clear();
    described.set(sql, found);
  }
  return found;
}

function execute(name: string, params: readonly unknown[]): string {
  return params.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${params.map((p, i) => literal(p, String(i + 1))).join(', ')})`;
}

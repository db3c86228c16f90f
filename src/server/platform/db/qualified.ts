import { type Column, getTableName, type SQL, sql } from "drizzle-orm";

/**
 * A column named with its table, for correlated subqueries in a select list: drizzle writes a column bare when the
 * outer query reads one table, and inside the subquery a bare "id" would name the subquery's own table.
 */
export function qualified(column: Column): SQL {
  return sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;
}
